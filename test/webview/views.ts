/**
 * Views of real captures, as the extension sends them: the model made by the core from a fixture,
 * the window made by the core's diagram, the connection choices and the words of the controls.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeBytes, type CaptureModel } from '../../src/core/analyze';
import {
  DEFAULT_DIAGRAM_LABELS,
  DEFAULT_DIAGRAM_PAGE_SIZE,
  diagramWindow,
  type DiagramWindow,
  type DiagramWindowRequest,
} from '../../src/core/diagram/diagramWindow';
import { endpointText } from '../../src/core/query';
import type { DiagramUiStrings, DiagramView } from '../../src/protocol';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

export function fixtureModel(relativePath: string): CaptureModel {
  const file = path.join(repoRoot, 'test', 'fixtures', relativePath);
  return analyzeBytes(readFileSync(file), path.basename(file));
}

export const STRINGS: DiagramUiStrings = {
  connection: 'Connection',
  allConnections: 'All connections',
  previousPage: 'Previous',
  nextPage: 'Next',
  page: 'Page {0} of {1}',
  jumpToCursor: 'Go to Cursor',
  fitToWidth: 'Fit to Width',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  export: 'Export…',
  copyMermaid: 'Copy Mermaid',
  rendering: 'Rendering…',
  stale: 'Outdated',
  noPackets: 'No packets in this window',
  renderFailed: 'The diagram could not be drawn:',
  keyboardHelp: 'Sequence diagram: arrow keys go from packet to packet',
};

/** The diagram window of a request, made by the core as the extension makes it. */
export function windowOf(model: CaptureModel, request: Partial<DiagramWindowRequest> = {}): DiagramWindow {
  return diagramWindow(model, {
    scope: request.scope ?? 'all',
    page: request.page ?? 0,
    pageSize: request.pageSize ?? DEFAULT_DIAGRAM_PAGE_SIZE,
    labels: request.labels ?? DEFAULT_DIAGRAM_LABELS,
  });
}

export function scopesOf(model: CaptureModel): DiagramView['scopes'] {
  return [
    { scope: 'all', label: `${STRINGS.allConnections} (${model.packetCount})` },
    ...model.connections.map((connection, index) => ({
      scope: index,
      label: `#${index} ${endpointText(connection.client)} → ${endpointText(connection.server)}`,
    })),
  ];
}

let versions = 1;
let viewIds = 1;

export function viewOf(model: CaptureModel, request: Partial<DiagramWindowRequest> = {}, extra: Partial<DiagramView> = {}): DiagramView {
  return {
    id: viewIds++,
    documentUri: `file:///captures/${model.fileName}`,
    documentVersion: versions++,
    title: model.fileName,
    window: windowOf(model, request),
    scopes: scopesOf(model),
    highlightPacket: null,
    stale: false,
    strings: STRINGS,
    ...extra,
  };
}

/**
 * Views of real captures, as the extension sends them: the model made by the core from a fixture,
 * the window made by the core's diagram, the connection choices and the words of the controls.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeBytes, type CaptureModel } from '../../src/core/analyze';
import type { DiagramScope, DiagramWindow, DiagramWindowRequest } from '../../src/core/diagram/diagramWindow';
import { DEFAULT_DIAGRAM_LABELS } from '../../src/core/diagram/diagramWindow';
import { buildMermaidDiagram } from '../../src/core/diagram/mermaid';
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
};

/** The diagram window of a request (the packets of the scope, one page of them). */
export function windowOf(model: CaptureModel, request: Partial<DiagramWindowRequest> = {}): DiagramWindow {
  const scope: DiagramScope = request.scope ?? 'all';
  const pageSize = request.pageSize ?? 200;
  const inScope: number[] = [];
  for (let i = 0; i < model.packetCount; i++) if (scope === 'all' || model.packets.conn[i] === scope) inScope.push(i);
  const pageCount = Math.max(1, Math.ceil(inScope.length / pageSize));
  const page = Math.min(pageCount - 1, Math.max(0, request.page ?? 0));
  const shown = inScope.slice(page * pageSize, (page + 1) * pageSize);
  const diagram = buildMermaidDiagram(model, {
    connection: scope === 'all' ? undefined : scope,
    fromFrame: shown.length ? model.packets.frame[shown[0]] : 0,
    toFrame: shown.length ? model.packets.frame[shown.at(-1) ?? 0] : 0,
    maxMessages: pageSize,
  });
  const lines = diagram.text.split('\n');
  const messagePackets = diagram.links.filter((link) => !/^\s*Note\b/.test(lines[link.diagramLine])).map((link) => link.packet);
  void DEFAULT_DIAGRAM_LABELS;
  return { text: diagram.text, messagePackets, scope, page, pageCount, pageSize, packetsInScope: inScope.length };
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

export function viewOf(model: CaptureModel, request: Partial<DiagramWindowRequest> = {}, extra: Partial<DiagramView> = {}): DiagramView {
  return {
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

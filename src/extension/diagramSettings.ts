/**
 * The sequence diagram's settings (`tcpLens.diagram.*`; the numbers follow `tcpLens.numbers`, as in
 * the hover). A value out of range or of the wrong type keeps the default.
 */
import * as vscode from 'vscode';
import { DEFAULT_DIAGRAM_PAGE_SIZE, MAX_DIAGRAM_PAGE_SIZE, type DiagramLabelOptions } from '../core/diagram/diagramWindow';
import type { DiagramExportTheme } from '../protocol';
import { numbersShown } from './packetExplanation';

export const DIAGRAM_SETTINGS_SECTION = 'tcpLens.diagram';
export const MIN_DIAGRAM_PAGE_SIZE = 10;

export interface DiagramSettings {
  readonly pageSize: number;
  readonly labels: DiagramLabelOptions;
  /** SVG and PNG exports: the light theme (for docs), or the theme VS Code shows. */
  readonly exportTheme: DiagramExportTheme;
}

export function diagramSettings(scope: vscode.ConfigurationScope | undefined): DiagramSettings {
  const configuration = vscode.workspace.getConfiguration(DIAGRAM_SETTINGS_SECTION, scope);
  const pageSize = configuration.get<unknown>('pageSize');
  return {
    pageSize:
      typeof pageSize === 'number' && Number.isInteger(pageSize) && pageSize >= MIN_DIAGRAM_PAGE_SIZE && pageSize <= MAX_DIAGRAM_PAGE_SIZE
        ? pageSize
        : DEFAULT_DIAGRAM_PAGE_SIZE,
    labels: {
      numbers: numbersShown(scope),
      window: configuration.get<unknown>('showWindow') === true,
      time: configuration.get<unknown>('showTime') === true,
    },
    exportTheme: configuration.get<unknown>('exportTheme') === 'current' ? 'current' : 'light',
  };
}

/** Whether a configuration change can change what a diagram shows. */
export function affectsDiagrams(change: vscode.ConfigurationChangeEvent): boolean {
  return change.affectsConfiguration(DIAGRAM_SETTINGS_SECTION) || change.affectsConfiguration('tcpLens.numbers');
}

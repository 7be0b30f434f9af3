// Helpers of the sequence diagram suites: the panel of a document and the renders its real webview reports.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DiagramView } from '../../src/protocol';
import type { DiagramPanel, DiagramRenderReport } from '../../src/extension/diagramPanel';
import type { TcpLensApi } from '../../src/extension/extension';
import { waitFor } from './helpers';
import { repositoryFile } from './viewSamples';

/** A render takes Mermaid a moment, longer the first time (the webview loads its script). */
export const RENDER_TIMEOUT_MS = 20_000;

/** Shows the diagram of a document through the command, as the editor title button does. */
export async function showDiagram(api: TcpLensApi, document: vscode.TextDocument, args: object = {}): Promise<DiagramPanel> {
  const shown = await vscode.commands.executeCommand<DiagramPanel | undefined>('tcpLens.showSequenceDiagram', { uri: document.uri.toString(), ...args });
  assert.ok(shown, 'the command opened no panel');
  assert.equal(api.diagrams.panelOf(document.uri), shown);
  return shown;
}

/**
 * The webview's report of having drawn the view the panel sent last (and that view), once `accept`
 * takes the view; fails when no such render comes.
 */
export async function renderOf(panel: DiagramPanel, description: string, accept: (view: DiagramView) => boolean = () => true): Promise<{ report: DiagramRenderReport; view: DiagramView }> {
  try {
    return await waitFor(
      `a render of ${description}`,
      () => {
        const report = panel.lastRendered;
        const view = panel.view;
        return report !== undefined && view !== undefined && report.view === view && accept(view) && { report, view };
      },
      RENDER_TIMEOUT_MS,
    );
  } catch (error) {
    const { view, lastRendered } = panel;
    const shown = (v: DiagramView | undefined) => v && `view ${v.id} (scope ${v.window.scope}, page ${v.window.page}, ${v.window.messagePackets.length} messages, highlight ${v.highlightPacket})`;
    throw new Error(
      `${(error as Error).message}; the panel shows ${shown(view) ?? 'nothing'}; the last render was of ${shown(lastRendered?.view) ?? 'nothing'}` +
        (panel.lastRenderFailure ? `; a render failed: ${panel.lastRenderFailure}` : ''),
    );
  }
}

/** The editor showing `document`. */
export function editorOf(document: vscode.TextDocument): vscode.TextEditor {
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
  assert.ok(editor, `no editor shows ${document.uri.toString()}`);
  return editor;
}

/** Puts the cursor on a 1-based line of the document. */
export function putCursorOn(editor: vscode.TextEditor, line: number): void {
  const position = new vscode.Position(line - 1, 0);
  editor.selection = new vscode.Selection(position, position);
}

/** Sets a `tcpLens.diagram.*` setting for the tests (undefined: back to the default). */
export async function setDiagramSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tcpLens.diagram').update(name, value, vscode.ConfigurationTarget.Global);
}

/** The hostile-names fixture (names that try to inject Mermaid, HTML and links), open as tcpdump. */
export async function openHostileNames(): Promise<vscode.TextDocument> {
  const document = await vscode.languages.setTextDocumentLanguage(
    await vscode.workspace.openTextDocument(repositoryFile('test/fixtures/text/hostile-names.txt')),
    'tcpdump',
  );
  await vscode.window.showTextDocument(document);
  return document;
}

/** What the panel's serializer gets back after a reload: the document, connection and page shown. */
import type { DiagramView, DiagramWebviewState, WebviewToExtensionMessage } from '../../src/protocol';

export interface VsCodeApi {
  postMessage(message: WebviewToExtensionMessage): void;
  getState(): unknown;
  setState(state: DiagramWebviewState): void;
}

export function stateOf(view: DiagramView): DiagramWebviewState {
  return { documentUri: view.documentUri, scope: view.window.scope, page: view.window.page };
}

/** Saves the state when it differs from the one saved. */
export function saveState(vscode: VsCodeApi, view: DiagramView): void {
  const state = stateOf(view);
  if (JSON.stringify(vscode.getState()) !== JSON.stringify(state)) vscode.setState(state);
}

/**
 * The diagram webview's entry point: finds the page's elements, then passes every message from the
 * extension that is well formed (the checks of src/protocol.ts) to the page, and says it is ready.
 */
import { extensionToWebviewMessageOf } from '../../src/protocol';
import { DiagramPage } from './diagramPage';
import type { VsCodeApi } from './state';

declare function acquireVsCodeApi(): VsCodeApi;

function required(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

const vscode = acquireVsCodeApi();
const page = new DiagramPage(vscode, {
  toolbar: required('toolbar'),
  viewport: required('viewport'),
  canvas: required('canvas'),
  notice: required('notice'),
  tooltip: required('tooltip'),
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const checked = extensionToWebviewMessageOf(event.data);
  if (checked.ok) page.receive(checked.value);
  else console.warn(`TCP Lens diagram: ignored a message: ${checked.reason}`);
});
vscode.postMessage({ type: 'ready' });

import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { DiagramUiStringKey } from '../../src/protocol';
import { renderOf, showDiagram } from './diagramHelpers';
import { workspaceFile } from './helpers';
import { TWO_INTERFACES_SAMPLE } from './viewSamples';
import { zhCnSession } from './zhCn';

/** The English words of the webview's controls, as src/extension/diagramScopes.ts names them. */
const ENGLISH: Readonly<Record<DiagramUiStringKey, string>> = {
  connection: 'Connection',
  allConnections: 'All connections',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  page: 'Page {0} of {1}',
  jumpToCursor: "Go to the cursor's packet",
  fitToWidth: 'Fit to width',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  export: 'Export…',
  copyMermaid: 'Copy Mermaid',
  rendering: 'Drawing the diagram…',
  stale: 'The document has changed: the diagram follows once it is analysed.',
  noPackets: 'No TCP packets in this document.',
  renderFailed: 'The diagram could not be drawn.',
  keyboardHelp:
    'Sequence diagram. Up and Down arrows: previous and next packet, its line selected in the editor; Home and End: first and last; Page Up and Page Down: previous and next page; plus and minus: zoom; 0: fit to width.',
};

// Runs with the display language zh-cn (scripts/runVscodeTests.mjs).
suite('the sequence diagram in Simplified Chinese', () => {
  const zh = zhCnSession();

  test('the webview\'s controls, the connection picker and the panel\'s title arrive translated', async () => {
    assert.equal(vscode.env.language, 'zh-cn');
    const document = await zh.api.openCaptureAsText(workspaceFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    const panel = await showDiagram(zh.api, document);
    const { view } = await renderOf(panel, 'the capture');
    for (const [key, english] of Object.entries(ENGLISH) as [DiagramUiStringKey, string][]) {
      assert.ok(zh.bundle[english], `no translation of ${english}`);
      assert.equal(view.strings[key], zh.bundle[english], key);
    }
    assert.equal(view.strings.previousPage, '上一页');
    assert.equal(view.scopes[0].label.startsWith(zh.bundle['All connections']), true, view.scopes[0].label);
    assert.match(view.scopes[1].label, /个数据包$/);
    assert.equal(panel.webviewPanel.title, `时序图：${TWO_INTERFACES_SAMPLE.name}`);
    // The diagram's own words (participants, frames, notes) are the core's, translated here too.
    assert.ok(view.window.text.includes('（客户端）'), view.window.text);
    assert.ok(!view.window.text.includes('(client)'), view.window.text);
  });
});

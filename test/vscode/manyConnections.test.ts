import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { writeSyntheticPcap } from '../../scripts/bench/generate.mjs';
import { packetAtLine } from '../../src/core/query';
import { CONNECTIONS_VIEW_ID, PAGE_SIZE, type ConnectionsTreeNode } from '../../src/extension/connectionsTree';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors, waitFor } from './helpers';

const CONNECTIONS = 100_000;
/** The bench generator's shortest connection: handshake, one exchange, four-way close. */
const PACKETS_PER_CONNECTION = 7;

function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : label?.label ?? '';
}

suite('the TCP Connections view with 100k connections', () => {
  let api: TcpLensApi;
  let dir: string;
  let document: vscode.TextDocument;
  suiteSetup(async function () {
    this.timeout(300_000);
    api = await activateTcpLens();
    dir = mkdtempSync(join(tmpdir(), 'tcp-lens-connections-'));
    const path = join(dir, 'many-connections.pcap');
    writeSyntheticPcap(path, { packets: CONNECTIONS * PACKETS_PER_CONNECTION, connections: CONNECTIONS, open: 1000 });
    const opened = await api.openCaptureAsText(vscode.Uri.file(path));
    assert.ok(opened, 'the capture did not open');
    document = opened;
    await api.connectionsTree.show(document);
    await waitFor('the view to show the capture', () => api.connectionsTree.model?.connections.length === CONNECTIONS);
  });
  suiteTeardown(async () => {
    await closeAllEditors();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the root holds only pages; a page\'s children are made when it is opened, a connection\'s when it is', async () => {
    const tree = api.connectionsTree;
    const root = tree.getChildren();
    assert.equal(root.length, CONNECTIONS / PAGE_SIZE);
    assert.ok(root.every((node) => node.kind === 'page' && tree.getTreeItem(node).collapsibleState === vscode.TreeItemCollapsibleState.Collapsed));
    assert.equal(labelOf(tree.getTreeItem(root.at(-1)!)), `Connections #${CONNECTIONS - PAGE_SIZE}–#${CONNECTIONS - 1}`);
    const lastPage = tree.getChildren(root.at(-1)!);
    assert.equal(lastPage.length, PAGE_SIZE);
    const last = lastPage.at(-1)!;
    assert.deepEqual(last, { kind: 'connection', connection: CONNECTIONS - 1 });
    assert.equal(tree.getTreeItem(last).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const details = tree.getChildren(last).map((node) => tree.getTreeItem(node));
    assert.ok(details.some((item) => labelOf(item) === 'Zeek conn_state SF'), details.map(labelOf).join(' | '));
  });

  test('scrolls to a connection deep in the list: the view selects it, the editor shows its first packet', async () => {
    const tree = api.connectionsTree;
    await vscode.commands.executeCommand(`${CONNECTIONS_VIEW_ID}.focus`);
    for (const connection of [CONNECTIONS - 1, 54_321, 7]) {
      assert.equal(await tree.revealConnection({ uri: document.uri.toString(), connection }), true);
      const selected: readonly ConnectionsTreeNode[] = tree.treeView.selection;
      assert.deepEqual(selected, [{ kind: 'connection', connection }]);
      const model = tree.model!;
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor && editor.document === document);
      // The line under the cursor is the connection's first packet (a SYN), on whatever page shows it.
      const shownModel = await api.modelCache.currentModel(document);
      assert.ok(shownModel);
      const packet = packetAtLine(shownModel, editor.selection.active.line + 1);
      assert.equal(packet, model.connections[connection].firstIndex);
    }
  });
});

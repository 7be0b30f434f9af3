import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { CONNECTIONS_VIEW_ID, FOLLOW_CURSOR_DELAY_MS, PAGE_SIZE, type ConnectionsTreeNode } from '../../src/extension/connectionsTree';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors, sleep, waitFor } from './helpers';
import { CLOSE_WAIT_SAMPLE, manyConnectionsText, openNewCapture, sampleFile, TWO_INTERFACES_SAMPLE } from './viewSamples';

/** tcpdump output without -n whose service names are Markdown and HTML. */
const HOSTILE_NAMES = [
  '12:00:00.000001 IP client.example.[x](evil) > server.example.http: Flags [S], seq 100, win 64240, length 0',
  '12:00:00.000201 IP server.example.http > client.example.[x](evil): Flags [S.], seq 700, ack 101, win 65160, length 0',
  '12:00:01.000001 IP __init__.example.<img/src=x/onerror=alert(1)> > _emph_.example.**bold**: Flags [S], seq 200, win 64240, length 0',
  '12:00:03.000001 IP mail.example.[x](command%3Aevil) > www.evil.example.<script>alert(1)</script>: Flags [S], seq 400, win 64240, length 0',
].join('\n') + '\n';

function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : label?.label ?? '';
}

suite('TCP Connections view', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(closeAllEditors);

  async function shownModel(document: vscode.TextDocument) {
    const tree = api.connectionsTree;
    await waitFor('the view to show the document', () => tree.document === document && tree.model !== undefined);
    const model = tree.model;
    assert.ok(model);
    assert.equal(model.internalError, undefined);
    return model;
  }

  test('follows the active editor: the connections of the capture it shows, findings first', async () => {
    const tree = api.connectionsTree;
    const closeWait = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name)));
    await shownModel(closeWait.document);
    const root = tree.getChildren();
    assert.deepEqual(root.map((node) => node.kind), ['findings', 'connection']);
    const findings = tree.getChildren(root[0]);
    assert.ok(findings.length >= 1);
    const findingItems = findings.map((node) => tree.getTreeItem(node));
    assert.ok(findingItems.some((item) => item.description === 'close-wait' && /CLOSE_WAIT/.test(labelOf(item))));

    const connection = tree.getTreeItem(root[1]);
    assert.equal(labelOf(connection), CLOSE_WAIT_SAMPLE.connection);
    // The kernel's socket table: the client in FIN_WAIT_2, the server in CLOSE_WAIT.
    assert.equal(connection.description, `FIN_WAIT_2 / CLOSE_WAIT · S2 · ${CLOSE_WAIT_SAMPLE.packets} packets`);
    assert.equal(connection.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const details = tree.getChildren(root[1]).map((node) => tree.getTreeItem(node));
    const phases = details.filter((item) => item.command?.command === 'tcpLens.revealLines').slice(0, 3);
    assert.deepEqual(
      phases.map((item) => item.command?.arguments?.[0]),
      [CLOSE_WAIT_SAMPLE.handshake, CLOSE_WAIT_SAMPLE.data, CLOSE_WAIT_SAMPLE.close].map((lines) => ({ uri: closeWait.document.uri.toString(), ...lines })),
    );
    assert.ok(details.some((item) => labelOf(item) === 'Zeek conn_state S2'));
    const tooltip = tree.resolveTreeItem(connection, root[1]).tooltip;
    assert.equal(typeof tooltip, 'string', 'a tooltip with names from the capture must be plain text');
    assert.match(String(tooltip), /FIN_WAIT_2/);

    const pcapng = await api.openCaptureAsText(sampleFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(pcapng);
    await shownModel(pcapng);
    assert.deepEqual(
      tree.getChildren().map((node) => labelOf(tree.getTreeItem(node))),
      TWO_INTERFACES_SAMPLE.connections.map((connection) => connection.name),
    );
    assert.equal(tree.treeView.description, `${TWO_INTERFACES_SAMPLE.name}.tcpdump`);

    // Back to the first capture's editor: the view follows.
    await vscode.window.showTextDocument(closeWait.document);
    await shownModel(closeWait.document);
  });

  test('clicking a connection selects its first packet line in the editor', async () => {
    const document = await api.openCaptureAsText(sampleFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    const tree = api.connectionsTree;
    await shownModel(document);
    const second = tree.getChildren()[1];
    const command = tree.getTreeItem(second).command;
    assert.ok(command);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document, document);
    const line = TWO_INTERFACES_SAMPLE.connections[1].firstFrame - 1;
    assert.equal(editor.selection.active.line, line);
    assert.equal(editor.selection.anchor.line, line);
    assert.ok(editor.visibleRanges.some((range) => range.contains(editor.selection.active)));
  });

  test('"Reveal Connection" from the palette reveals the connection of the packet at the cursor', async () => {
    const document = await api.openCaptureAsText(sampleFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document, document);
    const line = TWO_INTERFACES_SAMPLE.connections[1].firstFrame + 2; // a later packet of connection #1
    assert.match(document.lineAt(line - 1).text, /127\.0\.0\.1/);
    editor.selection = new vscode.Selection(line - 1, 5, line - 1, 5);
    assert.equal(await vscode.commands.executeCommand('tcpLens.revealConnection'), true);
    assert.deepEqual(api.connectionsTree.treeView.selection, [{ kind: 'connection', connection: 1 }]);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, TWO_INTERFACES_SAMPLE.connections[1].firstFrame - 1);
  });

  test('follows the cursor: a packet line\'s connection is selected in the view, the editor keeping the focus and the cursor', async () => {
    const document = await api.openCaptureAsText(sampleFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    const tree = api.connectionsTree;
    await shownModel(document);
    // The view open beside the editor, which has the focus again.
    await vscode.commands.executeCommand(`${CONNECTIONS_VIEW_ID}.focus`);
    const editor = await vscode.window.showTextDocument(document);
    await waitFor('the view to be visible', () => tree.treeView.visible);
    const selected = () => tree.treeView.selection.map((node) => (node.kind === 'connection' ? node.connection : node.kind));
    const cursorOn = (frame: number) => {
      editor.selection = new vscode.Selection(frame - 1, 7, frame - 1, 7);
    };

    // Frame 19 is connection #1's (127.0.0.1), frame 23 connection #0's (192.0.2.1): they interleave.
    cursorOn(19);
    await waitFor('connection #1 selected', () => selected().join() === '1');
    cursorOn(23);
    await waitFor('connection #0 selected', () => selected().join() === '0');
    // Following is no click: the editor's cursor stays where it was put, in the editor that has it.
    assert.equal(vscode.window.activeTextEditor, editor);
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [22, 7]);

    // A hidden view is not opened to show a selection; it catches up once it is shown again.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await waitFor('the view to be hidden', () => !tree.treeView.visible);
    cursorOn(19);
    await sleep(FOLLOW_CURSOR_DELAY_MS * 4);
    assert.equal(tree.treeView.visible, false, 'the cursor opened the view');
    await vscode.commands.executeCommand(`${CONNECTIONS_VIEW_ID}.focus`);
    await waitFor('connection #1 selected once the view is shown', () => selected().join() === '1');
  });

  test('a capture with thousands of connections comes in pages, and a connection deep in it is revealed', async () => {
    const count = 2 * PAGE_SIZE + 500;
    const document = await openNewCapture(manyConnectionsText(count));
    const tree = api.connectionsTree;
    const model = await shownModel(document);
    assert.equal(model.connections.length, count);
    const root = tree.getChildren();
    assert.deepEqual(root.map((node) => node.kind), ['page', 'page', 'page']);
    assert.deepEqual(root.map((node) => labelOf(tree.getTreeItem(node))), ['Connections #0–#999', 'Connections #1000–#1999', 'Connections #2000–#2499']);
    const lastPage = tree.getChildren(root[2]);
    assert.equal(lastPage.length, 500);
    assert.equal(labelOf(tree.getTreeItem(lastPage[234])), `#2234 10.1.0.1:${20000 + 2234} → 10.2.0.1:80`);

    const revealed = await vscode.commands.executeCommand('tcpLens.revealConnection', { uri: document.uri.toString(), connection: 2234 });
    assert.equal(revealed, true);
    const selected: readonly ConnectionsTreeNode[] = tree.treeView.selection;
    assert.deepEqual(selected, [{ kind: 'connection', connection: 2234 }]);
    assert.equal(tree.getParent(selected[0]), root[2]);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 6 * 2234);
  });

  test('an edit of the capture shows in the view', async () => {
    const document = await openNewCapture(manyConnectionsText(2));
    const tree = api.connectionsTree;
    await shownModel(document);
    assert.equal(tree.getChildren().length, 2);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(document.lineCount - 1, 0), manyConnectionsText(3).split('\n').slice(12, 18).join('\n') + '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the third connection in the view', () => tree.getChildren().length === 3);
    assert.equal(labelOf(tree.getTreeItem(tree.getChildren()[2])), '#2 10.1.0.1:20002 → 10.2.0.1:80');
  });

  test('names from the capture are plain text in labels and tooltips', async () => {
    const document = await openNewCapture(HOSTILE_NAMES);
    const tree = api.connectionsTree;
    await shownModel(document);
    const items = tree.getChildren().filter((node) => node.kind === 'connection').map((node) => tree.resolveTreeItem(tree.getTreeItem(node), node));
    assert.deepEqual(items.map(labelOf), [
      '#0 client.example:[x](evil) → server.example:80',
      '#1 __init__.example:<img/src=x/onerror=alert(1)> → _emph_.example:**bold**',
      '#2 mail.example:[x](command%3Aevil) → www.evil.example:<script>alert(1)</script>',
    ]);
    for (const item of items) {
      assert.equal(typeof item.label, 'string');
      assert.equal(typeof item.tooltip, 'string');
      assert.equal(typeof item.description, 'string');
    }
  });

  test('a connection number that does not exist reveals nothing', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    assert.equal(await vscode.commands.executeCommand('tcpLens.revealConnection', { uri: document.uri.toString(), connection: 7 }), false);
  });
});

import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateTcpLens, closeAllEditors, openDocumentWithUri, sleep, waitFor, workspaceFile } from './helpers';

suite('tcpdump language', () => {
  suiteSetup(activateTcpLens);
  teardown(closeAllEditors);

  test('a .tcpdump file is in the tcpdump language', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('close-wait-server-never-closes.tcpdump'));
    assert.equal(document.languageId, 'tcpdump');
  });

  test('a .tcpd file is in the tcpdump language', async () => {
    const uri = workspaceFile('short.tcpd');
    const line = '12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1, win 64240, length 0\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(line));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'tcpdump');
  });

  test('a .txt file whose first line is tcpdump output switches to tcpdump', async () => {
    const uri = workspaceFile('oldstyle-tcpdump3.txt');
    await vscode.window.showTextDocument(uri);
    const switched = await waitFor('oldstyle-tcpdump3.txt in the tcpdump language', () => {
      const document = openDocumentWithUri(uri);
      return document?.languageId === 'tcpdump' && document;
    });
    assert.match(switched.lineAt(0).text, /^10:19:35\.531424 /);
  });

  test('a .txt file of other text stays plain text', async () => {
    const uri = workspaceFile('notes.txt');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await sleep(1000); // the switch of a tcpdump .txt happens well within this
    assert.equal(openDocumentWithUri(uri)?.languageId, 'plaintext');
  });

  test('the "Use tcpdump Language" command switches the active document', async () => {
    const uri = workspaceFile('server-trace.log');
    const editor = await vscode.window.showTextDocument(uri);
    assert.notEqual(editor.document.languageId, 'tcpdump');
    await vscode.commands.executeCommand('tcpLens.useTcpdumpLanguage');
    const switched = await waitFor('server-trace.log in the tcpdump language', () => {
      const document = openDocumentWithUri(uri);
      return document?.languageId === 'tcpdump' && document;
    });
    assert.equal(vscode.window.activeTextEditor?.document, switched);
  });

  test('the command palette offers the TCP Lens commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('tcpLens.useTcpdumpLanguage'));
    assert.ok(commands.includes('tcpLens.openCaptureAsText'));
  });
});

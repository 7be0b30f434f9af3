import * as assert from 'node:assert/strict';
import path from 'node:path';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors, EXTENSION_ID, workspaceFile } from './helpers';
import { lineContaining } from './hoverHelpers';

async function definitionsAt(document: vscode.TextDocument, line: number, character = 3): Promise<(vscode.Location | vscode.LocationLink)[]> {
  return (
    (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      document.uri,
      new vscode.Position(line, character),
    )) ?? []
  );
}

function targetOf(definition: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range; origin?: vscode.Range } {
  return definition instanceof vscode.Location
    ? { uri: definition.uri, range: definition.range }
    : { uri: definition.targetUri, range: definition.targetSelectionRange ?? definition.targetRange, origin: definition.originSelectionRange };
}

/** The one definition at a line: the line it goes to, and the text it underlines on the line asked about. */
async function definitionLine(document: vscode.TextDocument, line: number): Promise<{ line: number; origin?: string }> {
  const definitions = await definitionsAt(document, line);
  assert.equal(definitions.length, 1, `expected one definition on line ${line + 1}: ${document.lineAt(line).text}`);
  const target = targetOf(definitions[0]);
  assert.equal(target.uri.toString(), document.uri.toString());
  return { line: target.range.start.line, origin: target.origin && document.getText(target.origin) };
}

/** "198.51.100.1.32856 > 203.0.113.2.80" read by hand: the two endpoints, in a canonical order. */
function endpointPair(lineText: string): string | undefined {
  const match = / (\S+) > (\S+): Flags /.exec(lineText);
  return match ? [match[1], match[2]].sort().join(' ') : undefined;
}

suite('go to the acknowledged segment; a connection\'s packets as references', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(closeAllEditors);

  test('Go to Definition on an ACK goes to the segment whose end it acknowledges', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('close-wait-server-never-closes.tcpdump'));
    const cases: [from: string, to: string, underlined: string][] = [
      ['Flags [S.], seq 2636188205, ack 2011652082', 'Flags [S], seq 2011652081', 'ack 2011652082'],
      ['Flags [.], ack 1, win 63', 'Flags [S.], seq 2636188205', 'ack 1'],
      ['Flags [.], ack 95, win 64', 'Flags [P.], seq 1:95', 'ack 95'],
      ['Flags [.], ack 1449, win 66', 'Flags [.], seq 1:1449', 'ack 1449'],
      ['Flags [.], ack 1591, win 69', 'Flags [P.], seq 1449:1591', 'ack 1591'],
      ['Flags [.], ack 96, win 64', 'Flags [F.], seq 95, ack 1591', 'ack 96'],
    ];
    for (const [from, to, underlined] of cases) {
      const found = await definitionLine(document, lineContaining(document, from));
      assert.equal(found.line, lineContaining(document, to), `from "${from}"`);
      assert.equal(found.origin, underlined);
    }
  });

  test('a SYN and a line that is not TCP acknowledge nothing', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('close-wait-server-never-closes.tcpdump'));
    assert.deepEqual(await definitionsAt(document, lineContaining(document, 'Flags [S], seq 2011652081')), []);
    assert.deepEqual(await definitionsAt(document, lineContaining(document, 'ARP, Request')), []);
  });

  test('in the text view of a pcap, the handshake ACK goes to the SYN+ACK', async () => {
    const document = await api.openCaptureAsText(workspaceFile('http-clean-client-close.pcap'));
    assert.ok(document);
    const synAck = lineContaining(document, 'Flags [S.]');
    const found = await definitionLine(document, lineContaining(document, 'Flags [.], ack 1,', synAck));
    assert.equal(found.line, synAck);
    assert.equal((await definitionLine(document, synAck)).line, lineContaining(document, 'Flags [S],'));
  });

  test('Find References lists every packet of the connection, in order, and no other', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const file = vscode.Uri.file(path.join(extension.extensionPath, 'test', 'fixtures', 'unseen', 'parallel-interleaved.n.txt'));
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(file), 'tcpdump');
    const lines = Array.from({ length: document.lineCount }, (_, line) => document.lineAt(line).text);
    const pairs = new Set(lines.map(endpointPair).filter((pair) => pair !== undefined));
    assert.equal(pairs.size, 5, 'the fixture holds five interleaved connections');
    for (const pair of pairs) {
      const expected = lines.flatMap((text, line) => (endpointPair(text) === pair ? [line] : []));
      const asked = expected[Math.floor(expected.length / 2)];
      const references = await vscode.commands.executeCommand<vscode.Location[]>(
        'vscode.executeReferenceProvider',
        document.uri,
        new vscode.Position(asked, 10),
      );
      assert.deepEqual(references.map((location) => location.range.start.line), expected, pair);
      assert.ok(references.every((location) => location.uri.toString() === document.uri.toString()));
    }
    const arp = lineContaining(document, 'ARP, Request');
    assert.deepEqual(await vscode.commands.executeCommand('vscode.executeReferenceProvider', document.uri, new vscode.Position(arp, 3)), []);
  });
});

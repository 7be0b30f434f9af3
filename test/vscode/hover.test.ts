import * as assert from 'node:assert/strict';
import path from 'node:path';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { describePacket } from '../../src/core/explain/describePacket';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { packetAtLine } from '../../src/core/query';
import type { TcpLensApi } from '../../src/extension/extension';
import { escapeMarkdown } from '../../src/extension/markdownText';
import { activateTcpLens, closeAllEditors, EXTENSION_ID, workspaceFile } from './helpers';
import { repositoryFile } from './viewSamples';
import { hoverMarkdown, hoversAt, lineContaining, renderedHtml, shownLines, shownMessage } from './hoverHelpers';

const CLOSE_WAIT_SAMPLE = 'close-wait-server-never-closes.tcpdump';

/** A handshake printed with -x: each packet's hex dump is a continuation line of it. */
const HANDSHAKE_WITH_HEX = [
  '12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 64240, length 0',
  '\t0x0000:  4500 0028 0001 0000 4006 0000 0a00 0001',
  '12:00:00.000201 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 700, ack 101, win 65160, length 0',
  '\t0x0000:  4500 0028 0002 0000 4006 0000 0a00 0002',
  '12:00:00.000401 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 701, win 502, length 0',
  '\t0x0000:  4500 0028 0003 0000 4006 0000 0a00 0001',
].join('\n') + '\n';
const OTHER_SYN = '11:59:59.000001 IP 10.9.9.9.1000 > 10.9.9.8.22: Flags [S], seq 5, win 1000, length 0\n\t0x0000:  4500 0028 0009 0000 4006 0000 0a09 0909\n';

async function modelOf(api: TcpLensApi, document: vscode.TextDocument): Promise<CaptureModel> {
  const model = await api.modelCache.modelFor(document);
  assert.ok(model, `no model for ${document.uri.toString()}`);
  assert.equal(model.internalError, undefined);
  return model;
}

/** Every sentence `describePacket` gives for the packet on `line` appears in the hover, as plain text; returns what the hover shows. */
async function assertHoverTellsEverything(api: TcpLensApi, document: vscode.TextDocument, line: number): Promise<string[]> {
  const model = await modelOf(api, document);
  const packet = packetAtLine(model, line + 1);
  assert.ok(packet >= 0, `no packet on line ${line + 1}`);
  const description = describePacket(model, packet);
  const hover = await hoverMarkdown(document, line);
  const markdown = hover.value;
  const messages = [
    ...description.sender.notes,
    ...description.receiver.notes,
    ...description.steps,
    ...description.options,
    ...description.events.map((event) => event.explanation),
    ...description.findings.map((finding) => finding.summary),
  ];
  messages.push(description.seq.explanation, description.window.explanation, ...description.findings.map((finding) => finding.meaning));
  if (description.ack) messages.push(description.ack.explanation);
  assert.ok(description.steps.length > 0, 'the description names no step');
  for (const m of messages) assert.ok(markdown.includes(shownMessage(m)), `the hover lacks ${m.key}: ${shownMessage(m)}\n---\n${markdown}`);
  for (const event of description.events) assert.ok(markdown.includes(`\`${event.tag}\``), `the hover lacks the event ${event.tag}`);
  return shownLines(hover);
}

/** The shown line that starts with `label ` (`client `, `seq `…). */
function shownLine(lines: readonly string[], label: string): string {
  const found = lines.find((line) => line.startsWith(`${label} `));
  assert.ok(found, `no line starts with "${label}":\n${lines.join('\n')}`);
  return found;
}

suite('packet hover', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(async () => {
    await vscode.workspace.getConfiguration('tcpLens').update('numbers', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('the SYN+ACK of a tcpdump file: both endpoints before → after, step 2, the ack arithmetic', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile(CLOSE_WAIT_SAMPLE));
    const line = lineContaining(document, 'Flags [S.], seq 2636188205, ack 2011652082');
    const shown = await assertHoverTellsEverything(api, document, line);
    // The sender first: the server, which took the SYN; then the client, which the SYN+ACK establishes.
    assert.match(shown[0], /^server 192\.0\.2\.2:80 +(SYN_RECEIVED \(unchanged\)|\w+ → SYN_RECEIVED)$/);
    assert.match(shown[1], /^client 192\.0\.2\.1:40006 +SYN_SENT → ESTABLISHED$/);
    const ackLine = shownLine(shown, 'ack');
    assert.match(ackLine, /^ack 1 \(raw 2011652082\)/);
    assert.ok(ackLine.includes('2011652081'), `the ack line does not show the client's ISN: ${ackLine}`);
    assert.match(shownLine(shown, 'seq'), /^seq 0 \(raw 2636188205\)/);
    assert.match(shownLine(shown, 'Flags'), /^Flags \[S\.\] SYN, ACK · server → client$/);
    const markdown = (await hoverMarkdown(document, line)).value;
    assert.match(markdown, /^\*\*server\*\* /, 'the role is not bold');
    assert.match(markdown.split('\n')[1], /`SYN_SENT` → `ESTABLISHED`/, 'the states are not code');
  });

  test('data and its acknowledgement: lengths, the scaled window and the ack that counts the bytes', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile(CLOSE_WAIT_SAMPLE));
    const data = lineContaining(document, 'seq 1:1449, ack 95');
    const dataHover = await assertHoverTellsEverything(api, document, data);
    assert.equal(shownLine(dataHover, 'Length'), 'Length 1448 bytes');
    // win 64 with the server's window scale 10 (wscale 10 in both SYNs).
    assert.match(shownLine(dataHover, 'Window'), /^Window 65536 bytes — window 65536 bytes = 64 × 2\^10\b/);
    const ack = lineContaining(document, 'Flags [.], ack 1449');
    const ackHover = await assertHoverTellsEverything(api, document, ack);
    assert.match(shownLine(ackHover, 'ack'), /^ack 1449 \(raw 2636189654\)/);
  });

  test('the client FIN the server never answers: CLOSE_WAIT, the application, and the close-wait finding', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile(CLOSE_WAIT_SAMPLE));
    const line = lineContaining(document, 'Flags [F.], seq 95, ack 1591');
    const shown = await assertHoverTellsEverything(api, document, line);
    assert.match(shown[0], /^client 192\.0\.2\.1:40006 +ESTABLISHED → FIN_WAIT_1$/);
    assert.match(shown[1], /^server 192\.0\.2\.2:80 +ESTABLISHED → CLOSE_WAIT$/);
    assert.ok(shown.includes('Findings'), `no findings section:\n${shown.join('\n')}`);
  });

  test('relative or raw first, as the tcpLens.numbers setting says', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile(CLOSE_WAIT_SAMPLE));
    const line = lineContaining(document, 'Flags [S.], seq 2636188205');
    await vscode.workspace.getConfiguration('tcpLens').update('numbers', 'raw', vscode.ConfigurationTarget.Global);
    const shown = shownLines(await hoverMarkdown(document, line));
    assert.match(shownLine(shown, 'seq'), /^seq 2636188205 \(relative 0\)/);
    assert.match(shownLine(shown, 'ack'), /^ack 2011652082 \(relative 1\)/);
  });

  test('while an edit is being analysed, lines it did not touch are explained by the last model, where they were', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'tcpdump', content: HANDSHAKE_WITH_HEX });
    await vscode.window.showTextDocument(document);
    await modelOf(api, document);
    for (let pasted = 1; ; pasted++) {
      // A packet pasted above the others: the last model's lines are now two further down each time.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(0, 0), OTHER_SYN);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const ackLine = 4 + 2 * pasted;
      const [hover] = await hoversAt(document, ackLine);
      assert.ok(hover?.range, `no hover on line ${ackLine + 1}`);
      const shown = shownLines(hover.contents[0] as vscode.MarkdownString);
      assert.match(shown[0], /^client 10\.0\.0\.1:40000 +ESTABLISHED \(unchanged\)$/);
      assert.match(shown[1], /^server 10\.0\.0\.2:80 +SYN_RECEIVED → ESTABLISHED$/);
      // The current model spans the packet's hex line too; the last one answers for the hovered line only.
      if (hover.range.end.line === ackLine) break;
      assert.deepEqual([hover.range.start.line, hover.range.end.line], [ackLine, ackLine + 1]);
      assert.ok(pasted < 5, 'the new model was always made before the hover could be asked: the last one never answered');
    }
    // The pasted line is in no model yet: its hover waits for the new one.
    const first = shownLines(await hoverMarkdown(document, 0));
    assert.match(first[0], /^client 10\.9\.9\.9:1000 +\w+ → SYN_SENT$/);
  });

  test('lines that show no TCP segment have no hover', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile(CLOSE_WAIT_SAMPLE));
    const arp = lineContaining(document, 'ARP, Request');
    assert.deepEqual(await hoversAt(document, arp), []);
  });

  test('only the extension\'s own commands are trusted: the links reveal this packet\'s connection and show it in the sequence diagram', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('simultaneous-open.tcpdump'));
    const markdown = await hoverMarkdown(document, 2);
    assert.equal(markdown.supportHtml, false);
    assert.deepEqual(markdown.isTrusted, { enabledCommands: ['tcpLens.revealConnection', 'tcpLens.showSequenceDiagram'] });
    const links = [...markdown.value.matchAll(/\]\((command:[^)]*)\)/g)].map((match) => match[1].slice('command:'.length).split('?'));
    assert.deepEqual(
      links.map(([command, query]) => [command, JSON.parse(decodeURIComponent(query))]),
      [
        ['tcpLens.revealConnection', [{ uri: document.uri.toString(), connection: 0 }]],
        ['tcpLens.showSequenceDiagram', [{ uri: document.uri.toString(), connection: 0, packet: 2 }]],
      ],
      markdown.value,
    );
  });

  test('the text view of a pcap: every packet has its hover, with the handshake steps', async () => {
    const document = await api.openCaptureAsText(workspaceFile('http-clean-client-close.pcap'));
    assert.ok(document);
    const model = await modelOf(api, document);
    const synAck = lineContaining(document, 'Flags [S.]');
    const shown = await assertHoverTellsEverything(api, document, synAck);
    assert.match(shown[1], /^client \S+ +SYN_SENT → ESTABLISHED$/);
    for (let packet = 0; packet < model.packetCount; packet++) {
      const line = model.packets.line[packet] - 1;
      const hovers = await hoversAt(document, line);
      assert.equal(hovers.length, 1, `no hover on line ${line + 1}`);
    }
  });

  test('an encapsulated packet lists the outer layers it was inside of', async () => {
    const document = await api.openCaptureAsText(repositoryFile('test/fixtures/capture/encapsulation/encap-gre-two-tunnels.pcap'));
    assert.ok(document);
    await modelOf(api, document);
    assert.match(document.lineAt(1).text, /GREv0, key=0x2, length 52: IP 198\.51\.100\.1\.40000 > /);
    const shown = shownLines(await hoverMarkdown(document, 1, 120));
    const at = shown.indexOf('Outer layers');
    assert.ok(at > 0, shown.join('\n'));
    assert.equal(shown[at + 1], 'GRE tunnel 192.0.2.1 → 192.0.2.2, key 0x2');
    assert.match(shown.join('\n'), /Frame 2 · connection 1/);
  });

  test('pasted tutorial text without timestamps (tcpdump 3.x style)', async () => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('oldstyle-tcpdump3.txt')));
    const document = await vscode.workspace.openTextDocument({ language: 'tcpdump', content: text.replace(/^\d\d:\d\d:\d\d\.\d+ /gm, '') });
    const synAck = lineContaining(document, 'S 1496199762:1496199762(0) ack 3626544837');
    const shown = await assertHoverTellsEverything(api, document, synAck);
    const ackLine = shownLine(shown, 'ack');
    assert.match(ackLine, /^ack 1 \(raw 3626544837\)/);
    assert.ok(ackLine.includes('3626544836'), `the ack arithmetic does not name the client's ISN: ${ackLine}`);
    assert.match(shown[1], /^client 192\.168\.1\.116:3337 +SYN_SENT → ESTABLISHED$/);
    const dataAck = lineContaining(document, '. ack 1449 win 8192');
    await assertHoverTellsEverything(api, document, dataAck);
  });

  test('text pasted from a tutorial or a ticket: a SYN-ACK written out, a pure ACK without its dot, a repeated field', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const file = vscode.Uri.file(path.join(extension.extensionPath, 'test', 'fixtures', 'text', 'pasted-tutorial.txt'));
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(file), 'tcpdump');
    const synAck = await assertHoverTellsEverything(api, document, lineContaining(document, 'SYN-ACK seq=3000 ack=101'));
    assert.match(synAck[1], /^client 10\.1\.1\.2:5001 +SYN_SENT → ESTABLISHED$/);
    const synAckAck = shownLine(synAck, 'ack');
    assert.match(synAckAck, /^ack 1 \(raw 101\) — ack 101 = client ISN 100 \+ 1/);
    const ack = await assertHoverTellsEverything(api, document, lineContaining(document, 'ack 4001,ack 1 win 5840'));
    assert.match(ack[0], /^server 10\.1\.1\.9:80 +ESTABLISHED \(unchanged\)$/);
    assert.match(shownLine(ack, 'Flags'), /^Flags \[\.\] ACK · server → client$/);
    assert.match(shownLine(ack, 'ack'), /^ack 4001 \(raw 4101\) — ack 4001 = 1 \+ 4000 bytes received$/);
    // RFC 793's figure 7 names states and sequence numbers but shows no packet.
    assert.deepEqual(await hoversAt(document, lineContaining(document, 'SYN-SENT    -->')), []);
  });

  test('host and service names from the file are text: no link, image, HTML, code, emphasis or icon comes out of them', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('hostile-names.tcpdump'));
    const model = await modelOf(api, document);
    assert.equal(model.packetCount, 7);
    const hostile = [
      '[x](evil)',
      '<img/src=x/onerror=alert(1)>',
      '**bold**',
      '_emph_.example',
      '__init__.example',
      '`rm`',
      '$(zap)&lt;|a|b|',
      '[x](command%3Aevil)',
      '<script>alert(1)</script>',
      'www.evil.example',
    ];
    const seen = new Set<string>();
    for (let packet = 0; packet < model.packetCount; packet++) {
      const markdown = await hoverMarkdown(document, model.packets.line[packet] - 1);
      for (const name of hostile) {
        if (markdown.value.includes(escapeMarkdown(name))) seen.add(name);
      }
      const html = renderedHtml(markdown);
      const tags = new Set((html.match(/<\/?([a-z0-9]+)/g) ?? []).map((tag) => tag.replace(/[</]/g, '')));
      for (const tag of tags) assert.ok(['p', 'strong', 'code', 'br', 'hr', 'ul', 'li', 'a'].includes(tag), `<${tag}> in the hover:\n${html}`);
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
      assert.equal(hrefs.length, 2, `links in the hover: ${hrefs.join(' ')}`);
      assert.match(hrefs[0], /^command:tcpLens\.revealConnection\?/);
      assert.match(hrefs[1], /^command:tcpLens\.showSequenceDiagram\?/);
      const codes = [...html.matchAll(/<code>([^<]*)<\/code>/g)].map((match) => match[1]);
      for (const code of codes) assert.match(code, /^[A-Z_0-9]+$|^[a-z-]+$/, `code made of the file's text: ${code}`);
      assert.doesNotMatch(markdown.value, /\$\(/, 'a theme icon could come out of the text');
    }
    assert.deepEqual([...seen].sort(), [...hostile].sort(), 'some hostile names never reached a hover');
    // The line that names `[x](command:evil)` is not read as a packet: it has no hover (its problem goes to the Problems panel).
    assert.deepEqual(await hoversAt(document, lineContaining(document, '[x](command:evil)')), []);
  });
});

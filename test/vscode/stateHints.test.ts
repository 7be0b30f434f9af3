import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors } from './helpers';
import { openHostileNames } from './diagramHelpers';
import { CLOSE_WAIT_SAMPLE, openNewCapture, sampleFile } from './viewSamples';

async function stateHints(document: vscode.TextDocument): Promise<vscode.InlayHint[]> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  return (await vscode.commands.executeCommand<vscode.InlayHint[] | undefined>('vscode.executeInlayHintProvider', document.uri, whole)) ?? [];
}

function labelOf(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

function tooltipOf(hint: vscode.InlayHint): vscode.MarkdownString {
  const part = typeof hint.label === 'string' ? undefined : hint.label[0];
  const tooltip = part?.tooltip ?? hint.tooltip;
  assert.ok(tooltip instanceof vscode.MarkdownString, 'the hint has no Markdown tooltip');
  return tooltip;
}

/** The states as the hint at the start of a line shows them: each name padded to the longest (SYN_RECEIVED). */
const column = (client: string, server: string) => `client ${client.padEnd(12)} · server ${server.padEnd(12)}`;

async function setStateHints(place: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('tcpLens').update('stateHints', place, vscode.ConfigurationTarget.Global);
}

suite('TCP states on every packet line (inlay hints)', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(async () => {
    await setStateHints(undefined);
    await closeAllEditors();
  });

  test('each packet line starts with both endpoints\' states after it, in a column; the ARP lines have none', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    const hints = await stateHints(document);
    assert.deepEqual(
      hints.map((hint) => [hint.position.line + 1, hint.position.character, labelOf(hint)]),
      [
        [3, 0, column('SYN_SENT', 'SYN_RECEIVED')],
        [4, 0, column('ESTABLISHED', 'SYN_RECEIVED')],
        ...[5, 6, 7, 8, 9, 10, 11].map((line) => [line, 0, column('ESTABLISHED', 'ESTABLISHED')]),
        [CLOSE_WAIT_SAMPLE.finLine, 0, column('FIN_WAIT_1', 'CLOSE_WAIT')],
        [13, 0, column('FIN_WAIT_2', 'CLOSE_WAIT')],
      ],
    );
    assert.equal(hints[0].paddingRight, true);
    // The Markdown of the FIN's hint, its escapes taken out.
    const tooltip = tooltipOf(hints[9]).value.replace(/\\(.)/g, '$1');
    assert.match(tooltip, /^TCP states after frame 12 \(connection 0\)/);
    assert.match(tooltip, /\*\*client\*\* 192\.0\.2\.1:40006&nbsp;&nbsp;`ESTABLISHED` → `FIN_WAIT_1`/);
    assert.match(tooltip, /\*\*server\*\* 192\.0\.2\.2:80&nbsp;&nbsp;`ESTABLISHED` → `CLOSE_WAIT`/);
    assert.match(tooltip, /\[Reveal connection\]\(command:tcpLens\.revealConnection\?/);
  });

  test('at the end of the line, or none, as tcpLens.stateHints says', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    await setStateHints('lineEnd');
    const atEnd = await stateHints(document);
    assert.equal(atEnd.length, CLOSE_WAIT_SAMPLE.packets);
    const fin = atEnd.find((hint) => hint.position.line + 1 === CLOSE_WAIT_SAMPLE.finLine);
    assert.ok(fin);
    assert.equal(fin.position.character, document.lineAt(CLOSE_WAIT_SAMPLE.finLine - 1).text.length);
    assert.equal(labelOf(fin), 'client FIN_WAIT_1 · server CLOSE_WAIT');
    assert.equal(fin.paddingLeft, true);
    await setStateHints('off');
    assert.deepEqual(await stateHints(document), []);
  });

  test('a packet printed on several lines (tcpdump -v) gets one hint, on its first line', async () => {
    const document = await openNewCapture(
      [
        '12:00:00.000001 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)',
        '    10.0.0.1.40000 > 10.0.0.2.80: Flags [S], cksum 0x1c46 (correct), seq 100, win 64240, length 0',
        '12:00:00.000201 IP (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto TCP (6), length 60)',
        '    10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], cksum 0x1c46 (correct), seq 700, ack 101, win 65160, length 0',
        '',
      ].join('\n'),
    );
    const hints = await stateHints(document);
    assert.deepEqual(
      hints.map((hint) => [hint.position.line, labelOf(hint)]),
      [
        [0, column('SYN_SENT', 'SYN_RECEIVED')],
        [2, column('ESTABLISHED', 'SYN_RECEIVED')],
      ],
    );
  });

  test('a pcap\'s text view has them too', async () => {
    const document = await api.openCaptureAsText(sampleFile('http-clean-client-close.pcap'));
    assert.ok(document);
    const hints = await stateHints(document);
    assert.equal(hints.length, 15);
    assert.deepEqual(hints.map((hint) => hint.position.line + 1), Array.from({ length: 15 }, (_, k) => k + 3));
    assert.equal(labelOf(hints[hints.length - 1]), column('TIME_WAIT', 'CLOSED'));
  });

  test('names from the capture stay text in the hint\'s tooltip', async () => {
    const document = await openHostileNames();
    const hints = await stateHints(document);
    assert.ok(hints.length > 0);
    const tooltip = tooltipOf(hints[0]);
    assert.equal(tooltip.supportHtml, false);
    assert.deepEqual(tooltip.isTrusted, { enabledCommands: ['tcpLens.revealConnection'] });
    assert.ok(!tooltip.value.includes('<script>'), tooltip.value);
    assert.ok(tooltip.value.includes('\\<script\\>'), tooltip.value);
  });
});

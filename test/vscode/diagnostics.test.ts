import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors, waitFor } from './helpers';
import { CLOSE_WAIT_SAMPLE, DUPACK_SAMPLE, openNewCapture, repositoryFile, sampleFile } from './viewSamples';

const SOURCE = 'TCP Lens';

function tcpLensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** 1-based lines of the diagnostics with this code. */
function linesWithCode(diagnostics: readonly vscode.Diagnostic[], code: string): number[] {
  return diagnostics.filter((diagnostic) => codeOf(diagnostic) === code).map((diagnostic) => diagnostic.range.start.line + 1).sort((a, b) => a - b);
}

async function diagnosticsOnceThere(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const diagnostics = tcpLensDiagnostics(uri);
    return accept(diagnostics) && diagnostics;
  });
}

async function updateSetting(section: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tcpLens.diagnostics').update(section, value, vscode.ConfigurationTarget.Global);
}

const GARBAGE = 'an analyst wrote this note between the packets';
const TEXT_WITH_A_GARBAGE_LINE = [
  '12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 64240, length 0',
  '12:00:00.000201 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 700, ack 101, win 65160, length 0',
  GARBAGE,
  '12:00:00.000401 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 701, win 502, length 0',
].join('\n') + '\n';

suite('diagnostics in the Problems panel', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(async () => {
    for (const section of ['events', 'findings', 'problems', 'maxPerDocument']) await updateSetting(section, undefined);
    await vscode.workspace.getConfiguration('tcpLens.findings').update('portScanMinPorts', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('a pcap\'s text view: a diagnostic on each packet tshark marks as a duplicate ACK or a fast retransmission', async () => {
    const document = await api.openCaptureAsText(sampleFile(DUPACK_SAMPLE.name));
    assert.ok(document);
    const diagnostics = await diagnosticsOnceThere(document.uri, 'the event diagnostics', (found) => found.length > 0);
    assert.deepEqual(linesWithCode(diagnostics, 'duplicate-ack'), DUPACK_SAMPLE.duplicateAckFrames);
    assert.deepEqual(linesWithCode(diagnostics, 'fast-retransmission'), [DUPACK_SAMPLE.fastRetransmissionFrame]);
    // The fast retransmission is a retransmission too: said once, as the more specific event.
    assert.deepEqual(linesWithCode(diagnostics, 'retransmission'), []);
    const byCode = (code: string) => diagnostics.find((diagnostic) => codeOf(diagnostic) === code);
    assert.equal(byCode('duplicate-ack')?.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(byCode('fast-retransmission')?.severity, vscode.DiagnosticSeverity.Warning);
    for (const diagnostic of diagnostics) {
      assert.ok(diagnostic.message.length > 0 && diagnostic.message !== codeOf(diagnostic), `no explanation for ${codeOf(diagnostic)}`);
      assert.equal(diagnostic.range.start.character, 0);
      assert.equal(diagnostic.range.end.character, document.lineAt(diagnostic.range.end.line).text.length);
    }
    assert.equal((await api.modelCache.modelFor(document))?.internalError, undefined);
  });

  test('an event set to "off" disappears, one set to "error" becomes an error', async () => {
    const document = await api.openCaptureAsText(sampleFile(DUPACK_SAMPLE.name));
    assert.ok(document);
    await diagnosticsOnceThere(document.uri, 'the event diagnostics', (found) => linesWithCode(found, 'duplicate-ack').length > 0);
    await updateSetting('events', { 'duplicate-ack': 'off', 'fast-retransmission': 'error', retransmission: 'hint' });
    const changed = await diagnosticsOnceThere(document.uri, 'no duplicate-ack diagnostics', (found) => linesWithCode(found, 'duplicate-ack').length === 0);
    const fast = changed.filter((diagnostic) => codeOf(diagnostic) === 'fast-retransmission');
    assert.deepEqual(fast.map((diagnostic) => diagnostic.severity), [vscode.DiagnosticSeverity.Error]);
    assert.deepEqual(linesWithCode(changed, 'retransmission'), []);

    // With the fast retransmission off, the retransmission it also is shows, at its own severity.
    await updateSetting('events', { 'fast-retransmission': 'off', retransmission: 'hint' });
    const general = await diagnosticsOnceThere(document.uri, 'the retransmission diagnostic', (found) => linesWithCode(found, 'retransmission').length === 1);
    assert.equal(general.find((diagnostic) => codeOf(diagnostic) === 'retransmission')?.severity, vscode.DiagnosticSeverity.Hint);
    assert.deepEqual(linesWithCode(general, 'retransmission'), [DUPACK_SAMPLE.fastRetransmissionFrame]);
    assert.deepEqual(linesWithCode(general, 'duplicate-ack'), DUPACK_SAMPLE.duplicateAckFrames, 'the defaults no longer apply to the other events');
  });

  test('a finding is a diagnostic on its packet, with its own setting', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    const diagnostics = await diagnosticsOnceThere(document.uri, 'the close-wait finding', (found) => linesWithCode(found, 'close-wait').length > 0);
    assert.deepEqual(linesWithCode(diagnostics, 'close-wait'), [CLOSE_WAIT_SAMPLE.finLine]);
    const finding = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'close-wait');
    assert.match(finding?.message ?? '', /192\.0\.2\.2:80/);
    assert.match(finding?.message ?? '', /CLOSE_WAIT/);
    await updateSetting('findings', { 'close-wait': 'off' });
    await diagnosticsOnceThere(document.uri, 'the finding gone', (found) => linesWithCode(found, 'close-wait').length === 0);
    await updateSetting('findings', { 'close-wait': 'error' });
    const asError = await diagnosticsOnceThere(document.uri, 'the finding back', (found) => linesWithCode(found, 'close-wait').length === 1);
    assert.equal(asError.find((diagnostic) => codeOf(diagnostic) === 'close-wait')?.severity, vscode.DiagnosticSeverity.Error);
  });

  test('a finding\'s threshold set in the settings decides whether it is one', async () => {
    const document = await api.openCaptureAsText(repositoryFile('test/fixtures/model/port-scan-syn-hping3.pcap'));
    assert.ok(document);
    await diagnosticsOnceThere(document.uri, 'the port scan', (found) => linesWithCode(found, 'port-scan').length === 1);
    await vscode.workspace.getConfiguration('tcpLens.findings').update('portScanMinPorts', 100_000, vscode.ConfigurationTarget.Global);
    await diagnosticsOnceThere(document.uri, 'no port scan past the threshold', (found) => linesWithCode(found, 'port-scan').length === 0);
  });

  test('a line that is not a packet is a problem on that line, and goes with tcpLens.diagnostics.problems "off"', async () => {
    const document = await openNewCapture(TEXT_WITH_A_GARBAGE_LINE);
    const diagnostics = await diagnosticsOnceThere(document.uri, 'the problem', (found) => linesWithCode(found, 'input').length > 0);
    assert.deepEqual(linesWithCode(diagnostics, 'input'), [3]);
    assert.equal(diagnostics.find((diagnostic) => codeOf(diagnostic) === 'input')?.severity, vscode.DiagnosticSeverity.Warning);
    await updateSetting('problems', 'off');
    await diagnosticsOnceThere(document.uri, 'the problem gone', (found) => linesWithCode(found, 'input').length === 0);
  });

  test('a damaged pcap: a problem found at a byte offset is on the line of the frame there', async () => {
    const document = await api.openCaptureAsText(repositoryFile('test/fixtures/capture/broken-corrupt-record-length.pcap'));
    assert.ok(document);
    const diagnostics = await diagnosticsOnceThere(document.uri, 'the damaged-record problems', (found) => linesWithCode(found, 'input').length > 0);
    // Record 6 has a corrupt length (its line in the text view says so); reading resumes at record 7.
    assert.match(document.lineAt(5).text, /\[frame 6: damaged record/);
    const problems = diagnostics.filter((diagnostic) => codeOf(diagnostic) === 'input');
    assert.deepEqual(problems.map((problem) => problem.range.start.line + 1).sort(), [6, 7]);
    assert.match(problems.find((problem) => problem.range.start.line === 5)?.message ?? '', /record 6/);
  });

  test('frames passed over (GRE carrying PPP, ESP, a later fragment): each kind said once, on the line of its first frame', async () => {
    const document = await api.openCaptureAsText(repositoryFile('test/fixtures/capture/encapsulation/skipped-frames-mixed.pcap'));
    assert.ok(document);
    const diagnostics = await diagnosticsOnceThere(document.uri, 'the skipped-frame problems', (found) => linesWithCode(found, 'input').length === 3);
    assert.deepEqual(linesWithCode(diagnostics, 'input'), [4, 5, 6]);
    const on = (line: number) => diagnostics.find((diagnostic) => codeOf(diagnostic) === 'input' && diagnostic.range.start.line === line - 1)?.message ?? '';
    assert.match(document.lineAt(3).text, /GREv0, length 28: gre-proto-0x880b$/);
    assert.equal(on(4), '2 frames of GRE carrying protocol 0x880b not decoded, the first is frame 4');
    assert.match(on(5), /^2 frames of IP protocol ESP \(50\) not decoded/);
    assert.match(on(6), /^2 frames with TCP in a later IP fragment skipped/);
  });

  test('a pcap cut short: the problem goes on the line of the last frame read', async () => {
    const document = await api.openCaptureAsText(repositoryFile('test/fixtures/capture/broken-truncated-mid-record.pcap'));
    assert.ok(document);
    const diagnostics = await diagnosticsOnceThere(document.uri, 'the truncation problem', (found) => linesWithCode(found, 'input').length > 0);
    assert.deepEqual(linesWithCode(diagnostics, 'input'), [9]);
    assert.match(diagnostics.find((diagnostic) => codeOf(diagnostic) === 'input')?.message ?? '', /truncated/);
  });

  test('past tcpLens.diagnostics.maxPerDocument, the most severe are kept and one diagnostic says how many there were', async () => {
    await updateSetting('maxPerDocument', 5);
    const document = await api.openCaptureAsText(sampleFile(DUPACK_SAMPLE.name));
    assert.ok(document);
    const diagnostics = await diagnosticsOnceThere(document.uri, 'the capped diagnostics', (found) => found.some((diagnostic) => codeOf(diagnostic) === 'limit'));
    assert.equal(diagnostics.length, 6);
    const limit = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'limit');
    // 20 duplicate ACKs and one fast retransmission.
    assert.match(limit?.message ?? '', /\b5 of 21 diagnostics\b/);
    assert.deepEqual(linesWithCode(diagnostics, 'fast-retransmission'), [DUPACK_SAMPLE.fastRetransmissionFrame], 'the warning was not kept first');
  });

  test('a document switched to another language loses its diagnostics', async () => {
    const document = await openNewCapture(TEXT_WITH_A_GARBAGE_LINE);
    await diagnosticsOnceThere(document.uri, 'the problem', (found) => found.length > 0);
    await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    await waitFor('the diagnostics cleared', () => tcpLensDiagnostics(document.uri).length === 0);
  });
});

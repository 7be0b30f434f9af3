import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';
import { waitFor, workspaceFile } from './helpers';
import { openNewCapture, repositoryFile } from './viewSamples';
import { CHINESE, zhCnSession } from './zhCn';

/** Text quoted from the input (a line, residue, a flag word): as the file has it, in any language. */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
/** Two Latin words in a row, outside the quotes and the names that stay as they are: English left in a sentence. */
const ENGLISH_WORDS = /[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}/;
const NAMES = /TCP Lens|TCP\/IP Illustrated|VS Code|Zeek conn_state/g;

function tcpLensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'TCP Lens');
}

/** Every problem of the model has its diagnostic, and each reads as Chinese with no English sentence inside. */
async function assertProblemsInChinese(api: TcpLensApi, document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  const model = await api.modelCache.modelFor(document);
  assert.ok(model);
  assert.equal(model.internalError, undefined);
  assert.ok(model.problems.length > 0, 'the input has problems');
  const problems = await waitFor('a diagnostic per problem', () => {
    const found = tcpLensDiagnostics(document.uri).filter((diagnostic) => diagnostic.code === 'input');
    return found.length === model.problems.length && found;
  });
  for (const { message } of problems) {
    assert.match(message, CHINESE, message);
    assert.doesNotMatch(message.replace(QUOTED, '""').replace(NAMES, ''), ENGLISH_WORDS, message);
  }
  return problems;
}

/** The capture with one more byte in the length of its third packet block: the reader reports the block and looks for the next. */
function withDamagedPacketBlock(pcapng: Uint8Array): Uint8Array {
  const bytes = pcapng.slice();
  const view = new DataView(bytes.buffer);
  let packetBlocks = 0;
  for (let at = 0; at + 12 <= bytes.length; at += view.getUint32(at + 4, true)) {
    if (view.getUint32(at, true) === 6 && ++packetBlocks === 3) {
      view.setUint32(at + 4, view.getUint32(at + 4, true) + 1, true);
      return bytes;
    }
  }
  throw new Error('the capture has fewer than three enhanced packet blocks');
}

// Runs with the display language zh-cn (scripts/runVscodeTests.mjs).
suite('the Problems panel in Simplified Chinese: pasted text and damaged captures', () => {
  const zh = zhCnSession();

  test('pasted tutorial text: what each line was read as, and what was assumed, in Chinese', async () => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(repositoryFile('test/fixtures/text/pasted-tutorial.txt')));
    const document = await openNewCapture(text);
    const problems = await assertProblemsInChinese(zh.api, document);
    // A line of TCP/IP Illustrated read with its number and time, and no flags given: several assumptions, one sentence.
    const line = document.getText().split('\n').findIndex((candidate) => candidate.includes('svr4.1037 > bsdi.discard: ack 3627009538'));
    const readAsAck = problems.find((diagnostic) => diagnostic.range.start.line === line);
    assert.ok(readAsAck, 'no problem on the pure ACK without its "."');
    assert.match(readAsAck.message, /^此行按纯 ACK 读取：没有给出标志；将 "3" 读作数据包编号/);
  });

  test('a pcap with a corrupt record header', async () => {
    const document = await zh.api.openCaptureAsText(repositoryFile('test/fixtures/capture/broken-corrupt-record-length.pcap'));
    assert.ok(document);
    const problems = await assertProblemsInChinese(zh.api, document);
    assert.ok(problems.some((diagnostic) => diagnostic.message.startsWith('pcap 记录')));
  });

  test('a pcapng with a damaged packet block: the account of the damage is Chinese too', async () => {
    const original = await vscode.workspace.fs.readFile(workspaceFile('pcapng-two-interfaces.pcapng'));
    const damaged = workspaceFile(`damaged-${Date.now().toString(36)}.pcapng`);
    await vscode.workspace.fs.writeFile(damaged, withDamagedPacketBlock(original));
    try {
      const document = await zh.api.openCaptureAsText(damaged);
      assert.ok(document);
      const problems = await assertProblemsInChinese(zh.api, document);
      assert.ok(
        problems.some((diagnostic) => /^pcapng 数据包 \d+：块已损坏（块长度 \d+ 不是 4 的倍数）/.test(diagnostic.message)),
        problems.map((diagnostic) => diagnostic.message).join('\n'),
      );
    } finally {
      await vscode.workspace.fs.delete(damaged);
    }
  });

  test('a gzip stream cut short: why it stops is Chinese too', async () => {
    const original = await vscode.workspace.fs.readFile(repositoryFile('test/fixtures/capture/format-pcapng-gzip.pcapng.gz'));
    const cut = workspaceFile(`cut-${Date.now().toString(36)}.pcapng.gz`);
    await vscode.workspace.fs.writeFile(cut, original.subarray(0, Math.floor(original.length * 0.6)));
    try {
      const document = await zh.api.openCaptureAsText(cut);
      assert.ok(document);
      const problems = await assertProblemsInChinese(zh.api, document);
      assert.ok(
        problems.some((diagnostic) => /^解压 \d+ 字节后 gzip 流无法读取（数据意外结束）$/.test(diagnostic.message)),
        problems.map((diagnostic) => diagnostic.message).join('\n'),
      );
    } finally {
      await vscode.workspace.fs.delete(cut);
    }
  });

  test('an analysis that fails in the worker says why in Chinese, the runtime\'s own words quoted', async () => {
    // A text file opened as a capture is analysed again from the file when a setting changes: gone by then, the worker's read throws.
    const vanishing = workspaceFile(`vanishing-${Date.now().toString(36)}.txt`);
    const text = await vscode.workspace.fs.readFile(repositoryFile('test/fixtures/text/pasted-tutorial.txt'));
    await vscode.workspace.fs.writeFile(vanishing, text);
    const settings = vscode.workspace.getConfiguration('tcpLens');
    try {
      const document = await zh.api.openCaptureAsText(vanishing);
      assert.ok(document);
      await vscode.workspace.fs.delete(vanishing);
      await settings.update('findings.synFloodMinHalfOpen', 51, vscode.ConfigurationTarget.Global);
      const failure = await waitFor('the internal error in the Problems panel', () =>
        tcpLensDiagnostics(document.uri).find((diagnostic) => diagnostic.message.includes('TCP Lens 内部错误')),
      );
      const { message } = failure;
      assert.ok(message.includes(zh.bundle['the analysis stopped on an error: "{0}"'].split('"')[0]), message);
      assert.match(message, CHINESE, message);
      assert.doesNotMatch(message.replace(QUOTED, '""').replace(NAMES, ''), ENGLISH_WORDS, message);
    } finally {
      await settings.update('findings.synFloodMinHalfOpen', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

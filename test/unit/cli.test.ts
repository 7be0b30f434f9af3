import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import { writeAnalysisJson } from '../../src/core/json/analysisJson';
import { diagramMarkdown, diagramWindow } from '../../src/core/diagram/diagramWindow';
import { STATE_NAMES, EVENT_TAGS } from '../../src/core/model/vocabulary';

const root = resolve(__dirname, '../../..');
const cli = join(root, 'out/src/cli/main.js');
const sample = (name: string) => join(root, 'samples', name);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scratch(name: string, bytes: Uint8Array | string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tcp-lens-cli-')), name);
  writeFileSync(path, bytes);
  return path;
}

describe('tcp-lens analyze', () => {
  test('--json follows the contract: fields, types and vocabularies', () => {
    const r = run('analyze', sample('http-clean-client-close.pcap'), '--json');
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.tool, 'tcp-lens');
    assert.deepEqual(doc.input.file, 'http-clean-client-close.pcap');
    assert.equal(doc.input.format, 'pcap');
    assert.equal(doc.packets.length, 15);
    for (const p of doc.packets) {
      for (const k of ['n', 'line', 'sport', 'dport', 'seq', 'len', 'win', 'conn']) assert.ok(Number.isInteger(p[k]), `${k} of ${JSON.stringify(p)}`);
      assert.equal(typeof p.time, 'number');
      assert.match(p.flags, /^F?S?R?P?\.?U?E?W?$/);
      assert.ok(['c2s', 's2c'].includes(p.dir));
      assert.ok(STATE_NAMES.includes(p.srcState) && STATE_NAMES.includes(p.dstState));
      assert.ok(p.events.every((e: string) => EVENT_TAGS.includes(e)));
      assert.equal(p.ack === null, !p.flags.includes('.'));
    }
    assert.deepEqual(doc.connections[0].finalState, { client: 'TIME_WAIT', server: 'CLOSED' });
    assert.equal(doc.connections[0].handshake, 'three-way');
    assert.equal(doc.connections[0].close, 'four-way');
    assert.equal(doc.connections[0].completeness, 31);
    assert.deepEqual(doc.problems, []);
  });

  test('tcpdump text gives the same packets, states and events as the pcap it was printed from', () => {
    const fromPcap = JSON.parse(run('analyze', sample('http-clean-client-close.pcap'), '--json').stdout);
    const text = readFileSync(join(root, 'test/fixtures/cli/http-clean-client-close.n.txt'), 'utf8');
    const fromText = JSON.parse(run('analyze', scratch('capture.txt', text), '--json').stdout);
    const strip = (p: Record<string, unknown>) => ({ ...p, line: 0, time: 0, seqRaw: 0 });
    assert.deepEqual(fromText.packets.map(strip), fromPcap.packets.map(strip));
  });

  test('the readable report lists the connection and its close', () => {
    const r = run('analyze', sample('close-wait-server-never-closes.tcpdump'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /three-way\s+half-closed\s+FIN_WAIT_2 \/ CLOSE_WAIT/);
    assert.match(r.stdout, /\[warning\] close-wait:/);
  });

  test('a service printed without a number: no made-up port in the JSON, the report or the diagram', () => {
    const text = [
      '10:00:00.000000 IP 10.0.0.1.tcplens-svc > 10.0.0.2.http: Flags [S], seq 100, win 64240, length 0',
      '10:00:00.010000 IP 10.0.0.2.http > 10.0.0.1.tcplens-svc: Flags [S.], seq 500, ack 101, win 64240, length 0',
      '',
    ].join('\n');
    const path = scratch('named.txt', text);
    const doc = JSON.parse(run('analyze', path, '--json').stdout);
    assert.deepEqual([doc.packets[0].sport, doc.packets[0].sportName, doc.packets[0].dport], [null, 'tcplens-svc', 80]);
    assert.deepEqual(doc.connections[0].client, { ip: '10.0.0.1', port: null, portName: 'tcplens-svc' });
    const report = run('analyze', path).stdout;
    assert.match(report, /10\.0\.0\.1:tcplens-svc\s+10\.0\.0\.2:80\s/);
    assert.doesNotMatch(report + run('diagram', path).stdout, /6553\d|655[4-9]\d/);
  });

  test('a missing file: exit 1, one line on stderr, no stack trace', () => {
    const r = run('analyze', '/nonexistent/capture.pcap', '--json');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /no such file/);
  });

  test('random bytes and an empty file: exit 1 with one line', () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    for (const path of [scratch('random.bin', random), scratch('empty.pcap', new Uint8Array(0))]) {
      const r = run('analyze', path, '--json');
      assert.equal(r.code, 1, path);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.doesNotMatch(r.stderr, /\s+at\s/);
    }
  });

  test('a truncated pcap: exit 0, the packets before the damage, and the problem with its offset', () => {
    const whole = readFileSync(sample('http-clean-client-close.pcap'));
    const r = run('analyze', scratch('cut.pcap', whole.subarray(0, whole.length - 30)), '--json');
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.packets.length, 14);
    assert.ok(doc.problems.length >= 1);
    assert.equal(typeof doc.problems[0].offset, 'number');
  });

  test('a file of several MiB, read in two read buffers taken in turn: the JSON of the whole file read at once', () => {
    // Records and lines run across the 1 MiB reads; a reader keeping a view of a read buffer would see it overwritten.
    const pcap = readFileSync(sample('http-clean-client-close.pcap'));
    const records = pcap.subarray(24);
    const copies = Math.ceil((5 << 20) / records.length);
    const pcapBytes = Buffer.concat([pcap.subarray(0, 24), ...Array.from({ length: copies }, () => records)]);
    const text = readFileSync(join(root, 'test/fixtures/cli/http-clean-client-close.n.txt'), 'utf8');
    const textBytes = Buffer.from(text.repeat(Math.ceil((5 << 20) / text.length)));
    const jsonOf = (bytes: Uint8Array, name: string) => {
      let json = '';
      writeAnalysisJson(analyzeBytes(bytes, name), (chunk) => (json += chunk));
      return JSON.parse(json);
    };
    for (const [name, bytes] of [['big.pcap', pcapBytes], ['big.txt', textBytes]] as const) {
      const r = run('analyze', scratch(name, bytes), '--json');
      assert.equal(r.code, 0, r.stderr);
      const read = JSON.parse(r.stdout);
      assert.ok(read.packets.length > 10_000, `${name}: ${read.packets.length} packets`);
      assert.deepEqual(read, jsonOf(bytes, name), name);
    }
  });

  test('usage errors exit 2', () => {
    assert.equal(run('analyze').code, 2);
    assert.equal(run('frobnicate', 'x').code, 2);
    assert.equal(run('diagram', sample('http-clean-client-close.pcap'), '--conn', 'x').code, 2);
  });
});

describe('tcp-lens diagram', () => {
  const capture = sample('http-clean-client-close.pcap');
  const model = () => analyzeBytes(new Uint8Array(readFileSync(capture)), 'http-clean-client-close.pcap');

  test('Mermaid text: participants, one message per packet, state notes', () => {
    const r = run('diagram', capture);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'sequenceDiagram');
    assert.match(lines[1], /participant P0 as 192\.0\.2\.1#58;40001 \(client\)/);
    assert.equal(lines.filter((l) => /^\s*P[01](->>|-x|--\))P[01]: #35;\d+ /.test(l)).length, 15);
    assert.ok(lines.some((l) => l.trim() === 'Note over P0: TIME_WAIT'));
    assert.equal(r.stderr, '');
  });

  test('writes what the export writes: the window of the page asked for, as Mermaid or Markdown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcp-lens-cli-'));
    const request = { scope: 0, page: 1, pageSize: 5, labels: { numbers: 'raw', window: true, time: true } } as const;
    const window = diagramWindow(model(), request);
    const args = ['--conn', '0', '--page', '2', '--page-size', '5', '--raw', '--window', '--time'];
    const r = run('diagram', capture, ...args, '--format', 'markdown', '-o', join(dir, 'd.md'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /page 2 of 3/);
    const markdown = readFileSync(join(dir, 'd.md'), 'utf8');
    assert.equal(markdown, diagramMarkdown(model(), window));
    assert.ok(markdown.startsWith('```mermaid\nsequenceDiagram\n'));
    assert.match(markdown, /\n```\n\nPage 2 of 3/);
    assert.equal(run('diagram', capture, ...args).stdout, window.text);
    assert.deepEqual(
      window.messagePackets.map((i) => model().packets.frame[i]),
      [8, 9, 10, 11, 12],
    );
    assert.match(window.text, /#35;8 \[ACK\] Seq=\d{6,} Ack=\d{6,} Win=\d+ Len=1448 t=0\.\d{6}/);
  });

  test('bad pages and connections are one-line errors', () => {
    const page = run('diagram', capture, '--page', '4', '--page-size', '5');
    assert.equal(page.code, 1);
    assert.match(page.stderr, /no page 4 \(3 of 5 packets\)/);
    assert.equal(run('diagram', capture, '--page', '0').code, 2);
    assert.equal(run('diagram', capture, '--max', '3').code, 2);
  });

  test('an unknown connection is a one-line error', () => {
    const r = run('diagram', sample('http-clean-client-close.pcap'), '--conn', '7');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no connection 7/);
  });
});

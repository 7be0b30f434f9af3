/**
 * Frame lines of tcpdump's plainest form are read straight from the bytes
 * (plainFrameLine.ts), the others as text. Whatever the lines, the decoder
 * must end up exactly where reading all of the text gets it: the same
 * packets, names, problems and frame lines. Compared line by line on every
 * text fixture, the text views of every capture fixture (and of the shared
 * corpus, where it is), random lines near the plain form, and through the
 * chunked entry points, where the encoding is decided.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { analyzeBytes, analyzeCaptureWithText, analyzeChunks, analyzeText, ChunkedAnalysis } from '../../src/core/analyze';
import type { FrameLines } from '../../src/core/model/captureModel';
import { PacketTable } from '../../src/core/packets';
import { ProblemLog } from '../../src/core/problems';
import { summarizeChunks, type ConnectionSummary } from '../../src/core/summary';
import { TcpdumpTextDecoder } from '../../src/core/text/decoder';
import { DETECTION_CHARACTERS } from '../../src/core/text/detect';
import { PlainFrameLine } from '../../src/core/text/plainFrameLine';
import { cut, once, plainModel } from './helpers/chunks';

const ROOT = resolve(__dirname, '../../..');
const SHARED = process.env.TCP_LENS_SHARED ?? resolve(ROOT, '../shared');

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const textOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

function filesIn(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesIn(path, pattern);
      return pattern.test(name) ? [path] : [];
    });
}

const COLUMNS = ['frame', 'line', 'time', 'src', 'dst', 'sport', 'dport', 'flags', 'seq', 'ack', 'known', 'len', 'win', 'options', 'mss', 'wscale', 'tsVal', 'tsEcr', 'sackStart', 'sackCount'] as const;

/** Everything the decoder leaves, as comparable data. */
function decoded(packets: PacketTable, problems: ProblemLog, read: { frameCount: number; frameLines: FrameLines }): unknown {
  const columns: Record<string, number[]> = {};
  for (const key of COLUMNS) columns[key] = Array.from(packets[key].subarray(0, packets.length));
  let edges = 0;
  for (let i = 0; i < packets.length; i++) edges += 2 * packets.sackCount[i];
  const names = Array.from({ length: packets.names.addressCount }, (_, id) => packets.names.addressText(id));
  return {
    columns,
    sackEdges: Array.from(packets.sackEdges.subarray(0, edges)),
    names,
    icmpErrors: JSON.parse(JSON.stringify(packets.icmpErrors)),
    problems: problems.list(),
    frameCount: read.frameCount,
    frameLines: { first: Array.from(read.frameLines.frameFirstLine), last: Array.from(read.frameLines.frameLastLine) },
  };
}

/** The decoder reading all of the text. */
function readAsText(text: string): unknown {
  const packets = new PacketTable();
  const problems = new ProblemLog();
  const decoder = new TcpdumpTextDecoder(packets, problems);
  return decoded(packets, problems, decoder.decode(text));
}

/**
 * The decoder given the text's lines as TextChunkReader gives them: a line
 * the plain reader takes from its bytes, the lines between such lines as one
 * piece of text.
 */
function readLineByLine(bytes: Uint8Array): { result: unknown; plain: number } {
  const packets = new PacketTable();
  const problems = new ProblemLog();
  const decoder = new TcpdumpTextDecoder(packets, problems);
  let pending = 0;
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(10, start);
    if (newline < 0) break;
    const plainEnd = decoder.plainLine.read(bytes, start);
    if (plainEnd >= 0) {
      assert.equal(plainEnd, newline, 'a plain line ends at its newline');
      if (pending < start) decoder.push(textOf(bytes.subarray(pending, start)));
      decoder.readPlainLine(newline + 1 - start);
      pending = newline + 1;
    }
    start = newline + 1;
  }
  if (pending < bytes.length) decoder.push(textOf(bytes.subarray(pending)));
  return { result: decoded(packets, problems, decoder.end()), plain: decoder.plainLine.count };
}

function assertSameReading(text: string, what: string): number {
  const { result, plain } = readLineByLine(utf8(text));
  assert.deepStrictEqual(result, readAsText(text), what);
  return plain;
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

describe('plain frame lines read from bytes read as their text', () => {
  const texts = filesIn(join(ROOT, 'test/fixtures'), /\.(txt|tcpdump)$/);
  const corpusTexts = filesIn(join(SHARED, 'corpus'), /\.(txt|tcpdump)$/);
  const captures = [...filesIn(join(ROOT, 'test/fixtures'), /\.(pcap|pcapng|gz|cap)$/), ...filesIn(join(SHARED, 'corpus'), /\.(pcap|pcapng|gz|cap)$/)];

  test('every text fixture (and the corpus texts), with LF and CRLF', () => {
    assert.ok(texts.length >= 50, `${texts.length} text fixtures`);
    let plain = 0;
    for (const file of [...texts, ...corpusTexts]) {
      const text = readFileSync(file, 'utf8');
      plain += assertSameReading(text, file);
      plain += assertSameReading(crlf(text), `${file} with CRLF`);
    }
    assert.ok(plain > 1000, `${plain} lines read from bytes`);
  });

  test("every capture fixture's text view (tcpdump -n -tttt), and the corpus's", () => {
    let plain = 0;
    for (const file of captures) {
      const { text } = analyzeCaptureWithText(new Uint8Array(readFileSync(file)), 'x');
      plain += assertSameReading(text, file);
    }
    assert.ok(plain > 1000, `${plain} lines read from bytes`);
  });

  test('lines near the plain form, and damaged ones', () => {
    let plain = 0;
    let lines = 0;
    fc.assert(
      fc.property(fc.array(anyLine, { minLength: 1, maxLength: 25 }), fc.boolean(), (generated, lastNewline) => {
        const text = generated.join('\n') + (lastNewline ? '\n' : '');
        plain += assertSameReading(text, JSON.stringify(text));
        lines += generated.length;
      }),
      { numRuns: 1500 },
    );
    // Most lines must take the plain path, and many not: else the comparison says little.
    assert.ok(plain > lines / 4 && plain < (lines * 3) / 4, `${plain} of ${lines} lines read from bytes`);
  });

  test('lines in the minute of the line before, among lines of other days and clocks and timestamps that do not read whole', () => {
    // The plain reader reads only the seconds of a timestamp whose bytes before them are the last whole one's.
    const before = fc.constantFrom('2023-11-14 22:13:', '2023-11-15 22:13:', '2023-11-14 23:13:', '2023-11-14 22:14:', '22:13:', '2:13:', '1700000000.');
    const seconds = fc.constantFrom('20.000001', '59.5', '7.000000', '61.000000', '20', '20.', 'x');
    const after = fc.constantFrom(' ', ' ', ' ', 'x ', '');
    const line = fc.tuple(before, seconds, after).map(([b, s, a]) => `${b}${s}${a}IP 10.0.0.1.1000 > 10.0.0.2.80: Flags [S], seq 1, win 2, length 0`);
    let plain = 0;
    let lines = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 12 }), (generated) => {
        const text = generated.join('\n') + '\n';
        plain += assertSameReading(text, JSON.stringify(text));
        lines += generated.length;
      }),
      { numRuns: 800 },
    );
    assert.ok(plain > lines / 8, `${plain} of ${lines} lines read from bytes`);
  });

  test("options that start as the usual 'nop,nop,TS val ' (read in one step) but for one character, or end early", () => {
    const usual = 'nop,nop,TS val 3487918110 ecr 3487918109';
    const options = [usual, `${usual},sack 1 {5:9}`, 'nop,nop,TS val ', 'nop,nop,TS val', 'nop,nop,TS', 'nop,nop'];
    for (let at = 0; at < 15; at++) for (const c of ['x', ' ', ',', 'N', '0']) if (usual[at] !== c) options.push(usual.slice(0, at) + c + usual.slice(at + 1));
    // At a chunk's end too: the line's last bytes are those the reading looks at.
    const lines = options.map((o, k) => `2023-11-14 22:13:20.0${String(k).padStart(5, '0')} IP 10.0.0.1.1000 > 10.0.0.2.80: Flags [.], ack 1, win 2, options [${o}], length 0`);
    let plain = 0;
    for (const text of [lines.join('\n') + '\n', ...lines.map((line) => line + '\n')]) plain += assertSameReading(text, JSON.stringify(text));
    assert.ok(plain > options.length, `${plain} lines read from bytes`);
  });

  test('a line the plain path reads is read whole, with every field', () => {
    const text =
      '2023-11-14 22:13:20.030000 IP 10.1.0.2.10000 > 192.168.0.1.80: Flags [P.], seq 1:205, ack 1, win 502, options [nop,nop,TS val 3487918110 ecr 3487918109,sack 2 {5:9}{12:20},mss 1400,wscale 8,sackOK], length 204: HTTP\n' +
      '1700000000.5 IP6 2001:db8::1.443 > 2001:db8::2.51000: Flags [S.], seq 7, ack 9, win 65535, urg 3, options [timestamp 5 6], length 0\n' +
      '10:00:00.000001 IP6 2001:db8::2.51000 > 2001:db8::1.443: Flags [none], win 1, length 3\n';
    const { result, plain } = readLineByLine(utf8(text));
    assert.equal(plain, 3);
    assert.deepStrictEqual(result, readAsText(text));
  });
});

// ---- lines near the plain form ------------------------------------------------

const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
const padded = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
/** Mostly what tcpdump prints, sometimes what it does not. */
const mostly = <T>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>) => fc.oneof({ weight: 40, arbitrary: usual }, { weight: 1, arbitrary: unusual });
const fraction = mostly(fc.oneof(padded(6), padded(9)), fc.oneof(digits(0, 99), fc.constant(''), padded(13), padded(12)));
const clock = fc
  .tuple(mostly(padded(2), fc.oneof(digits(0, 999), fc.constant(''))), mostly(digits(0, 59), digits(55, 70)), mostly(digits(0, 60), digits(58, 62)), fraction)
  .map(([h, m, s, f]) => `${h}:${m.padStart(2, '0')}:${s.padStart(2, '0')}.${f}`);
const timestamp = fc.oneof(
  { weight: 8, arbitrary: clock },
  { weight: 4, arbitrary: fc.tuple(mostly(digits(100000000, 99999999999), digits(0, 99999999)), fraction).map(([s, f]) => `${s}.${f}`) },
  { weight: 6, arbitrary: fc.tuple(mostly(digits(1970, 2100), digits(0, 99999)), mostly(digits(1, 12), digits(0, 13)), mostly(digits(1, 31), digits(0, 32)), clock).map(([y, mo, d, c]) => `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')} ${c}`) },
  { weight: 1, arbitrary: fc.constantFrom(' 00:00:00.000100', '-00:00:01.000000', '', '12:00', '    1  10:00:00.000000', '1  10:00:00.000000') },
);
const octet = mostly(digits(0, 255), fc.constantFrom('256', '0010', '999', ''));
const ipv4 = mostly(fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.')), fc.constantFrom('10.0.0', '10.0.0.1.2', 'host.example', 'abc', 'ab.cd', ''));
const ipv6 = mostly(
  fc.constantFrom('2001:db8::1', '2001:db8::2', '::1', 'fe80::1:2:3:4', '::ffff:10.0.0.1', '2001:db8:0:0:0:0:0:1', '1:2:3:4:5:6:7:8', 'FE80::A', '::'),
  fc.constantFrom('zz::1', ':::1', '1:2:3:4:5:6:7:8:9', '2001:db8::1::2', '1:2', 'fe80::1%eth0'),
);
const port = mostly(digits(0, 65535), fc.constantFrom('65536', '99999999', 'http', '', '08080'));
const endpoint = fc.tuple(fc.oneof({ weight: 3, arbitrary: ipv4 }, { weight: 2, arbitrary: ipv6 }), port).map(([address, p]) => `${address}.${p}`);
const flagLetters = mostly(
  fc.array(fc.constantFrom('F', 'S', 'R', 'P', '.', 'U', 'E', 'W'), { maxLength: 4 }).map((l) => l.join('')),
  fc.constantFrom('none', 'ACK', 'S1', 'S ', 'x', 'none ', 'S.]'),
);
const bigNumber = mostly(digits(0, 4294967295), fc.constantFrom('4294967296', '99999999999999999999', '', '-1'));
const option = fc.oneof(
  fc.constantFrom('nop', 'nop', 'eol', 'sackOK', 'mss', 'unknown-57 0x01', 'TS val', 'sack 1', 'sack 1 {1:', 'sackOKx', 'mss 1460 '),
  bigNumber.map((n) => `mss ${n}`),
  digits(0, 20).map((n) => `wscale ${n}`),
  fc.tuple(bigNumber, bigNumber).map(([a, b]) => `TS val ${a} ecr ${b}`),
  fc.tuple(bigNumber, bigNumber).map(([a, b]) => `timestamp ${a} ${b}`),
  fc.array(fc.tuple(bigNumber, bigNumber), { minLength: 1, maxLength: 6 }).map((blocks) => `sack ${blocks.length} ${blocks.map(([l, r]) => `{${l}:${r}}`).join('')}`),
);
const item = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(bigNumber, fc.option(bigNumber)).map(([s, e]) => (e === null ? `seq ${s}` : `seq ${s}:${e}`)) },
  { weight: 6, arbitrary: bigNumber.map((n) => `ack ${n}`) },
  { weight: 6, arbitrary: bigNumber.map((n) => `win ${n}`) },
  { weight: 6, arbitrary: fc.array(option, { maxLength: 6 }).chain((opts) => fc.constantFrom(',', ',', ', ').map((sep) => `options [${opts.join(sep)}]`)) },
  { weight: 1, arbitrary: fc.constantFrom('urg 3', 'cksum 0x1c2d (correct)', 'sequence 1', 'awful', 'options [mss 1460', 'length', 'seq x', 'é') },
);
const trailing = mostly(fc.constantFrom('', '', '', ': HTTP', ': HTTP: GET / HTTP/1.1', ':'), fc.constantFrom(' [|tcp]', ' extra', ': é', '\r', '<br/>', ' <br/>', '`', ' |', '\\', '&nbsp;', ', ack 5', ' ', ': \u0000'));
const plainLike = fc
  .tuple(
    timestamp,
    mostly(fc.constantFrom('IP', 'IP6'), fc.constantFrom('ip', 'IP4', '', 'IP  ')),
    endpoint,
    mostly(fc.constant(' > '), fc.constantFrom('>', ' < ', ' >  ')),
    endpoint,
    mostly(fc.constant(': Flags ['), fc.constantFrom(': flags [', ':  Flags [', ': Flags[')),
    flagLetters,
    fc.array(item, { maxLength: 5 }),
    mostly(bigNumber, fc.constant(null)),
    trailing,
  )
  .map(([time, proto, src, arrow, dst, marker, flags, items, length, tail]) => {
    const fields = [`${flags}]`, ...items, ...(length === null ? [] : [`length ${length}`])].join(', ');
    return `${time}${time === '' ? '' : ' '}${proto}${proto === '' ? '' : ' '}${src}${arrow}${dst}${marker}${fields}${tail}`;
  });
/** One character changed, put in or taken out, somewhere in the line. */
const damaged = fc
  .tuple(plainLike, fc.nat(), fc.constantFrom('', ' ', '\t', ',', ']', '[', ':', '.', '>', 'é', '\u00a0', '\r', 'ICMP ', '0', 'x'), fc.boolean())
  .map(([line, at, insert, replace]) => {
    const p = at % (line.length + 1);
    return line.slice(0, p) + insert + line.slice(replace ? p + 1 : p);
  });
const otherLine = fc.constantFrom(
  '',
  '\t0x0000:  4500 0034 0000 4000 4006 0000 0a00 0001',
  '    10.0.0.1.80 > 10.0.0.2.5000: Flags [S.], seq 1, ack 2, win 3, length 0',
  '10:00:00.000000 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 52)',
  '10:00:00.000000 IP 10.0.0.9 > 10.0.0.1: ICMP 10.0.0.9 tcp port 80 unreachable, length 60',
  '10:00:00.000000 ARP, Request who-has 10.0.0.1 tell 10.0.0.2, length 28',
  '> 10:00:00.000000 IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S], seq 1, win 3, length 0',
  'E..4..@.@.........',
  'garbage line',
  '# café ☕',
  '1   0.0                   svr4.1037 > bsdi.discard: S 2093735041:2093735041(0)',
  '                                                     win 4096 <mss 1024>',
  '10:00:00.000000 IP 10.0.0.9 > 10.0.0.1: ICMP 10.0.0.2 tcp port 80 unreachable, length 68',
  '\tIP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 1, win 3, length 0',
  '    10.0.0.1.5000 > 10.0.0.2.80: Flags [S], cksum 0x1 (correct), seq 1, win 3, length 0',
  '10:00:00.000000 IP 10.0.0.1.5000 > 10.0.0.2.80: tcp 0',
  '    1  10:00:00.000000 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 1, win 3, length 0',
);
/** Without fast-check's bias to extremes, which would make nearly every line unusual somewhere. */
const anyLine = fc.noBias(fc.oneof({ weight: 10, arbitrary: plainLike }, { weight: 3, arbitrary: damaged }, { weight: 2, arbitrary: otherLine }));

// ---- through the chunked entry points -----------------------------------------

/** Enough plain lines for the text's beginning (what tells tcpdump text) to be read before the lines under test. */
function lead(count = 200): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    const us = String(i).padStart(6, '0');
    text += `2023-11-14 22:13:20.${us} IP 10.1.0.${i % 7}.${10000 + i} > 192.168.0.1.80: Flags [S], seq ${1000 + i}, win 502, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0\n`;
  }
  return text;
}

/** Counts the lines read from bytes while `run` runs. */
function countingPlainLines<T>(run: () => T): { value: T; plain: number } {
  const fill = PlainFrameLine.prototype.fill;
  let plain = 0;
  PlainFrameLine.prototype.fill = function (...args) {
    plain++;
    return fill.apply(this, args);
  };
  try {
    return { value: run(), plain };
  } finally {
    PlainFrameLine.prototype.fill = fill;
  }
}

/** `run` with no line read from bytes: the text path alone. */
function withoutPlainLines<T>(run: () => T): T {
  const read = PlainFrameLine.prototype.read;
  PlainFrameLine.prototype.read = () => -1;
  try {
    return run();
  } finally {
    PlainFrameLine.prototype.read = read;
  }
}

describe('text read from bytes in chunks reads as the whole text', () => {
  test('random lines after a plain beginning, cut anywhere, with LF or CRLF', () => {
    let plain = 0;
    fc.assert(
      fc.property(
        fc.array(anyLine, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 30000 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (lines, sizes, windows) => {
          let text = lead() + lines.join('\n') + '\n';
          if (windows) text = crlf(text);
          const whole = plainModel(analyzeText(text, 'x'));
          const counted = countingPlainLines(() => analyzeChunks(once(cut(utf8(text), sizes)), 'x'));
          plain += counted.plain;
          assert.deepEqual(plainModel(counted.value), whole);
        },
      ),
      { numRuns: 150 },
    );
    assert.ok(plain > 150 * 20, `${plain} lines read from bytes`);
  });

  test('plain lines after tunnel lines are outside the tunnel, as in the text read whole', () => {
    const tunnelled = readFileSync(join(ROOT, 'test/fixtures/capture/encapsulation/encap-gre-two-tunnels.n.txt'), 'utf8');
    // The same inner packets, not in a tunnel: the connections of neither GRE key.
    const bare = tunnelled.replace(/IP 192\.0\.2\.\d > 192\.0\.2\.\d: GREv0, key=0x\d, length \d+: /g, '');
    const text = lead() + tunnelled + bare;
    const whole = analyzeText(text, 'x');
    assert.ok(whole.connections.length >= 3, `${whole.connections.length} connections: two tunnels and no tunnel`);
    for (const size of [4096, 1 << 20]) {
      const counted = countingPlainLines(() => analyzeChunks(cut(utf8(text), [size]), 'x'));
      assert.ok(counted.plain > 0, `chunks of ${size}: no line read from bytes`);
      assert.deepEqual(plainModel(counted.value), plainModel(whole), `chunks of ${size}`);
    }
  });

  test('non-ASCII text among plain lines: UTF-8, Latin-1, and UTF-8 that stops being UTF-8', () => {
    const garbage = '# café ☕ 😀\n';
    const utf8Text = lead() + garbage + lead(50) + '10:00:00.000000 IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [P.], seq 1:2, ack 1, win 3, length 1: é\n' + lead(50);
    const utf8Bytes = utf8(utf8Text);
    const latin1Bytes = new Uint8Array(Buffer.from(utf8Text.replace(/[☕😀]/g, 'x'), 'latin1'));
    const broken = new Uint8Array(Buffer.concat([utf8Bytes, Buffer.from([0x23, 0xff, 0x0a]), utf8(lead(30))]));
    const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
    const cases: Array<[string, Uint8Array, string]> = [
      ['UTF-8', utf8Bytes, utf8Text],
      ['Latin-1', latin1Bytes, latin1(latin1Bytes)],
      ['UTF-8, then not', broken, latin1(broken)],
    ];
    for (const [name, bytes, text] of cases) {
      const whole = plainModel(analyzeText(text, 'x'));
      for (const size of [1, 3, 100, 4096, 20000, 1 << 20]) {
        const counted = countingPlainLines(() => analyzeChunks(cut(bytes, [size]), 'x'));
        assert.deepEqual(plainModel(counted.value), whole, `${name}, chunks of ${size}`);
        if (size >= 4096 && size < bytes.length) assert.ok(counted.plain > 0, `${name}, chunks of ${size}: no line read from bytes`);
        assert.deepEqual(plainModel(analyzeBytes(bytes, 'x')), whole, name);
      }
    }
  });

  test('the beginning read as text ends where no line read with it looks further (fields wrapped onto an indented line)', () => {
    const wrapped = '1   0.0                   svr4.1037 > bsdi.discard: S 2093735041:2093735041(0)\n';
    const continued = '                                                     win 4096 <mss 1024>\n';
    // The wrapped line's newline is the first at or after the beginning's length; the line before it ends just short of that.
    const leadLines = lead(400).match(/[^\n]*\n/g)!;
    let before = '';
    let k = 0;
    while (before.length + leadLines[k].length <= DETECTION_CHARACTERS - 4) before += leadLines[k++];
    before += '#'.padEnd(DETECTION_CHARACTERS - 2 - before.length, '-') + '\n';
    const text = before + wrapped + continued + leadLines.slice(k).join('');
    const whole = plainModel(analyzeText(text, 'x'));
    const counted = countingPlainLines(() => analyzeChunks([utf8(text)], 'x'));
    assert.ok(counted.plain > 0);
    assert.deepEqual(plainModel(counted.value), whole);
  });

  test('a pasted line whose fields wrap onto the lines after it, the text cut between them: read with them, as in the text read whole', () => {
    const wrapped = '00:00:00.000000 IP 10.0.0.1.1025 > 10.0.0.2.80: Flags [F], seq x, length 0\n';
    const continued = '                                                     win 4096 <mss 1024>\n';
    const text = lead() + wrapped + continued + continued.replace('win 4096', 'ack 1') + lead(3);
    const whole = plainModel(analyzeText(text, 'x'));
    const start = text.indexOf(wrapped);
    // One byte a chunk; and chunks that end right after the pasted line, and after its first continuation.
    const cuts = [[1], [start + wrapped.length, 1 << 20], [start + wrapped.length + continued.length, 1 << 20]];
    for (const sizes of cuts) {
      const counted = countingPlainLines(() => analyzeChunks(once(cut(utf8(text), sizes)), 'x'));
      // Chunks of one byte hold no whole line to read from the bytes.
      if (sizes[0] > 1) assert.ok(counted.plain > 0, `cut as ${sizes}: no line read from the bytes`);
      assert.deepEqual(plainModel(counted.value), whole, `cut as ${sizes}`);
    }
  });

  test('chunks that cannot be read again, and chunks pushed (ChunkedAnalysis): as with the text path alone', () => {
    const bytes = new Uint8Array(Buffer.concat([utf8(lead() + '# café\n' + lead(40)), Buffer.from([0x23, 0xff, 0x0a]), utf8(lead(40))]));
    for (const size of [1, 7, 5000, 1 << 20]) {
      const slow = withoutPlainLines(() => plainModel(analyzeChunks(once(cut(bytes, [size])), 'x')));
      assert.deepEqual(plainModel(analyzeChunks(once(cut(bytes, [size])), 'x')), slow, `chunks of ${size}`);
      const pushed = () => {
        const analysis = new ChunkedAnalysis('x');
        for (const chunk of cut(bytes, [size])) analysis.push(chunk);
        return plainModel(analysis.end());
      };
      assert.deepEqual(countingPlainLines(pushed).value, withoutPlainLines(pushed), `pushed in chunks of ${size}`);
    }
  });

  test('the summary of text in chunks is the one of the text path alone', () => {
    const text = lead(300) + '10:00:05.000000 IP 10.1.0.1.10001 > 192.168.0.1.80: Flags [R], seq 1001, win 0, length 0\n' + lead(300).replace(/22:13:20/g, '22:13:40');
    const bytes = utf8(text);
    for (const size of [1000, 5000]) {
      const summarize = () => {
        const connections: ConnectionSummary[] = [];
        const summary = summarizeChunks(cut(bytes, [size]), 'x', (c) => connections.push(c), { closeDelay: 1 });
        return { summary, connections };
      };
      const counted = countingPlainLines(summarize);
      assert.ok(counted.plain > 0);
      assert.deepEqual(counted.value, withoutPlainLines(summarize), `chunks of ${size}`);
    }
  });
});

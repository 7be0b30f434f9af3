/**
 * Text people paste from tutorials, blog posts, chat and tickets: each line
 * that names two endpoints and a TCP field is read as the segment it most
 * plausibly is, with one problem saying what was assumed; no line counted
 * as a frame is dropped without a problem.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TcpFlag } from '../../src/core/packets';
import { looksLikeTcpdumpText } from '../../src/core/text';
import { ExpectedPacket, TEXT_FIXTURES, compareWithOracle, decodeText, fixtureText, packetView } from './helpers/textFixtures';

interface PastedExpectation {
  source: string;
  frames: number;
  garbageLines: number[];
  readingProblems: Array<{ line: number; message: string }>;
  packets: ExpectedPacket[];
}

/** The one segment a single pasted line gives, and the one problem on it. */
function readOne(line: string): { segment: ReturnType<typeof packetView>; problem: string | undefined; frameCount: number } {
  const decoded = decodeText(line);
  assert.equal(decoded.packets.length, 1, `one segment from ${JSON.stringify(line)}`);
  const problems = decoded.problems.list();
  assert.ok(problems.length <= 1, `at most one problem on the line: ${JSON.stringify(problems)}`);
  if (problems.length === 1) assert.equal(problems[0].line, 1);
  return { segment: packetView(decoded.packets, 0), problem: problems[0]?.message, frameCount: decoded.frameCount };
}

/**
 * Every line is a segment or carries a problem (indented lines continue the
 * packet above them); every frame that is no segment carries one.
 */
function assertNothingDroppedSilently(text: string): void {
  const decoded = decodeText(text);
  const segmentLines = new Set(Array.from(decoded.packets.line.subarray(0, decoded.packets.length)));
  const problemLines = new Set(decoded.problems.list().map((p) => p.line));
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || /^\s/.test(line)) return;
    assert.ok(segmentLines.has(i + 1) || problemLines.has(i + 1), `line ${i + 1} vanished: ${JSON.stringify(line)}`);
  });
  const unreadable = decoded.problems.list().filter((p) => p.message.startsWith('unreadable TCP segment')).length;
  assert.equal(decoded.frameCount, decoded.packets.length + unreadable, 'every frame is a segment or an unreadable TCP segment');
}

const CLIENT = '10.1.1.2.5001';
const SERVER = '10.1.1.9.80';

describe('pasted tutorial text (pasted-tutorial.txt)', () => {
  const expected = JSON.parse(readFileSync(join(TEXT_FIXTURES, 'pasted-tutorial.expected.json'), 'utf8')) as PastedExpectation;
  const text = fixtureText(expected.source);
  const decoded = decodeText(text);

  it('reads every segment as worked out by hand', () => {
    assert.equal(decoded.frameCount, expected.frames);
    assert.equal(decoded.packets.length, expected.packets.length);
    const agreement = compareWithOracle(decoded, { source: expected.source, frames: expected.frames, packets: expected.packets }, { time: 'epoch', plain: false });
    assert.deepEqual(agreement.mismatches, []);
  });

  it('puts one problem on each line read with assumptions, saying what they were', () => {
    const reading = decoded.problems.list().filter((p) => !p.message.startsWith('not a tcpdump packet line'));
    assert.deepEqual(
      reading.map((p) => ({ line: p.line, message: p.message })),
      expected.readingProblems,
    );
  });

  it('reports the prose, prompts, fences and the RFC 793 diagram as lines that are not packets', () => {
    const garbage = decoded.problems.list().filter((p) => p.message.startsWith('not a tcpdump packet line'));
    assert.deepEqual(
      garbage.map((p) => p.line),
      expected.garbageLines,
    );
  });

  it('drops no line silently, and is recognised as tcpdump text', () => {
    assertNothingDroppedSilently(text);
    assert.ok(looksLikeTcpdumpText(text));
  });
});

describe('what a pasted line is read as', () => {
  it('a pure ACK written without its `.`', () => {
    const { segment, problem } = readOne(`${CLIENT} > ${SERVER}: ack 4001`);
    assert.equal(segment.flags, '.');
    assert.equal(segment.ackRaw, 4001);
    assert.equal(problem, 'line read as a pure ACK: no flags were given');
  });

  it('data written without flags carries the ACK its ack number implies', () => {
    const { segment, problem } = readOne(`${CLIENT} > ${SERVER}: 1:101(100) ack 1 win 512`);
    assert.deepEqual([segment.flags, segment.len, segment.seqRaw, segment.win], ['.', 100, 1, 512]);
    assert.equal(problem, 'line read as a data segment of 100 bytes: no flags were given');
  });

  it('a field given twice keeps the first', () => {
    const { segment, problem } = readOne(`${CLIENT} > ${SERVER}: . ack 4001,ack 1`);
    assert.equal(segment.ackRaw, 4001);
    assert.equal(problem, 'line read as a pure ACK: ack given twice (4001, then 1): kept the first');
  });

  it('`S 100:100` with no length takes it from the range', () => {
    const { segment, problem } = readOne(`${CLIENT} > ${SERVER}: S 100:100 win 4096`);
    assert.deepEqual([segment.flags, segment.seqRaw, segment.len, segment.win], ['S', 100, 0, 4096]);
    assert.equal(problem, 'line read as a SYN: no length was given: took 0 bytes from the range 100:100');
  });

  it('HTML and markdown residue at the end of the line', () => {
    for (const [residue, shown] of [
      ['<br/>', '<br/>'],
      [' <br>', '<br>'],
      ['`', '`'],
      ['</code></pre>', '</code></pre>'],
      ['  \\', '\\'],
      [' |', '|'],
    ]) {
      const { segment, problem } = readOne(`${CLIENT} > ${SERVER}: S 100:100(0) win 4096${residue}`);
      assert.deepEqual([segment.flags, segment.win], ['S', 4096], residue);
      assert.equal(problem, `line read as a SYN: ignored ${JSON.stringify(shown)} at the end of the line`);
    }
  });

  it('quote markers, bullets, numbers, prompts, backticks and tags at the start of the line', () => {
    for (const [prefix, shown] of [
      ['> ', '>'],
      ['> > ', '> >'],
      ['- ', '-'],
      ['* ', '*'],
      ['• ', '•'],
      ['3. ', '3.'],
      ['12) ', '12)'],
      ['$ ', '$'],
      ['# ', '#'],
      ['`', '`'],
      ['<code>', '<code>'],
      ['| ', '|'],
    ]) {
      const { segment, problem } = readOne(`${prefix}${CLIENT} > ${SERVER}: S 100:100(0) win 4096`);
      assert.deepEqual([segment.flags, segment.sport, segment.dport], ['S', 5001, 80], prefix);
      assert.equal(problem, `line read as a SYN: ignored ${JSON.stringify(shown)} at the start of the line`);
    }
  });

  it('residue around tcpdump 4 lines, timed or not, and around the protocol text after them', () => {
    const modern = `IP ${CLIENT} > ${SERVER}: Flags [S], seq 100, win 4096, length 0`;
    assert.equal(readOne(`> 10:00:00.000001 ${modern}`).problem, 'line read as a SYN: ignored ">" at the start of the line');
    assert.equal(readOne(`${modern}<br/>`).problem, 'line read as a SYN: ignored "<br/>" at the end of the line');
    assert.equal(readOne(`${modern}: HTTP: GET /<br/>`).problem, undefined, 'after the protocol text, residue is its own text');
    assert.equal(readOne(`- \`${modern}: HTTP: GET /\``).problem, 'line read as a SYN: ignored "- `" at the start of the line; ignored "`" at the end of the line');
    assert.equal(readOne(`> 10:00:00.000001 ${modern}`).segment.time, 36000.000001);
  });

  it('flags written as words, in brackets or not', () => {
    const cases: Array<[string, string, string]> = [
      ['Flags [SYN], seq 1, win 5, length 0', 'S', '[SYN]'],
      ['Flags [SYN.ACK], seq 1, ack 1, win 5, length 0', 'S.', '[SYN.ACK]'],
      ['Flags [ACK], ack 1, win 5, length 0', '.', '[ACK]'],
      ['Flags [PUSH.ACK], seq 1:11, ack 1, win 5, length 10', 'P.', '[PUSH.ACK]'],
      ['Flags [RST.ACK], seq 1, ack 1, win 0, length 0', 'R.', '[RST.ACK]'],
      ['[SYN, ACK] Seq=0 Ack=1 Win=5', 'S.', '[SYN, ACK]'],
      ['SYN-ACK seq=3000 ack=101 win=5840', 'S.', 'SYN-ACK'],
      ['SYN seq 7', 'S', 'SYN'],
      ['FIN ACK seq 9 ack 3', 'F.', 'FIN ACK'],
    ];
    for (const [fields, flags, words] of cases) {
      const { segment, problem } = readOne(`IP ${CLIENT} > ${SERVER}: ${fields}`);
      assert.equal(segment.flags, flags, fields);
      assert.match(problem ?? '', new RegExp(`read the flags ${JSON.stringify(words).replace(/[[\].]/g, '\\$&')} as \\[`), fields);
    }
  });

  it('`seq=`, `ack=`, `win=` and `len=` as people write them', () => {
    const { segment, problem } = readOne(`${CLIENT} > ${SERVER}: P seq=1:101 ack=1 win=8192 len=100`);
    assert.deepEqual([segment.flags, segment.seqRaw, segment.ackRaw, segment.win, segment.len], ['P.', 1, 1, 8192, 100]);
    assert.equal(problem, undefined, 'nothing assumed: no problem');
  });

  it('tcpdump 4 fields without their commas', () => {
    const { segment, problem } = readOne(`IP ${CLIENT} > ${SERVER}: Flags [S.] seq 5 ack 101 win 5840 length 0`);
    assert.deepEqual([segment.flags, segment.seqRaw, segment.ackRaw, segment.win], ['S.', 5, 101, 5840]);
    assert.equal(problem, undefined);
  });

  it('a comment after the fields', () => {
    for (const comment of ['# the SYN, 1 of 3', '// seq 5 is the ISN', '<-- client ISN 100', '<- step 1', '-- step 1', '; ack 3']) {
      const { segment, problem } = readOne(`${CLIENT} > ${SERVER}: S 100:100(0) win 4096 ${comment}`);
      assert.deepEqual([segment.flags, segment.seqRaw, segment.win, segment.ackRaw], ['S', 100, 4096, null], comment);
      assert.equal(problem, `line read as a SYN: ignored the comment ${JSON.stringify(comment)}`);
    }
  });

  it('words that are no field are ignored, and said so', () => {
    const { segment, problem } = readOne(`${CLIENT} > ${SERVER}: . ack 501 win 8192 (relative) roughly`);
    assert.deepEqual([segment.flags, segment.ackRaw, segment.win], ['.', 501, 8192]);
    assert.equal(problem, 'line read as a pure ACK: ignored "(relative)", "roughly"');
  });

  it('tcpdump 3 asides read silently, as before', () => {
    const { segment, problem } = readOne(`${CLIENT} > ${SERVER}: P 1:2(1) ack 1 win 4096 urg 1 (DF) [tos 0x10] (ttl 64, id 4242, len 41)`);
    assert.deepEqual([segment.flags, segment.len, segment.ackRaw], ['P.', 1, 1]);
    assert.equal(problem, undefined);
  });

  it('endpoints written as address:port', () => {
    for (const [pair, src, dst] of [
      ['10.1.1.2:5001 > 10.1.1.9:80', '10.1.1.2', '10.1.1.9'],
      ['[2001:db8::1]:5001 > [2001:db8::2]:80', '2001:db8::1', '2001:db8::2'],
      ['client:5001 > www.example.com:80', 'client', 'www.example.com'],
    ]) {
      const { segment, problem } = readOne(`${pair}: S 1:1(0) win 1`);
      assert.deepEqual([segment.src, segment.sport, segment.dst, segment.dport], [src, 5001, dst, 80], pair);
      assert.equal(problem, 'line read as a SYN: read the endpoints written as address:port');
    }
  });

  it('HTML entities', () => {
    const { segment, problem } = readOne(`${CLIENT} &gt; ${SERVER}: S 1:1(0) win 4096 &lt;mss 1460&gt;`);
    assert.deepEqual([segment.flags, segment.sport, segment.dport], ['S', 5001, 80]);
    assert.equal(problem, 'line read as a SYN: read the HTML entities &gt; &lt; as the characters they stand for');
  });

  it("a web page's non-breaking spaces, and the time of a line only a loose reading takes", () => {
    const { segment, problem } = readOne(`10:00:00.500000\u00a0${CLIENT}\u00a0>\u00a0${SERVER}: S 1:1(0) win 5`);
    assert.deepEqual([segment.flags, segment.sport, segment.dport, segment.time], ['S', 5001, 80, 36000.5]);
    assert.equal(problem, 'line read as a SYN: read non-breaking spaces as spaces');
  });

  it('words before the endpoints', () => {
    const { segment, problem } = readOne(`Then the client sends ${CLIENT} > ${SERVER}: . ack 1 win 4096`);
    assert.deepEqual([segment.flags, segment.ackRaw], ['.', 1]);
    assert.equal(problem, 'line read as a pure ACK: ignored "Then the client sends" before the endpoints');
  });

  it("TCP/IP Illustrated's numbered, timed lines, and fields wrapped onto the lines below", () => {
    const text = [
      '1   0.0                   svr4.1037 > bsdi.discard: S 1415531521:1415531521(0)',
      '                                                     win 4096 <mss 1024>',
      '2   0.002402 (0.0024)     bsdi.discard > svr4.1037: S 1823083521:1823083521(0)',
      '                                                     ack 1415531522 win 4096',
      '                                                     <mss 1024>',
      '3   0.007224 (0.0048)     svr4.1037 > bsdi.discard: . ack 1823083522 win 4096',
    ].join('\n');
    const decoded = decodeText(text);
    assert.equal(decoded.frameCount, 3);
    const synAck = packetView(decoded.packets, 1);
    assert.deepEqual([synAck.flags, synAck.ackRaw, synAck.win, synAck.line, synAck.time], ['S.', 1415531522, 4096, 3, 0.002402]);
    assert.equal(decoded.packets.mss[1], 1024, 'options on the third wrapped line');
    assert.equal(packetView(decoded.packets, 0).dport, 9, 'discard');
    assert.equal(packetView(decoded.packets, 2).time, 0.007224);
    assert.deepEqual(
      decoded.problems.list().map((p) => [p.line, p.message]),
      [
        [1, 'line read as a SYN: read with the next line, which continues it; read "1" as the packet\'s number and "0.0" as seconds since the first packet (as TCP/IP Illustrated prints them)'],
        [3, 'line read as a SYN-ACK: read with the next 2 lines, which continue it; read "2" as the packet\'s number and "0.002402" as seconds since the first packet (as TCP/IP Illustrated prints them)'],
        [6, 'line read as a pure ACK: read "3" as the packet\'s number and "0.007224" as seconds since the first packet (as TCP/IP Illustrated prints them)'],
      ],
    );
  });

  it('an indented block (markdown code) is a list of packets; deeper lines continue them', () => {
    const text = [
      'Output:',
      '',
      `    ${CLIENT} > ${SERVER}: S 100:100(0) win 4096`,
      `    10.1.1.9.80 > 10.1.1.2.5001: S 300:300(0) ack 101 win 4096`,
      '    10:00:00.000002 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 52)',
      `        ${CLIENT} > ${SERVER}: Flags [.], ack 1, win 4096, length 0`,
      '    not a packet',
    ].join('\n');
    const decoded = decodeText(text);
    assert.equal(decoded.frameCount, 3);
    assert.deepEqual(Array.from(decoded.packets.line.subarray(0, decoded.packets.length)), [3, 4, 5]);
    assert.equal(packetView(decoded.packets, 2).ackRaw, 301);
    assert.deepEqual(
      decoded.problems.list().map((p) => p.line),
      [1, 7],
    );
  });

  it('quoted -v output: the quoted TCP line belongs to the quoted header line above it', () => {
    const text = [
      '> 10:00:00.000001 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)',
      `>     ${CLIENT} > ${SERVER}: Flags [S], seq 1, win 64240, length 0`,
    ].join('\n');
    const decoded = decodeText(text);
    assert.equal(decoded.frameCount, 1);
    assert.deepEqual([decoded.packets.length, decoded.packets.line[0], decoded.packets.flags[0]], [1, 1, TcpFlag.SYN]);
    assert.deepEqual(
      decoded.problems.list().map((p) => p.message),
      ['line read as a SYN: ignored ">" at the start of the line'],
    );
  });
});

describe('recognising pasted text as tcpdump text', () => {
  it('quoted, bulleted or numbered packet lines, and TCP/IP Illustrated figures', () => {
    for (const text of [
      `> ${CLIENT} > ${SERVER}: S 100:100(0) win 4096\n> ${SERVER} > ${CLIENT}: S 300:300(0) ack 101 win 4096\n`,
      `- \`IP ${CLIENT} > ${SERVER}: Flags [S], seq 1, win 1, length 0\`\n`,
      '1   0.0                   svr4.1037 > bsdi.discard: S 1415531521:1415531521(0)\n',
    ]) {
      assert.ok(looksLikeTcpdumpText(text), text);
    }
    for (const text of ['> quoted mail\n> more\n', '1. buy milk\n2. call Bob\n', '- item\n- `code`\n']) assert.equal(looksLikeTcpdumpText(text), false, text);
  });
});

describe('no line counted as a frame is dropped without a problem', () => {
  it('tcpdump -q lines, which show no flags or numbers (tcpdump 4.99 output)', () => {
    const text = [
      '02:55:17.113839 IP 192.0.2.1.40001 > 192.0.2.2.80: tcp 0',
      '02:55:17.134646 IP 192.0.2.1.40001 > 192.0.2.2.80: tcp 94',
    ].join('\n');
    const decoded = decodeText(text);
    assert.deepEqual([decoded.frameCount, decoded.packets.length], [2, 2]);
    assert.deepEqual([...decoded.packets.len.subarray(0, 2)], [0, 94]);
    assert.deepEqual([...decoded.packets.flags.subarray(0, 2)], [0, 0]);
    assert.deepEqual(
      decoded.problems.list().map((p) => [p.line, p.message]),
      [[1, "2 lines of tcpdump -q output ('tcp N': no flags, numbers or window) read as segments of unknown flags, the first is line 1"]],
    );
    // Written with address:port, it is not tcpdump's own line: unreadable, with the reason.
    const pasted = decodeText('02:55:17.113839 IP 192.0.2.1:40001 > 192.0.2.2:80: tcp 94');
    assert.deepEqual(
      pasted.problems.list().map((p) => p.message),
      ['unreadable TCP segment (tcpdump -q prints no flags or sequence numbers): "IP 192.0.2.1:40001 > 192.0.2.2:80: tcp 94"'],
    );
  });

  it('headers the capture cut short, `[|tcp]` (tcpdump 4.99 output)', () => {
    const text = [
      '02:55:17.113839 IP 192.0.2.1.40001 > 192.0.2.2.80:  [|tcp]',
      '02:55:17.155267 IP 192.0.2.2 > 192.0.2.1: [|tcp]',
      '02:55:17.134524 IP 192.0.2.1.40001 > 192.0.2.2.80: Flags [.], ack 48476804, win 63, options [ [|tcp]',
    ].join('\n');
    const decoded = decodeText(text);
    assert.deepEqual([decoded.frameCount, decoded.packets.length], [3, 1]);
    assert.deepEqual(
      decoded.problems.list().map((p) => [p.line, p.message.replace(/:.*/, '')]),
      [
        [1, 'unreadable TCP segment (the capture cut its header short)'],
        [2, 'unreadable TCP segment (the capture cut its header short)'],
      ],
    );
  });

  it('endpoints without ports, and a tcpdump 4 line cut inside its flags', () => {
    for (const line of ['10.1.1.2 > 10.1.1.9: ack 1', 'IP 192.0.2.1.1 > 192.0.2.2.2: Flags [S']) {
      const decoded = decodeText(line);
      assert.deepEqual([decoded.frameCount, decoded.packets.length], [1, 0], line);
      assert.match(decoded.problems.list()[0].message, /^unreadable TCP segment: /, line);
    }
  });

  it('other protocols stay frames without problems, and an ICMP error quoting TCP is no segment', () => {
    const text = [
      '10:00:00.000000 ARP, Request who-has 192.0.2.2 tell 192.0.2.1, length 28',
      '10:00:00.000001 IP 192.0.2.1.53 > 192.0.2.2.53: 1+ A? example. (25)',
      '10:00:00.000002 IP 192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 1, length 64',
      '10:00:00.000003 IP 192.0.2.2 > 192.0.2.1: ICMP 192.0.2.2 tcp port 81 unreachable, IP 192.0.2.1.40001 > 192.0.2.2.81: S 1:1(0) win 1, length 36',
      '10:00:00.000004 IP 192.0.2.1 > 192.0.2.2: ip-proto-6',
    ].join('\n');
    const decoded = decodeText(text);
    assert.deepEqual([decoded.frameCount, decoded.packets.length], [5, 0]);
    assert.deepEqual(decoded.problems.list(), []);
  });

  it('any pasted TCP line, however sloppy: a segment or a problem on its line', () => {
    const endpoints = fc.constantFrom(`${CLIENT} > ${SERVER}:`, '10.1.1.2:5001 > 10.1.1.9:80:', `IP ${CLIENT} > ${SERVER}:`, `${CLIENT} &gt; ${SERVER}:`, 'a.b.c > d.http:');
    const flags = fc.constantFrom('', 'S', '.', 'P', 'FP', 'S.', 'Flags [S.],', 'Flags [ACK],', '[SYN, ACK]', 'SYN-ACK', 'syn', 'R');
    // The TCP fields come first after `SRC > DST:`; what starts otherwise is another protocol's line.
    const tcpField = fc.constantFrom('1:1(0)', '100:100', 'seq 5', 'seq=5', 'ack 4001', 'ack 4001,ack 1', 'ack=7', 'win 512', 'win=512');
    const field = fc.constantFrom('1:1(0)', '100:100', 'seq 5', 'ack 4001', 'win 512', 'length 0', '<mss 1460>', 'options [mss 1460]', '(DF)', 'urg 1', '(relative)', 'x');
    const before = fc.constantFrom('', '> ', '- ', '* ', '1. ', '$ ', '`', '<code>', '| ', '3 0.5 ', '12:00:00.000001 ', 'Then ');
    const after = fc.constantFrom('', '<br/>', '`', '</code>', ' |', ' # a comment', ' <-- here', ' \\');
    const line = fc
      .tuple(before, endpoints, flags, tcpField, fc.array(field, { maxLength: 4 }), after)
      .map(([b, e, f, first, fields, a]) => `${b}${e} ${f} ${[first, ...fields].join(' ')}${a}`.replace(/ +/g, ' '));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        assertNothingDroppedSilently(lines.join('\n'));
      }),
      { numRuns: 300 },
    );
  });
});

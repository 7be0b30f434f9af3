/**
 * Single tcpdump lines and small inputs: timestamps, endpoints, options,
 * continuation lines, problems, and format detection.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Known, TcpFlag, TcpOption } from '../../src/core/packets';
import { looksLikeTcpdumpText } from '../../src/core/text';
import { decodeText, expectedCaptures, fixtureText, packetView } from './helpers/textFixtures';

const SYN = 'IP 192.0.2.1.40001 > 192.0.2.2.80: Flags [S], seq 2423261595, win 64240, options [mss 1460,sackOK,TS val 983029129 ecr 0,nop,wscale 10], length 0';

describe('timestamps', () => {
  const cases: Array<[string, string, number]> = [
    ['clock (default)', '02:55:17.113839 ', 2 * 3600 + 55 * 60 + 17.113839],
    ['nanoseconds', '02:55:17.113839123 ', 2 * 3600 + 55 * 60 + 17.113839123],
    ['-tt epoch', '1795316117.113839 ', 1795316117.113839],
    ['-tttt date', '2026-11-22 02:55:17.113839 ', 1795316117.113839],
    ['-ttttt since the first frame', ' 00:00:01.500000 ', 1.5],
    ['-t none', '', 0],
  ];
  for (const [name, prefix, seconds] of cases) {
    it(name, () => {
      const { packets, problems } = decodeText(prefix + SYN + '\n');
      assert.deepEqual(problems.list(), []);
      assert.equal(packets.length, 1);
      assert.ok(Math.abs(packets.time[0] - seconds) < 1e-6, `${packets.time[0]} vs ${seconds}`);
    });
  }

  it('-ttt deltas (negative ones included) add up to the time since the first frame', () => {
    const deltas = [' 00:00:00.000000', ' 00:00:01.000000', '-00:00:00.500000', ' 00:00:00.100000', ' 00:00:00.100000'];
    const { packets } = decodeText(deltas.map((d) => `${d} ${SYN}`).join('\n'));
    assert.deepEqual(Array.from(packets.time).slice(0, 5).map((t) => Math.round(t * 1e6) / 1e6), [0, 1, 0.5, 0.6, 0.7]);
  });
});

describe('endpoints', () => {
  it('IPv6 addresses in RFC 5952 form', () => {
    const { packets } = decodeText(
      '10:00:00.000000 IP6 2001:0DB8:0:0:0:0:0:0001.8080 > ::ffff:192.0.2.1.40000: Flags [S.], seq 1, ack 2, win 1, length 0\n',
    );
    const p = packetView(packets, 0);
    assert.equal(p.src, '2001:db8::1');
    assert.equal(p.dst, '::ffff:192.0.2.1');
    assert.equal(p.sport, 8080);
    assert.equal(p.dport, 40000);
  });

  it('host and service names (tcpdump without -n)', () => {
    const text = [
      '10:00:00.000000 IP client.example.40001 > server.example.http: Flags [S], seq 1, win 1, length 0',
      '10:00:00.000001 IP server.example.http-alt > client.example.ssh: Flags [S], seq 1, win 1, length 0',
      '10:00:00.000002 IP server.example.no-such-service > client.example.no-such-service: Flags [S], seq 1, win 1, length 0',
    ].join('\n');
    const { packets } = decodeText(text);
    const [a, b, c] = [0, 1, 2].map((i) => packetView(packets, i));
    assert.deepEqual([a.src, a.sport, a.dst, a.dport], ['client.example', 40001, 'server.example', 80]);
    assert.deepEqual([b.sport, b.dport], [8080, 22]);
    assert.ok(c.sport > 65535, 'an unknown service gets a port of its own above 65535');
    assert.equal(c.sport, c.dport, 'the same name, the same port');
    assert.equal(packets.names.portName(c.sport), 'no-such-service');
    assert.equal(packets.src[0], packets.dst[1], 'one address id per host name');
  });
});

describe('TCP fields', () => {
  it('flags, window, length and options', () => {
    const { packets } = decodeText(
      '10:00:00.000000 IP 192.0.2.1.1 > 192.0.2.2.2: Flags [P.], seq 1:95, ack 1, win 63, options [nop,nop,TS val 9 ecr 8,nop,nop,sack 2 {100:200}{300:400}], length 94: HTTP: GET / HTTP/1.1\n',
    );
    assert.equal(packets.flags[0], TcpFlag.PSH | TcpFlag.ACK);
    assert.equal(packets.win[0], 63);
    assert.equal(packets.len[0], 94);
    assert.equal(packets.options[0], TcpOption.TIMESTAMPS | TcpOption.SACK);
    assert.deepEqual([packets.tsVal[0], packets.tsEcr[0]], [9, 8]);
    assert.equal(packets.sackCount[0], 2);
    assert.equal(packets.known[0], Known.SEQ | Known.ACK);
  });

  it('SYN options: mss, sackOK, timestamps, wscale', () => {
    const { packets } = decodeText(SYN);
    assert.equal(packets.options[0], TcpOption.MSS | TcpOption.SACK_PERMITTED | TcpOption.TIMESTAMPS | TcpOption.WSCALE);
    assert.deepEqual([packets.mss[0], packets.wscale[0], packets.tsVal[0], packets.tsEcr[0]], [1460, 10, 983029129, 0]);
  });

  it('Flags [none], urg and cksum items', () => {
    const { packets, problems } = decodeText(
      [
        '10:00:00.000000 IP 192.0.2.1.1 > 192.0.2.2.2: Flags [none], seq 5, win 0, length 0',
        '10:00:00.000001 IP 192.0.2.1.1 > 192.0.2.2.2: Flags [P.U], cksum 0x8eab (correct), seq 8:13, ack 1, win 502, urg 5, length 5 [telnet IP, DO TIMING MARK]',
      ].join('\n'),
    );
    assert.deepEqual(problems.list(), []);
    assert.equal(packets.flags[0], 0);
    assert.equal(packets.flags[1], TcpFlag.PSH | TcpFlag.ACK | TcpFlag.URG);
    assert.equal(packets.len[1], 5);
  });
});

describe('lines around packets', () => {
  it('CRLF line ends', () => {
    const { packets, problems } = decodeText(`10:00:00.000000 ${SYN}\r\n10:00:00.000001 ${SYN}\r\n`);
    assert.deepEqual(problems.list(), []);
    assert.equal(packets.length, 2);
    assert.equal(packets.len[1], 0);
  });

  it('non-TCP frames count in n; the -v TCP line belongs to the header line above it', () => {
    const text = [
      '10:00:00.000000 ARP, Request who-has 192.0.2.2 tell 192.0.2.1, length 28',
      '10:00:00.000001 IP 192.0.2.1.53 > 192.0.2.2.53: 1+ A? example. (25)',
      '10:00:00.000002 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)',
      `    ${SYN.slice(3)}`,
    ].join('\n');
    const { packets, frameCount, problems } = decodeText(text);
    assert.deepEqual(problems.list(), []);
    assert.equal(frameCount, 3);
    assert.deepEqual([packets.frame[0], packets.line[0]], [3, 3]);
  });

  it('a packet line that cannot be read is a problem, and still a frame', () => {
    const text = ['10:00:00.000000 IP 192.0.2.1.1 > 192.0.2.2.2: Flags [S', `10:00:00.000001 ${SYN}`].join('\n');
    const { packets, frameCount, problems } = decodeText(text);
    assert.equal(frameCount, 2);
    assert.deepEqual(problems.list().map((p) => p.line), [1]);
    assert.equal(packets.frame[0], 2);
  });

  it('indented lines with no packet above them are problems', () => {
    const { problems, frameCount } = decodeText(`\t0x0000:  4500 003c\n    192.0.2.1.1 > 192.0.2.2.2: Flags [S], seq 1, win 1, length 0\n10:00:00.000000 ${SYN}`);
    assert.deepEqual(problems.list().map((p) => p.line), [1, 2]);
    assert.equal(frameCount, 1);
  });

  it('a TCP header quoted in an ICMP error is not a segment', () => {
    const { packets, frameCount } = decodeText(
      '10:00:00.000000 IP 192.0.2.2 > 192.0.2.1: ICMP 192.0.2.2 tcp port 81 unreachable, IP 192.0.2.1.40001 > 192.0.2.2.81: Flags [S], seq 1, win 1, length 0\n',
    );
    assert.equal(frameCount, 1);
    assert.equal(packets.length, 0);
  });

  it('empty input', () => {
    const { packets, frameCount, problems } = decodeText('');
    assert.deepEqual([packets.length, frameCount, problems.count], [0, 0, 0]);
  });
});

describe('looksLikeTcpdumpText', () => {
  it('recognises every fixture rendering', () => {
    for (const [, expected] of expectedCaptures()) {
      const files = expected.renderings ? Object.values(expected.renderings).map((r) => r.file) : [`corpus/${expected.source}`];
      for (const file of files) assert.ok(looksLikeTcpdumpText(fixtureText(file)), file);
    }
  });

  it('rejects other text', () => {
    for (const text of ['', '{"packets": []}', 'Dear team,\nthe meeting moved to 10:00.\n', '\u0000\u0001binary', '# A README\n\nSome words.\n']) {
      assert.equal(looksLikeTcpdumpText(text), false, JSON.stringify(text));
    }
  });
});

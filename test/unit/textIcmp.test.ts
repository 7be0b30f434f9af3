/**
 * ICMP and ICMPv6 "destination unreachable" lines of tcpdump text output:
 * every rendering of a capture gives the binary decoder's icmpErrors (as
 * far as it shows them), and the -v quote stays part of the ICMP frame.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBinaryCapture } from '../../src/core/capture';
import { IcmpError } from '../../src/core/icmpErrors';
import { PacketTable } from '../../src/core/packets';
import { ProblemLog } from '../../src/core/problems';
import { decodeTcpdumpText } from '../../src/core/text';
import { ShownIcmpError, showIcmpError } from './helpers/icmpView';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const UNSEEN = join(FIXTURES, 'unseen');
const SYN_REJECTED = join(UNSEEN, 'syn-rejected-icmp');
const CODES = join(FIXTURES, 'capture', 'icmp', 'unreachable-codes');

type Time = 'epoch' | 'clock' | 'sinceFirst' | 'sumOfDeltas';

type Shown = Omit<ShownIcmpError, 'time'>;

function decodeText(text: string): { packets: PacketTable; problems: ProblemLog; frameCount: number } {
  const packets = new PacketTable();
  const problems = new ProblemLog();
  const { frameCount } = decodeTcpdumpText(text, packets, problems);
  return { packets, problems, frameCount };
}

/** Times are compared apart: text shows them in its own style. */
function shown(packets: PacketTable, e: IcmpError): Shown {
  const { time: _time, ...rest } = showIcmpError(packets, e);
  return rest;
}

/** The hosts file the plain renderings were made with: address → name. */
function hostNames(): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(join(UNSEEN, 'hosts'), 'utf8').split('\n')) {
    const [address, name] = line.split(/\s+/);
    if (name && !map.has(address)) map.set(address, name);
  }
  return map;
}

function expectedTime(binaryTime: number, firstFrameTime: number, time: Time): number {
  if (time === 'epoch') return binaryTime;
  if (time === 'clock') return binaryTime % 86400;
  return binaryTime - firstFrameTime;
}

function assertTimes(got: IcmpError[], binary: IcmpError[], firstFrameTime: number, time: Time): void {
  got.forEach((e, i) => assert.ok(Math.abs(e.time - expectedTime(binary[i].time, firstFrameTime, time)) < 2e-6, `time of frame ${e.frame}: ${e.time}`));
}

describe('tcpdump renderings of syn-rejected-icmp.pcap: the same icmpErrors as the binary', () => {
  const binary = decodeBinaryCapture(new Uint8Array(readFileSync(SYN_REJECTED + '.pcap')));
  const binaryErrors = binary.packets.icmpErrors;
  const firstFrameTime = 1795319876.139915;
  const renderings: Array<[variant: string, time: Time]> = [
    ['n', 'clock'],
    ['nn', 'clock'],
    ['S', 'clock'],
    ['v', 'clock'],
    ['tttt', 'epoch'],
    ['e', 'clock'],
    ['ttttt', 'sinceFirst'],
    ['plain', 'clock'],
  ];
  for (const [variant, time] of renderings) {
    it(variant, () => {
      const { packets, problems, frameCount } = decodeText(readFileSync(`${SYN_REJECTED}.${variant}.txt`, 'utf8'));
      assert.deepEqual(problems.list(), []);
      assert.equal(frameCount, 14);
      assert.equal(packets.length, 3, 'the quoted SYN of -v is not a packet');
      const names = variant === 'plain' ? hostNames() : new Map<string, string>();
      const lines = variant === 'v' ? [8, 17, 20] : [7, 11, 14];
      const expected = binaryErrors.map((e, i) => {
        const b = shown(binary.packets, e);
        // Only -v shows the quoted IPv4 segment, hence its source port.
        const sport = variant === 'v' && b.src.indexOf(':') < 0 ? b.sport : -1;
        return { ...b, line: lines[i], sport, src: names.get(b.src) ?? b.src, dst: names.get(b.dst) ?? b.dst };
      });
      assert.deepEqual(packets.icmpErrors.map((e) => shown(packets, e)), expected);
      assertTimes(packets.icmpErrors, binaryErrors, firstFrameTime, time);
      // Quoted addresses are interned with the packets' own: the same ids as the SYNs'.
      for (const [i, e] of packets.icmpErrors.entries()) {
        assert.equal(e.quotedSrc, packets.src[i]);
        assert.equal(e.quotedDst, packets.dst[i]);
      }
    });
  }
});

describe('tcpdump renderings of every unreachable code', () => {
  const binary = decodeBinaryCapture(new Uint8Array(readFileSync(CODES + '.pcap')));
  const all = binary.packets.icmpErrors.map((e) => shown(binary.packets, e));
  const namingPort = (e: Shown) => e.reason === 'port unreachable' || e.reason === 'unreachable port';
  const firstFrameTime = binary.packets.time[0];

  for (const [variant, time] of [['tttt', 'epoch'], ['plain', 'clock'], ['e-ttt', 'sumOfDeltas']] as Array<[string, Time]>) {
    it(`${variant}: the errors that name a TCP port, the source port unknown`, () => {
      const { packets, problems } = decodeText(readFileSync(`${CODES}.${variant}.txt`, 'utf8'));
      assert.deepEqual(problems.list(), []);
      assert.equal(packets.length, binary.packets.length);
      const frameLine = (frame: number) => (frame === 59 ? 74 : frame); // the hex dumps of 3 unknown ICMPv6 codes come before frame 59
      const expected = all.filter(namingPort).map((e) => ({ ...e, sport: -1, line: frameLine(e.frame) }));
      assert.deepEqual(packets.icmpErrors.map((e) => shown(packets, e)), expected);
      const binaryErrors = binary.packets.icmpErrors.filter((e) => namingPort(shown(binary.packets, e)));
      assertTimes(packets.icmpErrors, binaryErrors, firstFrameTime, time);
    });
  }

  for (const variant of ['v', 'v-e']) {
    it(`${variant}: every ICMPv4 error through its quote, with the source port; ICMPv6 ones naming a port`, () => {
      const text = readFileSync(`${CODES}.${variant}.txt`, 'utf8');
      const { packets, problems } = decodeText(text);
      assert.deepEqual(problems.list(), []);
      assert.equal(packets.length, binary.packets.length, 'quoted segments are not packets');
      const frameLines = text.split('\n').flatMap((l, i) => (/^\d\d:/.test(l) ? [i + 1] : []));
      const expected = all
        .filter((e) => e.src.indexOf(':') < 0 || namingPort(e))
        .map((e) => ({ ...e, line: frameLines[e.frame - 1], sport: e.src.indexOf(':') < 0 ? e.sport : -1 }));
      assert.deepEqual(packets.icmpErrors.map((e) => shown(packets, e)), expected);
    });
  }
});

describe('tcpdump ICMP wordings', () => {
  const errorsOf = (text: string) => {
    const { packets, problems } = decodeText(text);
    assert.deepEqual(problems.list(), []);
    return packets.icmpErrors.map((e) => shown(packets, e));
  };

  it('service and host names', () => {
    const errors = errorsOf(
      '10:00:00.000001 IP gw.example > client.example: ICMP server.example tcp port http unreachable, length 36\n' +
        '10:00:00.000002 IP6 server6.example > client6.example: ICMP6, destination unreachable, unreachable port, server6.example tcp port https, length 48\n',
    );
    assert.deepEqual(errors, [
      { frame: 1, line: 1, src: 'client.example', sport: -1, dst: 'server.example', dport: 80, reason: 'port unreachable', hard: true },
      { frame: 2, line: 2, src: 'client6.example', sport: -1, dst: 'server6.example', dport: 443, reason: 'unreachable port', hard: true },
    ]);
  });

  it('errors that show no TCP port are left out without -v', () => {
    const errors = errorsOf(
      [
        '10:00:00.000001 IP 203.0.113.254 > 198.51.100.1: ICMP host 203.0.113.2 unreachable, length 36',
        '10:00:00.000002 IP 203.0.113.254 > 198.51.100.1: ICMP net 203.0.113.2 unreachable - admin prohibited, length 36',
        '10:00:00.000003 IP 203.0.113.254 > 198.51.100.1: ICMP host 203.0.113.2 unreachable - admin prohibited filter, length 36',
        '10:00:00.000004 IP 203.0.113.2 > 198.51.100.1: ICMP 203.0.113.2 udp port domain unreachable, length 36',
        '10:00:00.000005 IP 203.0.113.2 > 198.51.100.1: ICMP 203.0.113.2 protocol 132 port 80 unreachable, length 36',
        '10:00:00.000006 IP6 2001:db8::fe > 2001:db8::1: ICMP6, destination unreachable, unreachable route 2001:db8::2, length 72',
        '10:00:00.000007 IP6 2001:db8::fe > 2001:db8::1: ICMP6, destination unreachable,  unreachable prohibited 2001:db8::2, length 72',
        '10:00:00.000008 IP6 2001:db8::2 > 2001:db8::1: ICMP6, destination unreachable, unreachable port, 2001:db8::2 udp port 53, length 72',
        '10:00:00.000009 IP 203.0.113.254 > 198.51.100.1:  [|icmp]',
        '10:00:00.000010 IP 198.51.100.1 > 203.0.113.2: ICMP echo request, id 1, seq 1, length 64',
        '',
      ].join('\n'),
    );
    assert.deepEqual(errors, []);
  });

  it('-v: the quote gives the segment, and is not a packet', () => {
    const text = [
      '10:00:00.000001 IP (tos 0xc0, ttl 63, id 7, offset 0, flags [none], proto ICMP (1), length 56)',
      '    203.0.113.254 > 198.51.100.1: ICMP host 203.0.113.2 unreachable - admin prohibited, length 36',
      '\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 44)',
      '    198.51.100.1.40104 > 203.0.113.2.80:  [|tcp]',
      '10:00:00.000002 IP (tos 0xc0, ttl 63, id 8, offset 0, flags [none], proto ICMP (1), length 72)',
      '    203.0.113.254 > 198.51.100.1: ICMP host 203.0.113.2 unreachable, length 52',
      '\tIP (tos 0x0, ttl 64, id 2, offset 0, flags [DF], proto UDP (17), length 44)',
      '    198.51.100.1.40105 > 203.0.113.2.53: 1+ A? example. (24)',
      '10:00:00.000003 IP (tos 0xc0, ttl 63, id 9, offset 0, flags [none], proto ICMP (1), length 88)',
      '    203.0.113.2 > 198.51.100.1: ICMP 203.0.113.2 tcp port 8081 unreachable, length 68',
      '\tIP (tos 0x0, ttl 63, id 58934, offset 0, flags [DF], proto TCP (6), length 60)',
      '    198.51.100.1.36152 > 203.0.113.2.8081: Flags [S], cksum 0xa47b (correct), seq 859713840, win 64240, length 0',
      '',
    ].join('\n');
    const { packets, problems } = decodeText(text);
    assert.deepEqual(problems.list(), []);
    assert.equal(packets.length, 0);
    assert.deepEqual(
      packets.icmpErrors.map((e) => shown(packets, e)),
      [
        { frame: 1, line: 1, src: '198.51.100.1', sport: 40104, dst: '203.0.113.2', dport: 80, reason: 'admin prohibited', hard: true },
        { frame: 3, line: 9, src: '198.51.100.1', sport: 36152, dst: '203.0.113.2', dport: 8081, reason: 'port unreachable', hard: true },
      ],
    );
  });

  it('tcpdump -# frame numbers, and a line without its length', () => {
    const errors = errorsOf(
      '    1  10:00:00.000001 IP 203.0.113.2 > 198.51.100.1: ICMP 203.0.113.2 tcp port 8081 unreachable, length 68\n' +
        '10:00:00.000002 IP 203.0.113.2 > 198.51.100.1: ICMP 203.0.113.2 tcp port 8082 unreachable\n',
    );
    assert.deepEqual(errors.map((e) => [e.frame, e.dport]), [[1, 8081], [2, 8082]]);
  });

  it('damaged wordings are skipped, never thrown on', () => {
    const base = '10:00:00.000001 IP 203.0.113.2 > 198.51.100.1: ICMP 203.0.113.2 tcp port 8081 unreachable, length 68';
    const base6 = '10:00:00.000001 IP6 2001:db8::2 > 2001:db8::1: ICMP6, destination unreachable, unreachable port, 2001:db8::2 tcp port 8081, length 88';
    for (const line of [base, base6]) {
      for (let cut = 0; cut <= line.length; cut++) {
        const packets = new PacketTable();
        assert.doesNotThrow(() => decodeTcpdumpText(line.slice(0, cut) + '\n', packets, new ProblemLog()));
        assert.ok(packets.icmpErrors.length <= 1);
      }
    }
  });
});

/**
 * The tcpdump-text fixtures (test/fixtures/text, see its README) and a
 * comparison of decoded packets with the oracle's answers, on the fields a
 * rendering shows (as the corpus scorer's shown_fields does).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PacketTable } from '../../../src/core/packets';
import { ExpectedPacket, packetView } from './packetView';

export { ExpectedPacket, packetView };
import { ProblemLog } from '../../../src/core/problems';
import { decodeTcpdumpText } from '../../../src/core/text';

export const TEXT_FIXTURES = resolve(__dirname, '../../../../test/fixtures/text');

export type TimeKind = 'clock' | 'epoch' | 'sinceFirst' | 'none';


export interface Rendering {
  file: string;
  flags: string;
  time: TimeKind;
  frameLines: number[];
}

export interface ExpectedCapture {
  source: string;
  frames: number;
  firstFrameTime?: number;
  renderings?: Record<string, Rendering>;
  garbageLines?: number[];
  packets: ExpectedPacket[];
}

export function expectedCaptures(): Array<[string, ExpectedCapture]> {
  const dir = join(TEXT_FIXTURES, 'expected');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as ExpectedCapture]);
}

export function expectedCapture(name: string): ExpectedCapture {
  return JSON.parse(readFileSync(join(TEXT_FIXTURES, 'expected', `${name}.json`), 'utf8')) as ExpectedCapture;
}

export function fixtureText(file: string): string {
  return readFileSync(join(TEXT_FIXTURES, file), 'utf8');
}

export interface Decoded {
  packets: PacketTable;
  problems: ProblemLog;
  frameCount: number;
}

export function decodeText(text: string): Decoded {
  const packets = new PacketTable();
  const problems = new ProblemLog();
  const { frameCount } = decodeTcpdumpText(text, packets, problems);
  return { packets, problems, frameCount };
}


const TIME_TOLERANCE = 2e-6;

function timeAgrees(got: number, want: number, kind: TimeKind, firstFrameTime: number | undefined): boolean {
  switch (kind) {
    case 'none':
      return got === 0;
    case 'epoch':
      return Math.abs(got - want) <= TIME_TOLERANCE;
    case 'sinceFirst':
      return firstFrameTime !== undefined && Math.abs(got - (want - firstFrameTime)) <= TIME_TOLERANCE;
    case 'clock': {
      const d = (((got - want) % 86400) + 86400) % 86400;
      return Math.min(d, 86400 - d) <= TIME_TOLERANCE;
    }
  }
}

/** Fields of an oracle packet a rendering shows: no seq without payload/SYN/FIN/RST, no endpoints with names. */
export function shownFields(e: ExpectedPacket, plain: boolean): string[] {
  const fields = ['n', 'line', 'time', 'flags', 'ackRaw', 'len', 'win'];
  if (!plain) fields.push('src', 'dst', 'sport', 'dport');
  if (e.len > 0 || /[SFR]/.test(e.flags)) fields.push('seqRaw');
  return fields;
}

export interface Agreement {
  agree: number;
  total: number;
  mismatches: string[];
}

/** Compares the i-th decoded packet with the i-th expected one, on the shown fields. */
export function compareWithOracle(
  decoded: Decoded,
  expected: ExpectedCapture,
  options: { frameLines?: number[]; time: TimeKind; plain: boolean },
): Agreement {
  const result: Agreement = { agree: 0, total: 0, mismatches: [] };
  expected.packets.forEach((e, i) => {
    const got = i < decoded.packets.length ? packetView(decoded.packets, i) : undefined;
    for (const field of shownFields(e, options.plain)) {
      let want: unknown = (e as unknown as Record<string, unknown>)[field];
      if (field === 'line') want = options.frameLines ? options.frameLines[e.n - 1] : e.line;
      const value = got ? (got as unknown as Record<string, unknown>)[field] : undefined;
      const ok = got !== undefined && (field === 'time' ? timeAgrees(got.time, e.time, options.time, expected.firstFrameTime) : value === want);
      result.total++;
      if (ok) result.agree++;
      else if (result.mismatches.length < 10) result.mismatches.push(`n=${e.n} ${field}: want ${String(want)} got ${String(value)}`);
    }
  });
  return result;
}

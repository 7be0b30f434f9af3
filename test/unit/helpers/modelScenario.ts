/** Builds a model from a few hand-written segments, to test the model's rules one by one. */
import { buildAnalysis } from '../../../src/core/model/analysis';
import type { CaptureModel } from '../../../src/core/model/captureModel';
import { snapshotOf } from '../../../src/core/model/snapshot';
import { oneLinePerFrame } from '../../../src/core/frameLines';
import { Known, PacketTable, SegmentFields, TcpFlag, TcpOption } from '../../../src/core/packets';
import { ProblemLog } from '../../../src/core/problems';
import { STATE_NAMES, eventTags } from '../../../src/core/model/vocabulary';

export interface Seg {
  /** Who sends: the client (10.0.0.1:40000) or the server (10.0.0.2:80); other endpoints as 'a.b.c.d:port>a.b.c.d:port'. */
  from: 'c' | 's' | string;
  /** tcpdump letters: S, S., ., P., F., R, R. ... */
  flags: string;
  seq: number;
  ack?: number;
  len?: number;
  win?: number;
  time?: number;
  wscale?: number;
  /** Leave the sequence number out, as tcpdump text does for pure ACKs. */
  seqUnknown?: boolean;
}

const LETTERS: Record<string, number> = {
  F: TcpFlag.FIN, S: TcpFlag.SYN, R: TcpFlag.RST, P: TcpFlag.PSH, '.': TcpFlag.ACK, U: TcpFlag.URG, E: TcpFlag.ECE, W: TcpFlag.CWR,
};

function ipv4(text: string): number {
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0) >>> 0;
}

/** An ICMP unreachable quoting a client → server segment, arriving after segment `after` (0-based). */
export interface Icmp {
  after: number;
  reason: string;
  hard: boolean;
  showSport?: boolean;
}

export function buildScenario(segs: Seg[], icmp: Icmp[] = []): CaptureModel {
  const table = new PacketTable();
  const s = new SegmentFields();
  segs.forEach((g, i) => {
    s.reset();
    s.frame = i + 1;
    s.line = i + 1;
    s.time = g.time ?? i * 0.01;
    let src = '10.0.0.1:40000';
    let dst = '10.0.0.2:80';
    if (g.from === 's') [src, dst] = [dst, src];
    else if (g.from !== 'c') [src, dst] = g.from.split('>');
    const [sa, sp] = src.split(':');
    const [da, dp] = dst.split(':');
    s.src = table.names.internIPv4(ipv4(sa));
    s.dst = table.names.internIPv4(ipv4(da));
    s.sport = Number(sp);
    s.dport = Number(dp);
    s.flags = [...g.flags].reduce((acc, ch) => acc | (LETTERS[ch] ?? 0), 0);
    s.seq = g.seq >>> 0;
    s.ack = (g.ack ?? 0) >>> 0;
    s.known = (g.seqUnknown ? 0 : Known.SEQ) | (s.flags & TcpFlag.ACK ? Known.ACK : 0);
    s.len = g.len ?? 0;
    s.win = g.win ?? 1000;
    if (g.wscale !== undefined) {
      s.options |= TcpOption.WSCALE;
      s.wscale = g.wscale;
    }
    table.append(s);
  });
  // ICMP messages take frame numbers between the segments': segment k is frame k + 1, so use halves.
  for (const m of icmp) {
    table.icmpErrors.push({
      frame: m.after + 1.5,
      line: m.after + 1.5,
      time: (segs[m.after].time ?? m.after * 0.01) + 0.001,
      quotedSrc: table.names.internIPv4(ipv4('10.0.0.1')),
      quotedDst: table.names.internIPv4(ipv4('10.0.0.2')),
      quotedSport: m.showSport === false ? -1 : 40000,
      quotedDport: 80,
      reason: m.reason,
      hard: m.hard,
    });
  }
  const analysis = buildAnalysis({ format: 'tcpdump-text', gzip: false, packets: table, frameCount: segs.length, problems: new ProblemLog() }, 'scenario');
  return snapshotOf(analysis, { frameLines: oneLinePerFrame(segs.length) });
}

/** "SENDER_STATE/RECEIVER_STATE" after each segment. */
export function statesOf(a: CaptureModel): string[] {
  return Array.from({ length: a.packetCount }, (_, i) => `${STATE_NAMES[a.packets.srcState[i]]}/${STATE_NAMES[a.packets.dstState[i]]}`);
}

export function eventsOf(a: CaptureModel): string[] {
  return Array.from({ length: a.packetCount }, (_, i) => eventTags(a.packets.events[i]).join(','));
}

export function finalStates(a: CaptureModel, conn = 0): string {
  const c = a.connections[conn];
  return `${c.finalState.client}/${c.finalState.server}`;
}

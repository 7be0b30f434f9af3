/**
 * Prints TCP segments the way tcpdump 4.99 does (print-tcp.c), with or
 * without -S, so tests can check that the decoder gets the absolute numbers
 * back from relative output.
 */
export interface TestSegment {
  src: string;
  sport: number;
  dst: string;
  dport: number;
  /** tcpdump's letters, e.g. 'S', 'S.', 'P.', 'R'. */
  flags: string;
  seq: number;
  ack: number;
  len: number;
  win: number;
  sack?: Array<[number, number]>;
}

interface Bases {
  /** Base of each endpoint's sequence space, by `${addr}.${port}`. */
  base: Map<string, number>;
}

/** tcpdump's lines for `segments` (clock timestamps one millisecond apart). */
export function printTcpdump(segments: TestSegment[], options: { absolute: boolean; verbose?: number }): string {
  const connections = new Map<string, Bases>();
  const lines: string[] = [];
  segments.forEach((s, i) => {
    const from = `${s.src}.${s.sport}`;
    const to = `${s.dst}.${s.dport}`;
    const key = from < to ? `${from}|${to}` : `${to}|${from}`;
    const hasAck = s.flags.includes('.');
    let seq = s.seq >>> 0;
    let ack = s.ack >>> 0;
    let sackBase = 0;
    if (!options.absolute && hasAck) {
      const known = connections.get(key);
      if (known === undefined || s.flags.includes('S')) {
        const bases: Bases = { base: new Map([[from, seq], [to, (ack - 1) >>> 0]]) };
        connections.set(key, bases);
        sackBase = (ack - 1) >>> 0;
      } else {
        seq = (seq - known.base.get(from)!) >>> 0;
        ack = (ack - known.base.get(to)!) >>> 0;
        sackBase = known.base.get(to)!;
      }
    }
    const parts = [`Flags [${s.flags}]`];
    if ((options.verbose ?? 0) > 1 || s.len > 0 || /[SFR]/.test(s.flags)) parts.push(s.len > 0 ? `seq ${seq}:${(seq + s.len) >>> 0}` : `seq ${seq}`);
    if (hasAck) parts.push(`ack ${ack}`);
    parts.push(`win ${s.win}`);
    if (s.sack && s.sack.length > 0) {
      const blocks = s.sack.map(([l, r]) => `{${(l - sackBase) >>> 0}:${(r - sackBase) >>> 0}}`).join('');
      parts.push(`options [nop,nop,sack ${s.sack.length} ${blocks}]`);
    }
    parts.push(`length ${s.len}`);
    const ms = 1000 + i;
    const time = `10:00:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
    lines.push(`${time} IP ${from} > ${to}: ${parts.join(', ')}`);
  });
  return lines.join('\n') + '\n';
}

/** The readable report of `tcp-lens analyze FILE`: connections, findings, problems. */
import { AnalysisResult } from '../core/analyze';
import { connectionJson } from '../core/json/analysisJson';
import { EVENT_TAGS } from '../core/model/vocabulary';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** Per connection, how many packets carry each event, in one pass over the packets. */
function eventCounts(a: AnalysisResult): number[][] {
  const counts = a.connections.map(() => new Array<number>(EVENT_TAGS.length).fill(0));
  for (let i = 0; i < a.packets.length; i++) {
    const mask = a.events[i];
    if (mask === 0) continue;
    for (let bit = 0; bit < EVENT_TAGS.length; bit++) if (mask & (1 << bit)) counts[a.conn[i]][bit]++;
  }
  return counts;
}

/** e.g. "duplicate-ack×3 retransmission×2", most frequent first. */
function eventSummary(counts: number[]): string {
  return counts
    .map((n, bit) => [n, bit] as const)
    .filter(([n]) => n > 0)
    .sort((x, y) => y[0] - x[0])
    .map(([n, bit]) => `${EVENT_TAGS[bit]}×${n}`)
    .join(' ');
}

function endpointText(e: { ip: string; port: number }): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

export function formatReport(a: AnalysisResult): string {
  const out: string[] = [];
  const format = a.format + (a.gzip ? ' (gzip)' : '');
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  out.push(`${a.fileName}: ${format}, ${count(a.frameCount, 'frame')}, ${count(a.packets.length, 'TCP segment')}, ${count(a.connections.length, 'connection')}\n\n`);
  if (a.connections.length) {
    const counts = eventCounts(a);
    const rows = a.connections.map((c) => {
      const j = connectionJson(a, c);
      return [
        String(j.id),
        endpointText(j.client),
        endpointText(j.server),
        j.handshake,
        j.close,
        `${j.finalState.client} / ${j.finalState.server}`,
        String(j.packets),
        `${j.bytes.c2s} / ${j.bytes.s2c}`,
        j.rtt === null ? '-' : `${(j.rtt * 1000).toFixed(3)} ms`,
        eventSummary(counts[c.id]) || '-',
      ];
    });
    out.push(table(['#', 'client', 'server', 'handshake', 'close', 'final client / server', 'pkts', 'bytes c→s / s→c', 'rtt', 'events'], rows));
  }
  out.push(`\nFindings: ${a.findings.length ? '' : 'none'}\n`);
  for (const f of a.findings) out.push(`  [${f.severity}] ${f.kind}: ${f.message}\n`);
  if (a.problems.length) {
    out.push(`\nProblems: ${a.problems.length}\n`);
    for (const p of a.problems.slice(0, 20)) {
      const where = p.line !== null ? `line ${p.line}` : p.offset !== null ? `offset ${p.offset}` : 'input';
      out.push(`  ${where}: ${p.message}\n`);
    }
    if (a.problems.length > 20) out.push(`  … ${a.problems.length - 20} more (see --json)\n`);
  }
  return out.join('');
}

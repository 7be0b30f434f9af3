/** The readable report of `tcp-lens analyze FILE`: connections, findings, problems. */
import { findingMessage } from '../core/explain/findingMessage';
import { formatMessage } from '../core/explain/message';
import type { CaptureModel } from '../core/model/captureModel';
import { endpointText, eventCountsOfConnections } from '../core/query';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h) => h.length);
  for (const row of rows) for (let c = 0; c < widths.length; c++) if (row[c].length > widths[c]) widths[c] = row[c].length;
  const last = widths.length - 1;
  const line = (cells: string[]) => {
    let text = '';
    for (let c = 0; c < last; c++) text += cells[c].padEnd(widths[c]) + '  ';
    return (text + cells[last]).trimEnd() + '\n';
  };
  let text = line(header) + line(widths.map((w) => '-'.repeat(w)));
  for (const row of rows) text += line(row);
  return text;
}

/** e.g. "duplicate-ack×3 retransmission×2", most frequent first. */
function eventSummary(counts: readonly { tag: string; count: number }[]): string {
  return counts.map(({ tag, count }) => `${tag}×${count}`).join(' ');
}

/** Milliseconds, from the RTT as the JSON gives it (rounded to the nanosecond). */
function rttText(rtt: number | null): string {
  return rtt === null ? '-' : `${((Math.round(rtt * 1e9) / 1e9) * 1000).toFixed(3)} ms`;
}

export function formatReport(model: CaptureModel): string {
  const out: string[] = [];
  const format = model.format + (model.gzip ? ' (gzip)' : '');
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  out.push(
    `${model.fileName}: ${format}, ${count(model.frameCount, 'frame')}, ${count(model.packetCount, 'TCP segment')}, ${count(model.connections.length, 'connection')}\n\n`,
  );
  if (model.connections.length) {
    const eventCounts = eventCountsOfConnections(model);
    const rows = model.connections.map((c) => [
      String(c.id),
      endpointText(c.client),
      endpointText(c.server),
      c.handshake,
      c.close,
      `${c.finalState.client} / ${c.finalState.server}`,
      String(c.packets),
      `${c.bytes.c2s} / ${c.bytes.s2c}`,
      rttText(c.rtt),
      eventSummary(eventCounts[c.id]) || '-',
    ]);
    out.push(table(['#', 'client', 'server', 'handshake', 'close', 'final client / server', 'pkts', 'bytes c→s / s→c', 'rtt', 'events'], rows));
  }
  out.push(`\nFindings: ${model.findings.length ? '' : 'none'}\n`);
  for (const f of model.findings) out.push(`  [${f.severity}] ${f.kind}: ${formatMessage(findingMessage(f))}\n`);
  if (model.problems.length) {
    out.push(`\nProblems: ${model.problems.length}\n`);
    for (const p of model.problems.slice(0, 20)) {
      const where = p.line !== null ? `line ${p.line}` : p.offset !== null ? `offset ${p.offset}` : 'input';
      out.push(`  ${where}: ${p.message}\n`);
    }
    if (model.problems.length > 20) out.push(`  … ${model.problems.length - 20} more (see --json)\n`);
  }
  return out.join('');
}

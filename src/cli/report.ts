/** The readable report of `tcp-lens analyze FILE`: connections, findings, problems. */
import { findingMessage } from '../core/explain/findingMessage';
import { formatMessage } from '../core/explain/message';
import type { CaptureModel } from '../core/model/captureModel';
import { endpointText, eventCountsOfConnections } from '../core/query';

/** Columns padded to their widest cell, two spaces apart; `cells` holds the rows one after another, `header.length` cells each. */
function table(header: string[], cells: string[]): string {
  const columns = header.length;
  const widths = header.map((h) => h.length);
  for (let i = 0; i < cells.length; i++) {
    const c = i % columns;
    if (cells[i].length > widths[c]) widths[c] = cells[i].length;
  }
  const last = columns - 1;
  const lines: string[] = [];
  const line = (row: readonly string[], at: number) => {
    let text = '';
    for (let c = 0; c < last; c++) text += row[at + c].padEnd(widths[c] + 2);
    lines.push((text + row[at + last]).trimEnd());
  };
  line(header, 0);
  line(widths.map((w) => '-'.repeat(w)), 0);
  for (let at = 0; at < cells.length; at += columns) line(cells, at);
  lines.push('');
  return lines.join('\n');
}

/** e.g. "duplicate-ack×3 retransmission×2", most frequent first. */
function eventSummary(counts: readonly { tag: string; count: number }[]): string {
  let text = '';
  for (const { tag, count } of counts) text += `${text === '' ? '' : ' '}${tag}×${count}`;
  return text;
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
    const cells: string[] = [];
    for (const c of model.connections) {
      cells.push(
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
      );
    }
    out.push(table(['#', 'client', 'server', 'handshake', 'close', 'final client / server', 'pkts', 'bytes c→s / s→c', 'rtt', 'events'], cells));
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

/**
 * The summary JSON (`tcp-lens analyze --summary FILE`), written as the
 * summary streams: the analysis JSON's document without its `packets`, its
 * connections written as they end (each as in the analysis JSON, plus the
 * packets that carried each event), then the input, the totals, the
 * findings and the problems. The header is written with the first
 * connection, so that an unreadable input writes nothing.
 */
import type { CaptureSummary, ConnectionSummary, EventCount } from '../summary';
import { TOOL_VERSION } from '../version';
import { endConnection, findingJson, QuotedStrings, writeConnectionFields } from './analysisJson';
import { ByteWriter, utf8 } from './byteWriter';

const EVENTS_OPEN = utf8(',"events":{');
const COLON = utf8(':');
const COMMA = utf8(',');
const EVENTS_CLOSE = utf8('}');

export class SummaryJsonWriter {
  private readonly out: ByteWriter;
  private readonly quoted = new QuotedStrings();
  private connections = 0;

  /** `closeDelay` as the summary used it (Infinity: connections were kept to the end). */
  constructor(
    write: (chunk: Uint8Array) => void,
    private readonly closeDelay: number,
  ) {
    this.out = new ByteWriter(write);
  }

  /**
   * One connection, as the summary writes it out: its entry in the analysis
   * JSON with `"events"` last, written as bytes (no object or string made of
   * it: a summary writes them by the million).
   */
  connection(c: ConnectionSummary): void {
    if (this.connections === 0) this.header();
    const out = this.out;
    writeConnectionFields(out, c, this.quoted, this.connections++ === 0);
    out.bytes(EVENTS_OPEN);
    c.events.forEach(({ tag, count }, i) => {
      if (i > 0) out.bytes(COMMA);
      out.bytes(this.quoted.of(tag));
      out.bytes(COLON);
      out.number(count);
    });
    out.bytes(EVENTS_CLOSE);
    endConnection(out);
  }

  /** The rest of the document, once the summary is done. */
  end(summary: CaptureSummary): void {
    if (this.connections === 0) this.header();
    const input = { file: summary.fileName, format: summary.format, gzip: summary.gzip, frames: summary.frameCount };
    const totals = { packets: summary.packetCount, connections: summary.connectionCount, events: eventsJson(summary.events) };
    const out = this.out;
    out.text(`\n],\n"input": ${JSON.stringify(input)},\n"totals": ${JSON.stringify(totals)},\n"findings": [`);
    summary.findings.forEach((f, i) => out.text((i ? ',\n' : '\n') + JSON.stringify(findingJson(f))));
    out.text('\n],\n"problems": [');
    summary.problems.forEach((p, i) => out.text((i ? ',\n' : '\n') + JSON.stringify({ line: p.line, offset: p.offset, message: p.message })));
    out.text('\n]\n}\n');
    out.flush();
  }

  private header(): void {
    const summary = { closeDelay: this.closeDelay === Infinity ? null : this.closeDelay };
    this.out.text(`{\n"tool": "tcp-lens", "version": ${JSON.stringify(TOOL_VERSION)},\n"summary": ${JSON.stringify(summary)},\n"connections": [`);
  }
}

/** `{"retransmission": 3, …}`, most frequent first. */
function eventsJson(events: readonly EventCount[]): Record<string, number> {
  const json: Record<string, number> = {};
  for (const { tag, count } of events) json[tag] = count;
  return json;
}

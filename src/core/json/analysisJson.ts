/**
 * The analysis JSON contract (`tcp-lens analyze FILE --json`), written from
 * the `CaptureModel` as a stream of chunks, so that a capture of millions of
 * packets never becomes one giant string or an object per packet.
 */
import { findingMessage } from '../explain/findingMessage';
import { formatMessage } from '../explain/message';
import type { CaptureModel, ConnectionRecord, Endpoint, Finding } from '../model/captureModel';
import { PacketMark } from '../model/captureModel';
import { STATE_NAMES, eventTags } from '../model/vocabulary';
import { FIRST_NAMED_PORT } from '../names';
import { TcpFlag, flagsText } from '../packets';
import { TOOL_VERSION } from '../version';

export { TOOL_VERSION } from '../version';

const CHUNK_SIZE = 1 << 16;

/** Collects small strings and hands them to `write` in chunks of about 64 KiB. */
class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly write: (chunk: string) => void) {}
  add(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= CHUNK_SIZE) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

const FLAG_TEXT: string[] = Array.from({ length: 256 }, (_, f) => JSON.stringify(flagsText(f)));
const STATE_JSON: string[] = STATE_NAMES.map((s) => JSON.stringify(s));
const eventsJsonCache = new Map<number, string>();

function eventsJson(mask: number): string {
  let s = eventsJsonCache.get(mask);
  if (s === undefined) {
    s = JSON.stringify(eventTags(mask));
    eventsJsonCache.set(mask, s);
  }
  return s;
}

export function writeAnalysisJson(model: CaptureModel, write: (chunk: string) => void): void {
  const out = new ChunkedWriter(write);
  const input = { file: model.fileName, format: model.format, gzip: model.gzip, frames: model.frameCount };
  out.add(`{\n"tool": "tcp-lens", "version": ${JSON.stringify(TOOL_VERSION)},\n"input": ${JSON.stringify(input)},\n"packets": [`);
  writePackets(model, out);
  out.add('\n],\n"connections": [');
  model.connections.forEach((c, i) => out.add((i ? ',\n' : '\n') + JSON.stringify(connectionJson(c))));
  out.add('\n],\n"findings": [');
  model.findings.forEach((f, i) => out.add((i ? ',\n' : '\n') + JSON.stringify(findingJson(f))));
  out.add('\n],\n"problems": [');
  model.problems.forEach((p, i) => out.add((i ? ',\n' : '\n') + JSON.stringify({ line: p.line, offset: p.offset, message: p.message })));
  out.add('\n]\n}\n');
  out.flush();
}

/** `"sport":…,"dport":…` and, for a port named without a number, `"sportName"`/`"dportName"` (the number is null). */
function portsJson(model: CaptureModel, sport: number, dport: number): string {
  if (sport < FIRST_NAMED_PORT && dport < FIRST_NAMED_PORT) return `"sport":${sport},"dport":${dport}`;
  const named = (port: number) => (port < FIRST_NAMED_PORT ? String(port) : 'null');
  let s = `"sport":${named(sport)},"dport":${named(dport)}`;
  if (sport >= FIRST_NAMED_PORT) s += `,"sportName":${JSON.stringify(model.portNames[sport - FIRST_NAMED_PORT] ?? '?')}`;
  if (dport >= FIRST_NAMED_PORT) s += `,"dportName":${JSON.stringify(model.portNames[dport - FIRST_NAMED_PORT] ?? '?')}`;
  return s;
}

function writePackets(model: CaptureModel, out: ChunkedWriter): void {
  const p = model.packets;
  const addressJson = model.addresses.map((a) => JSON.stringify(a));
  for (let i = 0; i < model.packetCount; i++) {
    const flags = p.flags[i];
    const hasAck = (flags & TcpFlag.ACK) !== 0;
    const seqKnown = (p.marks[i] & (PacketMark.SEQ_SHOWN | PacketMark.SEQ_INFERRED)) !== 0;
    out.add(
      `${i ? ',' : ''}\n{"n":${p.frame[i]},"line":${p.line[i]},"time":${p.time[i]},` +
        `"src":${addressJson[p.src[i]]},"dst":${addressJson[p.dst[i]]},${portsJson(model, p.sport[i], p.dport[i])},` +
        `"flags":${FLAG_TEXT[flags]},"seq":${p.seq[i]},"ack":${hasAck ? p.ack[i] : 'null'},` +
        `"seqRaw":${seqKnown ? p.seqRaw[i] : 'null'},"ackRaw":${hasAck ? p.ackRaw[i] : 'null'},` +
        `"len":${p.len[i]},"win":${p.win[i]},"conn":${p.conn[i]},"dir":${p.dir[i] === 0 ? '"c2s"' : '"s2c"'},` +
        `"srcState":${STATE_JSON[p.srcState[i]]},"dstState":${STATE_JSON[p.dstState[i]]},"events":${eventsJson(p.events[i])}}`,
    );
  }
}

function endpointJson(e: Endpoint): { ip: string; port: number | null; portName?: string } {
  return e.port === null ? { ip: e.ip, port: null, portName: e.portName } : { ip: e.ip, port: e.port };
}

/** One entry of `connections[]`. */
export function connectionJson(c: ConnectionRecord) {
  return {
    id: c.id,
    client: endpointJson(c.client),
    server: endpointJson(c.server),
    firstN: c.firstN,
    lastN: c.lastN,
    packets: c.packets,
    bytes: { c2s: c.bytes.c2s, s2c: c.bytes.s2c },
    start: c.start,
    end: c.end,
    handshake: c.handshake,
    close: c.close,
    finalState: { client: c.finalState.client, server: c.finalState.server },
    completeness: c.completeness,
    rtt: c.rtt === null ? null : Math.round(c.rtt * 1e9) / 1e9,
  };
}

/** One entry of `findings[]`: kind, severity, the English message, packets, connections, then the kind's own fields. */
export function findingJson(f: Finding): Record<string, unknown> {
  const { kind, severity, packets, connections, ...fields } = f;
  return { kind, severity, message: formatMessage(findingMessage(f)), packets, connections, ...fields };
}

/**
 * The analysis JSON contract (`tcp-lens analyze FILE --json`), written from
 * the `CaptureModel` as a stream of chunks, so that a capture of millions of
 * packets never becomes one giant string or an object per packet. Packets
 * are written as bytes, field by field (byteWriter.ts).
 */
import { DecodeUTF8 } from 'fflate';
import { findingMessage } from '../explain/findingMessage';
import { formatMessage } from '../explain/message';
import type { CaptureModel, ConnectionRecord, Endpoint, Finding } from '../model/captureModel';
import { PacketMark } from '../model/captureModel';
import { STATE_NAMES, eventTags } from '../model/vocabulary';
import { FIRST_NAMED_PORT } from '../names';
import { TcpFlag, flagsText } from '../packets';
import { TOOL_VERSION } from '../version';
import { ByteWriter, putBytes, putNumber, putUint32, utf8 } from './byteWriter';

export { TOOL_VERSION } from '../version';

const FLAG_JSON: Uint8Array[] = Array.from({ length: 256 }, (_, f) => utf8(JSON.stringify(flagsText(f))));
const STATE_JSON: Uint8Array[] = STATE_NAMES.map((s) => utf8(JSON.stringify(s)));
const DIR_JSON = [utf8('"c2s"'), utf8('"s2c"')];
const eventsJsonCache = new Map<number, Uint8Array>();

function eventsJson(mask: number): Uint8Array {
  let s = eventsJsonCache.get(mask);
  if (s === undefined) {
    s = utf8(JSON.stringify(eventTags(mask)));
    eventsJsonCache.set(mask, s);
  }
  return s;
}

/** The document as text, in chunks (see `writeAnalysisJsonBytes`). */
export function writeAnalysisJson(model: CaptureModel, write: (chunk: string) => void): void {
  const text = new DecodeUTF8((chunk) => {
    if (chunk.length > 0) write(chunk);
  });
  writeAnalysisJsonBytes(model, (bytes) => text.push(bytes));
  text.push(new Uint8Array(0), true);
}

/**
 * The document as UTF-8 bytes, in chunks of about 64 KiB; `write` may only
 * read a chunk during the call (the buffer is reused).
 */
export function writeAnalysisJsonBytes(model: CaptureModel, write: (chunk: Uint8Array) => void): void {
  const out = new ByteWriter(write);
  const input = { file: model.fileName, format: model.format, gzip: model.gzip, frames: model.frameCount };
  out.text(`{\n"tool": "tcp-lens", "version": ${JSON.stringify(TOOL_VERSION)},\n"input": ${JSON.stringify(input)},\n"packets": [`);
  writePackets(model, out);
  out.text('\n],\n"connections": [');
  model.connections.forEach((c, i) => out.text((i ? ',\n' : '\n') + JSON.stringify(connectionJson(c))));
  out.text('\n],\n"findings": [');
  model.findings.forEach((f, i) => out.text((i ? ',\n' : '\n') + JSON.stringify(findingJson(f))));
  out.text('\n],\n"problems": [');
  model.problems.forEach((p, i) => out.text((i ? ',\n' : '\n') + JSON.stringify({ line: p.line, offset: p.offset, message: p.message })));
  out.text('\n]\n}\n');
  out.flush();
}

/** `"sport":…,"dport":…` and, for a port named without a number, `"sportName"`/`"dportName"` (the number is null). */
function portsJson(model: CaptureModel, sport: number, dport: number): string {
  const named = (port: number) => (port < FIRST_NAMED_PORT ? String(port) : 'null');
  let s = `"sport":${named(sport)},"dport":${named(dport)}`;
  if (sport >= FIRST_NAMED_PORT) s += `,"sportName":${JSON.stringify(model.portNames[sport - FIRST_NAMED_PORT] ?? '?')}`;
  if (dport >= FIRST_NAMED_PORT) s += `,"dportName":${JSON.stringify(model.portNames[dport - FIRST_NAMED_PORT] ?? '?')}`;
  return s;
}

/** The constant parts of a packet's object, between its values. */
const PART = {
  firstOpen: utf8('\n{"n":'),
  open: utf8(',\n{"n":'),
  line: utf8(',"line":'),
  time: utf8(',"time":'),
  src: utf8(',"src":'),
  dst: utf8(',"dst":'),
  sport: utf8(',"sport":'),
  dport: utf8(',"dport":'),
  flags: utf8(',"flags":'),
  seq: utf8(',"seq":'),
  ack: utf8(',"ack":'),
  seqRaw: utf8(',"seqRaw":'),
  ackRaw: utf8(',"ackRaw":'),
  len: utf8(',"len":'),
  win: utf8(',"win":'),
  conn: utf8(',"conn":'),
  dir: utf8(',"dir":'),
  srcState: utf8(',"srcState":'),
  dstState: utf8(',"dstState":'),
  events: utf8(',"events":'),
  close: utf8('}'),
  null: utf8('null'),
};

/** Bytes of every constant part and every number of one packet, at most. */
const PACKET_BYTES = 600;

function writePackets(model: CaptureModel, out: ByteWriter): void {
  const p = model.packets;
  const addressJson = model.addresses.map((a) => utf8(JSON.stringify(a)));
  for (let i = 0; i < model.packetCount; i++) {
    const flags = p.flags[i];
    const hasAck = (flags & TcpFlag.ACK) !== 0;
    const seqKnown = (p.marks[i] & (PacketMark.SEQ_SHOWN | PacketMark.SEQ_INFERRED)) !== 0;
    const src = addressJson[p.src[i]];
    const dst = addressJson[p.dst[i]];
    const events = eventsJson(p.events[i]);
    const sport = p.sport[i];
    const dport = p.dport[i];
    out.room(PACKET_BYTES + src.length + dst.length + events.length);
    const buf = out.buf;
    let at = putBytes(buf, out.at, i ? PART.open : PART.firstOpen);
    at = putUint32(buf, at, p.frame[i]);
    at = putBytes(buf, at, PART.line);
    at = putUint32(buf, at, p.line[i]);
    at = putBytes(buf, at, PART.time);
    at = putNumber(buf, at, p.time[i]);
    at = putBytes(buf, at, PART.src);
    at = putBytes(buf, at, src);
    at = putBytes(buf, at, PART.dst);
    at = putBytes(buf, at, dst);
    if (sport < FIRST_NAMED_PORT && dport < FIRST_NAMED_PORT) {
      at = putBytes(buf, at, PART.sport);
      at = putUint32(buf, at, sport);
      at = putBytes(buf, at, PART.dport);
      at = putUint32(buf, at, dport);
      out.at = at;
    } else {
      out.at = at;
      out.text(',' + portsJson(model, sport, dport));
      out.room(PACKET_BYTES + events.length);
    }
    writePacketRest(model, i, hasAck, seqKnown, events, out);
  }
}

/** From `flags` on: after the ports, whose names (rarely) are long. */
function writePacketRest(model: CaptureModel, i: number, hasAck: boolean, seqKnown: boolean, events: Uint8Array, out: ByteWriter): void {
  const p = model.packets;
  const buf = out.buf;
  let at = putBytes(buf, out.at, PART.flags);
  at = putBytes(buf, at, FLAG_JSON[p.flags[i]]);
  at = putBytes(buf, at, PART.seq);
  at = putUint32(buf, at, p.seq[i]);
  at = putBytes(buf, at, PART.ack);
  at = hasAck ? putUint32(buf, at, p.ack[i]) : putBytes(buf, at, PART.null);
  at = putBytes(buf, at, PART.seqRaw);
  at = seqKnown ? putUint32(buf, at, p.seqRaw[i]) : putBytes(buf, at, PART.null);
  at = putBytes(buf, at, PART.ackRaw);
  at = hasAck ? putUint32(buf, at, p.ackRaw[i]) : putBytes(buf, at, PART.null);
  at = putBytes(buf, at, PART.len);
  at = putUint32(buf, at, p.len[i]);
  at = putBytes(buf, at, PART.win);
  at = putUint32(buf, at, p.win[i]);
  at = putBytes(buf, at, PART.conn);
  at = putUint32(buf, at, p.conn[i]);
  at = putBytes(buf, at, PART.dir);
  at = putBytes(buf, at, DIR_JSON[p.dir[i] === 0 ? 0 : 1]);
  at = putBytes(buf, at, PART.srcState);
  at = putBytes(buf, at, STATE_JSON[p.srcState[i]]);
  at = putBytes(buf, at, PART.dstState);
  at = putBytes(buf, at, STATE_JSON[p.dstState[i]]);
  at = putBytes(buf, at, PART.events);
  at = putBytes(buf, at, events);
  at = putBytes(buf, at, PART.close);
  out.at = at;
}

function endpointJson(e: Endpoint): { ip: string; port: number | null; portName?: string } {
  return e.port === null ? { ip: e.ip, port: null, portName: e.portName } : { ip: e.ip, port: e.port };
}

/** The fields of a connection its entry in `connections[]` shows. */
export type ConnectionJsonFields = Pick<
  ConnectionRecord,
  'id' | 'client' | 'server' | 'firstN' | 'lastN' | 'packets' | 'bytes' | 'start' | 'end' | 'handshake' | 'close' | 'finalState' | 'completeness' | 'rtt'
>;

/** One entry of `connections[]`. */
export function connectionJson(c: ConnectionJsonFields) {
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

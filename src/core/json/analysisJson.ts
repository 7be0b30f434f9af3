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
  ack: utf8(',"ack":'),
  seqRaw: utf8(',"seqRaw":'),
  ackRaw: utf8(',"ackRaw":'),
  len: utf8(',"len":'),
  win: utf8(',"win":'),
  conn: utf8(',"conn":'),
  null: utf8('null'),
};

/** `,"flags":"…","seq":` for each flags byte. */
const FLAGS_THEN_SEQ: Uint8Array[] = Array.from({ length: 256 }, (_, f) => utf8(`,"flags":${JSON.stringify(flagsText(f))},"seq":`));

/** Bytes of every constant part and every number of one packet, at most (the parts cached below aside). */
const PACKET_BYTES = 400;

/**
 * What repeats from packet to packet, as bytes made once: the endpoints of
 * each direction of a connection (`,"src":…,"dport":…`, kept for the last
 * connections seen, in slots by connection and direction), and the end of
 * the object from `dir` on, for each direction, pair of states and events.
 */
class PacketParts {
  private readonly endpointKeys = new Int32Array(ENDPOINT_SLOTS).fill(-1);
  private readonly endpointBytes: Uint8Array[] = new Array<Uint8Array>(ENDPOINT_SLOTS);
  private readonly addressJson: string[];
  private readonly tails = new Map<number, Uint8Array>();

  constructor(private readonly model: CaptureModel) {
    this.addressJson = model.addresses.map((a) => JSON.stringify(a));
  }

  endpoints(i: number): Uint8Array {
    const p = this.model.packets;
    const key = p.conn[i] * 2 + p.dir[i];
    const slot = key & (ENDPOINT_SLOTS - 1);
    if (this.endpointKeys[slot] === key) return this.endpointBytes[slot];
    const bytes = utf8(`,"src":${this.addressJson[p.src[i]]},"dst":${this.addressJson[p.dst[i]]},${portsJson(this.model, p.sport[i], p.dport[i])}`);
    this.endpointKeys[slot] = key;
    this.endpointBytes[slot] = bytes;
    return bytes;
  }

  tail(i: number): Uint8Array {
    const p = this.model.packets;
    const dir = p.dir[i] === 0 ? 0 : 1;
    const key = dir + 2 * (p.srcState[i] + 16 * (p.dstState[i] + 16 * p.events[i]));
    let bytes = this.tails.get(key);
    if (bytes === undefined) {
      const states = `"srcState":${JSON.stringify(STATE_NAMES[p.srcState[i]])},"dstState":${JSON.stringify(STATE_NAMES[p.dstState[i]])}`;
      bytes = utf8(`,"dir":${dir === 0 ? '"c2s"' : '"s2c"'},${states},"events":${JSON.stringify(eventTags(p.events[i]))}}`);
      this.tails.set(key, bytes);
    }
    return bytes;
  }
}

const ENDPOINT_SLOTS = 4096;

function writePackets(model: CaptureModel, out: ByteWriter): void {
  const p = model.packets;
  const parts = new PacketParts(model);
  for (let i = 0; i < model.packetCount; i++) {
    const flags = p.flags[i];
    const hasAck = (flags & TcpFlag.ACK) !== 0;
    const seqKnown = (p.marks[i] & (PacketMark.SEQ_SHOWN | PacketMark.SEQ_INFERRED)) !== 0;
    const endpoints = parts.endpoints(i);
    const tail = parts.tail(i);
    out.room(PACKET_BYTES + endpoints.length + tail.length);
    const buf = out.buf;
    let at = putBytes(buf, out.at, i ? PART.open : PART.firstOpen);
    at = putUint32(buf, at, p.frame[i]);
    at = putBytes(buf, at, PART.line);
    at = putUint32(buf, at, p.line[i]);
    at = putBytes(buf, at, PART.time);
    at = putNumber(buf, at, p.time[i]);
    at = putBytes(buf, at, endpoints);
    at = putBytes(buf, at, FLAGS_THEN_SEQ[flags]);
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
    out.at = putBytes(buf, at, tail);
  }
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

/**
 * The analysis JSON contract (`tcp-lens analyze FILE --json`), written from
 * the `CaptureModel` as a stream of chunks, so that a capture of millions of
 * packets never becomes one giant string or an object per packet. Packets
 * are written as bytes, field by field (byteWriter.ts).
 */
import { DecodeUTF8 } from 'fflate';
import { findingMessage } from '../explain/findingMessage';
import { formatMessage } from '../explain/message';
import type { CaptureModel, ConnectionRecord, Endpoint, Finding, PacketColumns } from '../model/captureModel';
import { PacketMark } from '../model/captureModel';
import { STATE_NAMES, eventTags } from '../model/vocabulary';
import { FIRST_NAMED_PORT } from '../names';
import { TcpFlag, flagsText } from '../packets';
import { TOOL_VERSION } from '../version';
import { ByteWriter, type Key, WRITE_SLACK, key, putBytes, putKey, putText, putTime, putUint32, timeDigits, utf8 } from './byteWriter';

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
  const quoted = new QuotedStrings();
  model.connections.forEach((c, i) => {
    writeConnectionFields(out, c, quoted, i === 0);
    endConnection(out);
  });
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
const KEY = {
  firstOpen: key('\n{"n":'),
  open: key(',\n{"n":'),
  line: key(',"line":'),
  time: key(',"time":'),
  ack: key(',"ack":'),
  ackNull: key(',"ack":null'),
  seqRaw: key(',"seqRaw":'),
  ackRaw: key(',"ackRaw":'),
  nullAckRaw: key('null,"ackRaw":'),
  len: key(',"len":'),
  null: key('null'),
  win: key(',"win":'),
  conn: key(',"conn":'),
};

/** `,"flags":"…","seq":` for each flags byte, as two keys (it can be longer than one). */
const FLAGS_THEN_SEQ: Key[][] = Array.from({ length: 256 }, (_, f) => {
  const s = `,"flags":${JSON.stringify(flagsText(f))},"seq":`;
  return [key(s.slice(0, 16)), key(s.slice(16))];
});

/** Bytes of every key and every number of one packet, at most, and what the last write may leave past its end (the parts cached below aside). */
const PACKET_BYTES = 300 + WRITE_SLACK;

/**
 * What repeats from packet to packet, as bytes made once, in slots by
 * connection and direction (kept for the last connections seen): the
 * endpoints (`,"src":…,"dport":…`), and the end of the object from `dir`
 * on for the last states and events seen in that direction.
 */
class PacketParts {
  private readonly slotKeys = new Int32Array(SLOTS).fill(-1);
  readonly endpoints: Uint8Array[] = new Array<Uint8Array>(SLOTS);
  private readonly endpointBytes = new Uint8Array(SLOTS * ENDPOINT_BYTES);
  private readonly endpointView = new DataView(this.endpointBytes.buffer);
  private readonly tailKeys = new Int32Array(SLOTS);
  readonly tails: Uint8Array[] = new Array<Uint8Array>(SLOTS);
  private readonly addressJson: string[];
  /** The end of the object from `dir` on, by direction, states and events. */
  private readonly directionTails = new Map<number, Uint8Array>();

  constructor(private readonly model: CaptureModel) {
    this.addressJson = model.addresses.map((a) => JSON.stringify(a));
  }

  /** The slot of packet i's connection and direction, its parts made for packet i. */
  slot(i: number): number {
    const p = this.model.packets;
    const dir = p.dir[i] === 0 ? 0 : 1;
    const slotKey = p.conn[i] * 2 + dir;
    const slot = slotKey & (SLOTS - 1);
    if (this.slotKeys[slot] !== slotKey) this.fill(slot, slotKey, i);
    const tailKey = dir + 2 * (p.srcState[i] + 16 * (p.dstState[i] + 16 * p.events[i]));
    if (this.tailKeys[slot] !== tailKey) {
      this.tailKeys[slot] = tailKey;
      this.tails[slot] = this.directionTail(tailKey);
    }
    return slot;
  }

  private fill(slot: number, slotKey: number, i: number): void {
    const p = this.model.packets;
    this.slotKeys[slot] = slotKey;
    this.tailKeys[slot] = -1;
    const src = this.addressJson[p.src[i]];
    const dst = this.addressJson[p.dst[i]];
    const sport = p.sport[i];
    const dport = p.dport[i];
    if (sport >= FIRST_NAMED_PORT || dport >= FIRST_NAMED_PORT || ENDPOINT_BYTES_FIXED + 3 * (src.length + dst.length) > ENDPOINT_BYTES) {
      this.endpoints[slot] = utf8(`,"src":${src},"dst":${dst},${portsJson(this.model, sport, dport)}`);
      return;
    }
    // As above, but in the slot's own part of one buffer: a capture of many short connections fills a slot every few packets.
    const start = slot * ENDPOINT_BYTES;
    let at = putKey(this.endpointView, start, ENDPOINT_KEY.src);
    at = putText(this.endpointBytes, at, src);
    at = putKey(this.endpointView, at, ENDPOINT_KEY.dst);
    at = putText(this.endpointBytes, at, dst);
    at = putKey(this.endpointView, at, ENDPOINT_KEY.sport);
    at = putUint32(this.endpointView, at, sport);
    at = putKey(this.endpointView, at, ENDPOINT_KEY.dport);
    at = putUint32(this.endpointView, at, dport);
    this.endpoints[slot] = this.endpointBytes.subarray(start, at);
  }

  private directionTail(tailKey: number): Uint8Array {
    let bytes = this.directionTails.get(tailKey);
    if (bytes === undefined) {
      const dir = tailKey & 1;
      const srcState = (tailKey >> 1) & 15;
      const dstState = (tailKey >> 5) & 15;
      const events = tailKey >> 9;
      const states = `"srcState":${JSON.stringify(STATE_NAMES[srcState])},"dstState":${JSON.stringify(STATE_NAMES[dstState])}`;
      bytes = utf8(`,"dir":${dir === 0 ? '"c2s"' : '"s2c"'},${states},"events":${JSON.stringify(eventTags(events))}}`);
      this.directionTails.set(tailKey, bytes);
    }
    return bytes;
  }
}

const SLOTS = 4096;

/** Bytes of a slot's endpoints when made in place: two IPv6 addresses and what the writers leave past the end fit. */
const ENDPOINT_BYTES = 320;
/** Those of the keys and ports, and what the writers leave past the end. */
const ENDPOINT_BYTES_FIXED = 32 + 20 + WRITE_SLACK;

const ENDPOINT_KEY = {
  src: key(',"src":'),
  dst: key(',"dst":'),
  sport: key(',"sport":'),
  dport: key(',"dport":'),
};

function writePackets(model: CaptureModel, out: ByteWriter): void {
  const p = model.packets;
  const parts = new PacketParts(model);
  const lastTime = timeDigits();
  for (let i = 0; i < model.packetCount; i++) {
    const slot = parts.slot(i);
    const endpoints = parts.endpoints[slot];
    const tail = parts.tails[slot];
    out.room(PACKET_BYTES + endpoints.length + tail.length);
    const buf = out.buf;
    const view = out.view;
    let at = putFrameAndLine(view, out.at, p, i);
    at = putKey(view, at, KEY.time);
    at = putTime(view, at, p.time[i], lastTime);
    at = putBytes(buf, at, endpoints);
    at = putSequenceNumbers(view, at, p, i);
    at = putRawSequenceNumbers(view, at, p, i);
    at = putSizes(view, at, p, i);
    at = putKey(view, at, KEY.conn);
    at = putUint32(view, at, p.conn[i]);
    out.at = putBytes(buf, at, tail);
  }
}

// A packet's numbers two by two in functions of their own: the compiler inlines the writers of a
// number and of a key into each (its budget is per function), which it would not do for all of
// them in one function.

/** `,\n{"n":…,"line":…` */
function putFrameAndLine(view: DataView, at: number, p: PacketColumns, i: number): number {
  at = putKey(view, at, i === 0 ? KEY.firstOpen : KEY.open);
  at = putUint32(view, at, p.frame[i]);
  at = putKey(view, at, KEY.line);
  return putUint32(view, at, p.line[i]);
}

/** `,"flags":…,"seq":…,"ack":…` */
function putSequenceNumbers(view: DataView, at: number, p: PacketColumns, i: number): number {
  const flags = p.flags[i];
  const flagsThenSeq = FLAGS_THEN_SEQ[flags];
  at = putKey(view, at, flagsThenSeq[0]);
  at = putKey(view, at, flagsThenSeq[1]);
  at = putUint32(view, at, p.seq[i]);
  if ((flags & TcpFlag.ACK) === 0) return putKey(view, at, KEY.ackNull);
  at = putKey(view, at, KEY.ack);
  return putUint32(view, at, p.ack[i]);
}

/** `,"seqRaw":…,"ackRaw":…` */
function putRawSequenceNumbers(view: DataView, at: number, p: PacketColumns, i: number): number {
  at = putKey(view, at, KEY.seqRaw);
  if ((p.marks[i] & (PacketMark.SEQ_SHOWN | PacketMark.SEQ_INFERRED)) === 0) {
    at = putKey(view, at, KEY.nullAckRaw);
  } else {
    at = putUint32(view, at, p.seqRaw[i]);
    at = putKey(view, at, KEY.ackRaw);
  }
  if ((p.flags[i] & TcpFlag.ACK) === 0) return putKey(view, at, KEY.null);
  return putUint32(view, at, p.ackRaw[i]);
}

/** `,"len":…,"win":…` */
function putSizes(view: DataView, at: number, p: PacketColumns, i: number): number {
  at = putKey(view, at, KEY.len);
  at = putUint32(view, at, p.len[i]);
  at = putKey(view, at, KEY.win);
  return putUint32(view, at, p.win[i]);
}

function endpointJson(e: Endpoint): { ip: string; port: number | null; portName?: string } {
  return e.port === null ? { ip: e.ip, port: null, portName: e.portName } : { ip: e.ip, port: e.port };
}

/** The constant parts of an entry of `connections[]`, between its values. */
const CONNECTION = {
  open: utf8('\n{"id":'),
  nextOpen: utf8(',\n{"id":'),
  client: utf8(',"client":{"ip":'),
  server: utf8('},"server":{"ip":'),
  port: utf8(',"port":'),
  portNull: utf8(',"port":null'),
  portName: utf8(',"portName":'),
  firstN: utf8('},"firstN":'),
  lastN: utf8(',"lastN":'),
  packets: utf8(',"packets":'),
  c2s: utf8(',"bytes":{"c2s":'),
  s2c: utf8(',"s2c":'),
  start: utf8('},"start":'),
  end: utf8(',"end":'),
  handshake: utf8(',"handshake":'),
  close: utf8(',"close":'),
  finalClient: utf8(',"finalState":{"client":'),
  finalServer: utf8(',"server":'),
  completeness: utf8('},"completeness":'),
  rtt: utf8(',"rtt":'),
  end_: utf8('}'),
};

/** Closes an entry `writeConnectionFields` began. */
export function endConnection(out: ByteWriter): void {
  out.bytes(CONNECTION.end_);
}

/** JSON string literals as bytes, each made once (addresses, service names, the vocabularies). */
export class QuotedStrings {
  private readonly bytes = new Map<string, Uint8Array>();

  of(s: string): Uint8Array {
    let b = this.bytes.get(s);
    if (b === undefined) {
      b = utf8(JSON.stringify(s));
      this.bytes.set(s, b);
    }
    return b;
  }
}

/**
 * An entry of `connections[]` without its closing `}`, after a line break
 * (and a comma unless `first`), byte for byte as
 * `JSON.stringify(connectionJson(c))` writes it, without making the object
 * and the string: this is most of the time of a capture of many short
 * connections.
 */
export function writeConnectionFields(out: ByteWriter, c: ConnectionJsonFields, quoted: QuotedStrings, first: boolean): void {
  out.bytes(first ? CONNECTION.open : CONNECTION.nextOpen);
  out.number(c.id);
  out.bytes(CONNECTION.client);
  writeEndpoint(out, c.client, quoted);
  out.bytes(CONNECTION.server);
  writeEndpoint(out, c.server, quoted);
  out.bytes(CONNECTION.firstN);
  out.number(c.firstN);
  out.bytes(CONNECTION.lastN);
  out.number(c.lastN);
  out.bytes(CONNECTION.packets);
  out.number(c.packets);
  out.bytes(CONNECTION.c2s);
  out.number(c.bytes.c2s);
  out.bytes(CONNECTION.s2c);
  out.number(c.bytes.s2c);
  out.bytes(CONNECTION.start);
  out.number(c.start);
  out.bytes(CONNECTION.end);
  out.number(c.end);
  out.bytes(CONNECTION.handshake);
  out.bytes(quoted.of(c.handshake));
  out.bytes(CONNECTION.close);
  out.bytes(quoted.of(c.close));
  out.bytes(CONNECTION.finalClient);
  out.bytes(quoted.of(c.finalState.client));
  out.bytes(CONNECTION.finalServer);
  out.bytes(quoted.of(c.finalState.server));
  out.bytes(CONNECTION.completeness);
  out.number(c.completeness);
  out.bytes(CONNECTION.rtt);
  out.number(c.rtt === null ? NaN : Math.round(c.rtt * 1e9) / 1e9);
}

/** `"…"` and its port, as `endpointJson` has them (the `{"ip":` before, the `}` after). */
function writeEndpoint(out: ByteWriter, e: Endpoint, quoted: QuotedStrings): void {
  out.bytes(quoted.of(e.ip));
  if (e.port !== null) {
    out.bytes(CONNECTION.port);
    out.number(e.port);
    return;
  }
  out.bytes(CONNECTION.portNull);
  if (e.portName === undefined) return;
  out.bytes(CONNECTION.portName);
  out.bytes(quoted.of(e.portName));
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

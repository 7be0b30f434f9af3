/**
 * The analysis JSON contract (`tcp-lens analyze FILE --json`), written as a
 * stream of chunks so that a capture of millions of packets never becomes one
 * giant string or an object per packet.
 */
import { Analysis } from '../model/analysis';
import { Known, TcpFlag, flagsText } from '../packets';
import { STATE_NAMES, eventTags } from '../model/vocabulary';
import { Connection } from '../model/connection';

export const TOOL_VERSION = '0.1.0';

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

export function writeAnalysisJson(a: Analysis, write: (chunk: string) => void): void {
  const out = new ChunkedWriter(write);
  const input = { file: a.fileName, format: a.format, gzip: a.gzip, frames: a.frameCount };
  out.add(`{\n"tool": "tcp-lens", "version": ${JSON.stringify(TOOL_VERSION)},\n"input": ${JSON.stringify(input)},\n"packets": [`);
  writePackets(a, out);
  out.add('\n],\n"connections": [');
  a.connections.forEach((c, i) => out.add((i ? ',\n' : '\n') + JSON.stringify(connectionJson(a, c))));
  out.add('\n],\n"findings": [');
  a.findings.forEach((f, i) => out.add((i ? ',\n' : '\n') + JSON.stringify(f)));
  out.add('\n],\n"problems": [');
  a.problems.forEach((p, i) => out.add((i ? ',\n' : '\n') + JSON.stringify(p)));
  out.add('\n]\n}\n');
  out.flush();
}

function writePackets(a: Analysis, out: ChunkedWriter): void {
  const p = a.packets;
  const names = p.names;
  const addressJson: string[] = [];
  for (let id = 0; id < names.addressCount; id++) addressJson.push(JSON.stringify(names.addressText(id)));
  for (let i = 0; i < p.length; i++) {
    const flags = p.flags[i];
    const hasAck = (flags & TcpFlag.ACK) !== 0;
    const seqShown = (p.known[i] & (Known.SEQ | Known.SEQ_INFERRED)) !== 0;
    out.add(
      `${i ? ',' : ''}\n{"n":${p.frame[i]},"line":${p.line[i]},"time":${p.time[i]},` +
        `"src":${addressJson[p.src[i]]},"dst":${addressJson[p.dst[i]]},"sport":${p.sport[i]},"dport":${p.dport[i]},` +
        `"flags":${FLAG_TEXT[flags]},"seq":${a.seqRel[i]},"ack":${hasAck ? a.ackRel[i] : 'null'},` +
        `"seqRaw":${seqShown ? p.seq[i] : 'null'},"ackRaw":${hasAck ? p.ack[i] : 'null'},` +
        `"len":${p.len[i]},"win":${p.win[i]},"conn":${a.conn[i]},"dir":${a.dir[i] === 0 ? '"c2s"' : '"s2c"'},` +
        `"srcState":${STATE_JSON[a.srcState[i]]},"dstState":${STATE_JSON[a.dstState[i]]},"events":${eventsJson(a.events[i])}}`,
    );
  }
}

export function connectionJson(a: Analysis, c: Connection) {
  const p = a.packets;
  const names = p.names;
  return {
    id: c.id,
    client: { ip: names.addressText(c.clientAddress), port: c.clientPort },
    server: { ip: names.addressText(c.serverAddress), port: c.serverPort },
    firstN: p.frame[c.firstIndex],
    lastN: p.frame[c.lastIndex],
    packets: c.packets,
    bytes: { c2s: c.bytes[0], s2c: c.bytes[1] },
    start: p.time[c.firstIndex],
    end: p.time[c.lastIndex],
    handshake: c.handshake,
    close: c.close,
    finalState: { client: STATE_NAMES[c.finalClientState], server: STATE_NAMES[c.finalServerState] },
    completeness: c.completeness,
    rtt: c.rtt < 0 ? null : Math.round(c.rtt * 1e9) / 1e9,
  };
}


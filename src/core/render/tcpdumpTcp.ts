/**
 * The TCP part of a tcpdump 4.99 line (print-tcp.c without -v, -S or -e):
 * `Flags [P.], seq 1:95, ack 1, win 63, options [nop,nop,TS val 1 ecr 2], length 94: HTTP: GET / HTTP/1.1`
 */
import { u16be, u32be } from '../capture/bytes';
import { TcpFlag, flagsText } from '../packets';
import { printApplication } from './tcpdumpApplication';

/**
 * tcpdump's relative sequence numbers: one entry per 4-tuple, both
 * directions. A packet with ACK creates the entry when there is none, and
 * so does any SYN+ACK (a new conversation); it is printed absolute and
 * sets the bases (its seq for its direction, its ack - 1 for the other).
 * Later ACK-carrying packets print relative to those bases; packets without
 * ACK always print absolute numbers.
 */
export class RelativeSequences {
  private readonly bases = new Map<string, Uint32Array>();
  /** Base of the packet's own direction and of the other one, after `update`; 0 when absolute. */
  ownBase = 0;
  otherBase = 0;

  /** Returns true when the packet's numbers print relative to (ownBase, otherBase). */
  update(src: string, sport: number, dst: string, dport: number, flags: number, seq: number, ack: number): boolean {
    this.ownBase = this.otherBase = 0;
    if (!(flags & TcpFlag.ACK)) return false;
    const forward = src < dst || (src === dst && sport <= dport);
    const key = forward ? `${src} ${sport} ${dst} ${dport}` : `${dst} ${dport} ${src} ${sport}`;
    let entry = this.bases.get(key);
    const fresh = entry === undefined || (flags & TcpFlag.SYN) !== 0;
    if (entry === undefined) {
      entry = new Uint32Array(2);
      this.bases.set(key, entry);
    }
    const own = forward ? 0 : 1;
    if (fresh) {
      entry[own] = seq;
      entry[1 - own] = (ack - 1) >>> 0;
    }
    this.ownBase = entry[own];
    this.otherBase = entry[1 - own];
    return !fresh;
  }
}

const OPTION_NAMES: { [kind: number]: string } = {
  0: 'eol',
  1: 'nop',
  2: 'mss',
  3: 'wscale',
  4: 'sackOK',
  5: 'sack',
  6: 'echo',
  7: 'echoreply',
  8: 'TS',
  11: 'cc',
  12: 'ccnew',
  13: '',
  19: 'md5',
  20: 'scps',
  28: 'uto',
  29: 'tcp-ao',
  30: 'mptcp',
  34: 'tfo',
  254: 'exp',
};

function hexByte(b: number): string {
  return (b < 16 ? '0' : '') + b.toString(16);
}

/**
 * The options list as tcpdump prints it, in wire order. Returns the text
 * and whether it ended in tcpdump's `[bad opt]` (which ends the whole line).
 */
function printOptions(data: Uint8Array, start: number, end: number, captured: number, sackBase: number): { text: string; bad: boolean; truncated: boolean } {
  let text = ', options [';
  let at = start;
  let first = true;
  let remaining = end - start;
  while (remaining > 0) {
    if (!first) text += ',';
    first = false;
    if (at >= captured) return { text, bad: false, truncated: true };
    const kind = data[at++];
    let length: number;
    if (kind === 0 || kind === 1) length = 1;
    else {
      if (at >= captured) return { text, bad: false, truncated: true };
      length = data[at++];
      if (length < 2 || length > remaining) return { text: text + '[bad opt]]', bad: true, truncated: false };
      remaining--;
    }
    remaining--;
    text += OPTION_NAMES[kind] ?? `unknown-${kind}`;
    let dataLength = 0;
    const need = (n: number): boolean => n <= remaining && at + n <= captured;
    switch (kind) {
      case 0:
      case 1:
      case 4:
        break;
      case 2:
        dataLength = 2;
        if (!need(2)) return { text: text + '[bad opt]]', bad: true, truncated: false };
        text += ' ' + u16be(data, at);
        break;
      case 3:
        dataLength = 1;
        if (!need(1)) return { text: text + '[bad opt]]', bad: true, truncated: false };
        text += ' ' + data[at];
        break;
      case 5: {
        dataLength = length - 2;
        if (dataLength % 8 !== 0) {
          text += ' invalid sack';
        } else {
          text += ` ${dataLength / 8} `;
          for (let i = 0; i < dataLength; i += 8) {
            if (!need(i + 8)) return { text: text + '[bad opt]]', bad: true, truncated: false };
            const left = (u32be(data, at + i) - sackBase) >>> 0;
            const right = (u32be(data, at + i + 4) - sackBase) >>> 0;
            text += `{${left}:${right}}`;
          }
        }
        break;
      }
      case 6:
      case 7:
      case 11:
      case 12:
      case 13:
        dataLength = 4;
        if (!need(4)) return { text: text + '[bad opt]]', bad: true, truncated: false };
        text += ' ' + u32be(data, at);
        break;
      case 8:
        dataLength = 8;
        if (!need(8)) return { text: text + '[bad opt]]', bad: true, truncated: false };
        text += ` val ${u32be(data, at)} ecr ${u32be(data, at + 4)}`;
        break;
      case 19:
        dataLength = 16;
        if (!need(16)) return { text: text + '[bad opt]]', bad: true, truncated: false };
        text += ' ';
        for (let i = 0; i < 16; i++) text += hexByte(data[at + i]);
        break;
      case 28: {
        dataLength = 2;
        if (!need(2)) return { text: text + '[bad opt]]', bad: true, truncated: false };
        const value = u16be(data, at);
        text += ` 0x${value.toString(16)} ${value & 1 ? (value >> 1) * 60 : value >> 1}`;
        break;
      }
      case 34:
        dataLength = length - 2;
        if (!need(dataLength)) return { text: text + '[bad opt]]', bad: true, truncated: false };
        if (dataLength === 0) text += ' cookiereq';
        else if (dataLength % 2 !== 0 || dataLength < 4 || dataLength > 16) text += ' invalid';
        else {
          text += ' cookie ';
          for (let i = 0; i < dataLength; i++) text += hexByte(data[at + i]);
        }
        break;
      default:
        dataLength = length - 2;
        if (dataLength > 0) text += ' 0x';
        for (let i = 0; i < dataLength; i++) {
          if (!need(i + 1)) return { text: text + '[bad opt]]', bad: true, truncated: false };
          text += hexByte(data[at + i]);
        }
    }
    at += dataLength;
    remaining -= dataLength;
    const expected = dataLength + (kind === 0 || kind === 1 ? 1 : 2);
    if (expected !== length) text += `[len ${length}]`;
    if (kind === 0) break;
  }
  return { text: text + ']', bad: false, truncated: false };
}

/**
 * The TCP part of the line, from `src.sport > dst.dport: ` on. `segmentLength`
 * is TCP header + payload according to the IP header.
 */
export function printTcp(
  data: Uint8Array,
  offset: number,
  segmentLength: number,
  src: string,
  dst: string,
  sequences: RelativeSequences,
  portsOnly = false,
): string {
  if (data.length - offset < 4) return `${src} > ${dst}: [|tcp]`;
  const sport = u16be(data, offset);
  const dport = u16be(data, offset + 2);
  // After IPv6 extension headers tcpdump has printed the addresses already: `HBH 41851 > 43913: `.
  let line = portsOnly ? `${sport} > ${dport}: ` : `${src}.${sport} > ${dst}.${dport}: `;
  if (data.length - offset < 20) return line + '[|tcp]';
  const headerLength = (data[offset + 12] >> 4) * 4;
  if (headerLength < 20) return line + `tcp ${segmentLength} [bad hdr length ${headerLength} - too short, < 20]`;
  const flags = data[offset + 13];
  const rawSeq = u32be(data, offset + 4);
  const rawAck = u32be(data, offset + 8);
  const window = u16be(data, offset + 14);
  const urgent = u16be(data, offset + 18);
  line += `Flags [${flagsText(flags)}]`;
  const relative = sequences.update(src, sport, dst, dport, flags, rawSeq, rawAck);
  const seq = relative ? (rawSeq - sequences.ownBase) >>> 0 : rawSeq;
  const ack = relative ? (rawAck - sequences.otherBase) >>> 0 : rawAck;
  if (headerLength > segmentLength) return line + ` [bad hdr length ${headerLength} - too long, > ${segmentLength}]`;
  const payload = segmentLength - headerLength;
  if (payload > 0 || flags & (TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST)) {
    line += `, seq ${seq}`;
    if (payload > 0) line += `:${(seq + payload) >>> 0}`;
  }
  if (flags & TcpFlag.ACK) line += `, ack ${ack}`;
  line += `, win ${window}`;
  if (flags & TcpFlag.URG) line += `, urg ${urgent}`;
  if (headerLength > 20) {
    const options = printOptions(data, offset + 20, offset + headerLength, data.length, sequences.otherBase);
    if (options.truncated) return line + options.text + ' [|tcp]';
    line += options.text;
    if (options.bad) return line;
  }
  line += `, length ${payload}`;
  if (payload > 0) {
    const start = offset + headerLength;
    line += printApplication(data, start, Math.min(data.length, start + payload), payload, sport, dport);
  }
  return line;
}

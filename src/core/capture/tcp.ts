/** The TCP header and the options the model uses, into the reused SegmentFields. */
import { u16be, u32be } from './bytes';
import { Known, MAX_SACK_BLOCKS, SegmentFields, TcpFlag, TcpOption } from '../packets';

export const enum TcpOptionKind {
  EOL = 0,
  NOP = 1,
  MSS = 2,
  WINDOW_SCALE = 3,
  SACK_PERMITTED = 4,
  SACK = 5,
  TIMESTAMPS = 8,
}

export const enum TcpResult {
  OK,
  /** Fewer than 20 header bytes were captured. */
  TRUNCATED,
  /** Data offset below 5 words or beyond the segment. */
  MALFORMED,
}

/**
 * Reads the TCP header at `offset` (of data captured up to `end`); `segmentLength` is the TCP header plus
 * payload length according to the IP header. Sets ports, flags, numbers,
 * window, payload length and options; leaves frame, time and addresses.
 */
export function parseTcp(data: Uint8Array, offset: number, segmentLength: number, out: SegmentFields, end = data.length): TcpResult {
  if (end - offset < 20) return TcpResult.TRUNCATED;
  const headerLength = (data[offset + 12] >> 4) * 4;
  if (headerLength < 20 || headerLength > segmentLength) return TcpResult.MALFORMED;
  out.sport = u16be(data, offset);
  out.dport = u16be(data, offset + 2);
  out.seq = u32be(data, offset + 4);
  out.ack = u32be(data, offset + 8);
  out.flags = data[offset + 13];
  out.known = out.flags & TcpFlag.ACK ? Known.SEQ | Known.ACK : Known.SEQ;
  out.win = u16be(data, offset + 14);
  out.len = segmentLength - headerLength;
  out.options = out.mss = out.wscale = out.tsVal = out.tsEcr = out.sackCount = 0;
  // Options cut by the snap length are read as far as they were captured.
  readOptions(data, offset + 20, Math.min(offset + headerLength, end), out);
  return TcpResult.OK;
}

/** A malformed option (length < 2 or past the header) ends the walk; what was read stays. */
function readOptions(data: Uint8Array, at: number, end: number, out: SegmentFields): void {
  while (at < end) {
    const kind = data[at];
    if (kind === TcpOptionKind.EOL) return;
    if (kind === TcpOptionKind.NOP) {
      at++;
      continue;
    }
    if (at + 1 >= end) return;
    const length = data[at + 1];
    if (length < 2 || at + length > end) return;
    switch (kind) {
      case TcpOptionKind.MSS:
        if (length === 4) {
          out.options |= TcpOption.MSS;
          out.mss = u16be(data, at + 2);
        }
        break;
      case TcpOptionKind.WINDOW_SCALE:
        if (length === 3) {
          out.options |= TcpOption.WSCALE;
          out.wscale = data[at + 2];
        }
        break;
      case TcpOptionKind.SACK_PERMITTED:
        if (length === 2) out.options |= TcpOption.SACK_PERMITTED;
        break;
      case TcpOptionKind.SACK:
        if ((length - 2) % 8 === 0 && length > 2) {
          out.options |= TcpOption.SACK;
          const blocks = Math.min((length - 2) / 8, MAX_SACK_BLOCKS);
          for (let i = 0; i < blocks; i++) {
            out.sack[2 * i] = u32be(data, at + 2 + 8 * i);
            out.sack[2 * i + 1] = u32be(data, at + 6 + 8 * i);
          }
          out.sackCount = blocks;
        }
        break;
      case TcpOptionKind.TIMESTAMPS:
        if (length === 10) {
          out.options |= TcpOption.TIMESTAMPS;
          out.tsVal = u32be(data, at + 2);
          out.tsEcr = u32be(data, at + 6);
        }
        break;
    }
    at += length;
  }
}

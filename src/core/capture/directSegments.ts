/**
 * The common frame, straight into the PacketTable's columns: Ethernet, raw
 * IP or Linux cooked capture, then IPv4 (not a later fragment) or IPv6
 * without extension headers, then a well-formed TCP header without SACK
 * blocks. It reads what SegmentDecoder would read of such a frame, in one
 * function and without the SegmentFields record. Anything else (VLAN tags,
 * tunnels, fragments, ICMP, damaged or cut headers) is left untouched for
 * SegmentDecoder, which says what it has to say about it: the direct path
 * never reports, counts or interns anything for a frame it does not take.
 */
import { EtherType, LinkType } from './linkLayer';
import { IpProtocol } from './ip';
import { IPv6Interner } from './segmentDecoder';
import { TcpOptionKind } from './tcp';
import { NameTable } from '../names';
import { Known, PacketTable, TcpFlag, TcpOption } from '../packets';

/** Option bytes NOP, NOP, then the timestamps option's kind and length (10). */
const NOP_NOP_TIMESTAMPS = 0x0101080a;

export class DirectSegments {
  private readonly ipv6: IPv6Interner;

  constructor(
    private readonly table: PacketTable,
    private readonly names: NameTable,
  ) {
    this.ipv6 = new IPv6Interner(names);
  }

  /**
   * Appends the frame data[start, end) as a segment and returns true when it
   * is a common TCP frame; returns false, having changed nothing, otherwise.
   * `view`: a DataView of `data`, the same bytes at the same offsets (its
   * big-endian reads check the bounds once for all bytes of a field).
   */
  append(linkType: number, data: Uint8Array, view: DataView, start: number, end: number, originalLength: number, frameNumber: number, seconds: number, nanos: number): boolean {
    let at: number;
    let etherType: number;
    switch (linkType) {
      case LinkType.ETHERNET:
        if (end - start < 14) return false;
        etherType = view.getUint16(start + 12);
        at = start + 14;
        break;
      case LinkType.LINUX_SLL:
        if (end - start < 16) return false;
        etherType = view.getUint16(start + 14);
        at = start + 16;
        break;
      case LinkType.LINUX_SLL2:
        if (end - start < 20) return false;
        etherType = view.getUint16(start);
        at = start + 20;
        break;
      case LinkType.RAW:
      case LinkType.DLT_RAW_12:
      case LinkType.DLT_RAW_14:
      case LinkType.IPV4:
      case LinkType.IPV6:
        if (start >= end) return false;
        etherType = data[start] >> 4 === 4 ? EtherType.IPV4 : EtherType.IPV6;
        if (linkType === LinkType.IPV4 ? etherType !== EtherType.IPV4 : linkType === LinkType.IPV6 && etherType !== EtherType.IPV6) return false;
        at = start;
        break;
      default:
        return false;
    }
    const captured = end - at;
    // Bytes of the IP packet on the wire (a zero length field stands for them, as in parseIp).
    const wireLength = Math.max(originalLength, end - start) - (at - start);
    let tcp: number;
    let segmentLength: number;
    if (etherType === EtherType.IPV4) {
      if (captured < 20 || data[at] >> 4 !== 4) return false;
      const headerLength = (data[at] & 0x0f) * 4;
      if (headerLength < 20 || captured < headerLength) return false;
      if ((view.getUint16(at + 6) & 0x1fff) !== 0 || data[at + 9] !== IpProtocol.TCP) return false;
      const lengthField = view.getUint16(at + 2);
      const total = lengthField === 0 ? wireLength : Math.min(lengthField, Math.max(wireLength, headerLength));
      if (total < headerLength) return false;
      tcp = at + headerLength;
      segmentLength = total - headerLength;
    } else if (etherType === EtherType.IPV6) {
      if (captured < 40 || data[at] >> 4 !== 6 || data[at + 6] !== IpProtocol.TCP) return false;
      const lengthField = view.getUint16(at + 4);
      tcp = at + 40;
      segmentLength = lengthField === 0 ? Math.max(wireLength - 40, 0) : lengthField;
    } else {
      return false;
    }
    if (end - tcp < 20) return false;
    const headerLength = (data[tcp + 12] >> 4) * 4;
    if (headerLength < 20 || headerLength > segmentLength) return false;

    // Options as tcp.ts reads them (cut ones as far as captured); a SACK block goes the full way.
    let options = 0;
    let mss = 0;
    let wscale = 0;
    let tsVal = 0;
    let tsEcr = 0;
    const optionsEnd = Math.min(tcp + headerLength, end);
    let o = tcp + 20;
    // Most segments carry only timestamps, after two NOPs, as Linux sends them: read at once, as the loop would.
    if (optionsEnd === tcp + 32 && headerLength === 32 && view.getUint32(o) === NOP_NOP_TIMESTAMPS) {
      options = TcpOption.TIMESTAMPS;
      tsVal = view.getUint32(o + 4);
      tsEcr = view.getUint32(o + 8);
      o = optionsEnd;
    }
    while (o < optionsEnd) {
      const kind = data[o];
      if (kind === TcpOptionKind.EOL) break;
      if (kind === TcpOptionKind.NOP) {
        o++;
        continue;
      }
      if (o + 1 >= optionsEnd) break;
      const length = data[o + 1];
      if (length < 2 || o + length > optionsEnd) break;
      switch (kind) {
        case TcpOptionKind.MSS:
          if (length === 4) {
            options |= TcpOption.MSS;
            mss = view.getUint16(o + 2);
          }
          break;
        case TcpOptionKind.WINDOW_SCALE:
          if (length === 3) {
            options |= TcpOption.WSCALE;
            wscale = data[o + 2];
          }
          break;
        case TcpOptionKind.SACK_PERMITTED:
          if (length === 2) options |= TcpOption.SACK_PERMITTED;
          break;
        case TcpOptionKind.SACK:
          if ((length - 2) % 8 === 0 && length > 2) return false;
          break;
        case TcpOptionKind.TIMESTAMPS:
          if (length === 10) {
            options |= TcpOption.TIMESTAMPS;
            tsVal = view.getUint32(o + 2);
            tsEcr = view.getUint32(o + 6);
          }
          break;
      }
      o += length;
    }

    // Taken: only now are addresses interned, in SegmentDecoder's order (source first).
    const names = this.names;
    const src = etherType === EtherType.IPV4 ? names.internIPv4(view.getUint32(at + 12)) : this.ipv6.intern(data, at + 8);
    const dst = etherType === EtherType.IPV4 ? names.internIPv4(view.getUint32(at + 16)) : this.ipv6.intern(data, at + 24);
    const t = this.table;
    const i = t.appendRow();
    const flags = data[tcp + 13];
    // The table's `line` is its `frame` column (see BinaryCaptureDecoder).
    t.frame[i] = frameNumber;
    t.time[i] = seconds + nanos / 1e9;
    t.src[i] = src;
    t.dst[i] = dst;
    t.sport[i] = view.getUint16(tcp);
    t.dport[i] = view.getUint16(tcp + 2);
    t.flags[i] = flags;
    t.seq[i] = view.getUint32(tcp + 4);
    t.ack[i] = view.getUint32(tcp + 8);
    t.known[i] = flags & TcpFlag.ACK ? Known.SEQ | Known.ACK : Known.SEQ;
    t.len[i] = segmentLength - headerLength;
    t.win[i] = view.getUint16(tcp + 14);
    t.options[i] = options;
    t.mss[i] = mss;
    t.wscale[i] = wscale;
    t.tsVal[i] = tsVal;
    t.tsEcr[i] = tsEcr;
    return true;
  }
}

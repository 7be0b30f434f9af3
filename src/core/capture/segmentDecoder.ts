/**
 * One frame to one TCP segment: link layer, IP, TCP, into the reused
 * SegmentFields, with addresses interned in the NameTable. No object or
 * string is made per packet: IPv4 addresses are interned by number and an
 * IPv6 address is compared with the last few seen before being formatted.
 */
import { CapturedFrame } from './frame';
import { IpPacket, IpProtocol, IpResult, parseIp } from './ip';
import { EtherType, LinkLayer, locateNetworkLayer } from './linkLayer';
import { NameTable } from '../names';
import { SegmentFields } from '../packets';
import { ProblemLog } from '../problems';
import { TcpResult, parseTcp } from './tcp';
import { u32be } from './bytes';

/** A tiny most-recently-used cache of IPv6 address bytes → address id. */
class IPv6Interner {
  private static readonly SLOTS = 4;
  private readonly bytes = new Uint8Array(16 * IPv6Interner.SLOTS);
  private readonly ids = new Int32Array(IPv6Interner.SLOTS).fill(-1);
  private next = 0;

  constructor(private readonly names: NameTable) {}

  intern(data: Uint8Array, at: number): number {
    const cache = this.bytes;
    for (let slot = 0; slot < IPv6Interner.SLOTS; slot++) {
      if (this.ids[slot] < 0) continue;
      const base = slot * 16;
      let same = true;
      for (let i = 0; i < 16; i++) {
        if (cache[base + i] !== data[at + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.ids[slot];
    }
    const id = this.names.internIPv6(data, at);
    const slot = this.next;
    this.next = (slot + 1) % IPv6Interner.SLOTS;
    cache.set(data.subarray(at, at + 16), slot * 16);
    this.ids[slot] = id;
    return id;
  }
}

export class SegmentDecoder {
  private readonly link = new LinkLayer();
  private readonly ip = new IpPacket();
  private readonly ipv6: IPv6Interner;

  constructor(
    private readonly names: NameTable,
    private readonly problems: ProblemLog,
  ) {
    this.ipv6 = new IPv6Interner(names);
  }

  /**
   * Fills `out` from the frame and returns true when the frame is a TCP
   * segment. Frames of other protocols return false silently; damaged TCP
   * or IP headers return false with a problem.
   */
  decode(frame: CapturedFrame, out: SegmentFields): boolean {
    const data = frame.data;
    const link = this.link;
    if (!locateNetworkLayer(frame.linkType, data, link)) return false;
    const versionWanted = link.etherType === EtherType.IPV4 ? 4 : link.etherType === EtherType.IPV6 ? 6 : 0;
    if (versionWanted === 0) return false;
    const ip = this.ip;
    const wireLength = Math.max(frame.originalLength, data.length) - link.offset;
    const ipResult = parseIp(data, link.offset, wireLength, versionWanted, ip);
    if (ipResult !== IpResult.OK) {
      if (ipResult === IpResult.LATER_FRAGMENT) {
        if (ip.protocol === IpProtocol.TCP) {
          this.problems.atOffset(frame.offset, `frame ${frame.number}: TCP in an IP fragment at offset ${ip.fragmentOffset} skipped (fragments are not reassembled)`);
        }
      } else if (ipResult === IpResult.TRUNCATED) {
        this.problems.atOffset(frame.offset, `frame ${frame.number}: IPv${versionWanted} header truncated (${data.length} bytes captured)`);
      } else if (ipResult === IpResult.MALFORMED) {
        this.problems.atOffset(frame.offset, `frame ${frame.number}: malformed IPv${versionWanted} header`);
      }
      return false;
    }
    if (ip.protocol !== IpProtocol.TCP) return false;
    const tcpResult = parseTcp(data, ip.payloadOffset, ip.payloadLength, out);
    if (tcpResult !== TcpResult.OK) {
      this.problems.atOffset(
        frame.offset,
        tcpResult === TcpResult.TRUNCATED
          ? `frame ${frame.number}: TCP header truncated (${data.length} bytes captured)`
          : `frame ${frame.number}: malformed TCP header (bad data offset)`,
      );
      return false;
    }
    out.frame = frame.number;
    out.line = frame.number;
    out.time = frame.time;
    if (ip.version === 4) {
      out.src = this.names.internIPv4(u32be(data, ip.srcOffset));
      out.dst = this.names.internIPv4(u32be(data, ip.dstOffset));
    } else {
      out.src = this.ipv6.intern(data, ip.srcOffset);
      out.dst = this.ipv6.intern(data, ip.dstOffset);
    }
    return true;
  }
}

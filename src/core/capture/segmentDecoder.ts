/**
 * One frame to one TCP segment: link layer, IP, TCP, into the reused
 * SegmentFields, with addresses interned in the NameTable. No object or
 * string is made per packet: IPv4 addresses are interned by number and an
 * IPv6 address is compared with the last few seen before being formatted.
 * ICMP errors quoting a TCP segment are not segments: they go to a list.
 */
import { CapturedFrame } from './frame';
import { IcmpError } from '../icmpErrors';
import { IcmpQuote, icmp6UnreachIsHard, icmp6UnreachReason, icmpUnreachIsHard, icmpUnreachReason, parseIcmpUnreachable } from './icmpUnreachable';
import { IpPacket, IpProtocol, IpResult } from './ip';
import { InnerPacketLocator, Located, TunnelKind, tunnelScope } from './encapsulation';
import { SkipKind, SkippedFrames, isQuietEtherType, isTunnellingIpProtocol } from './skippedFrames';
import { NameTable } from '../names';
import { SegmentFields } from '../packets';
import { message } from '../explain/message';
import { ProblemLog } from '../problems';
import { TcpResult, parseTcp } from './tcp';
import { u32be } from './bytes';

/** A tiny most-recently-used cache of IPv6 address bytes → address id. */
export class IPv6Interner {
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
  private readonly locator = new InnerPacketLocator();
  private readonly skipped = new SkippedFrames();
  private readonly ip = new IpPacket();
  private lastTunnelKind = TunnelKind.NONE;
  private lastTunnelKey = -1;
  private lastTunnelScope = 0;
  private readonly quotedIp = new IpPacket();
  private readonly quote = new IcmpQuote();
  private readonly ipv6: IPv6Interner;

  /** `icmpErrors` receives the ICMP unreachables that quote TCP; null ignores them. */
  constructor(
    private readonly names: NameTable,
    private readonly problems: ProblemLog,
    private readonly icmpErrors: IcmpError[] | null = null,
  ) {
    this.ipv6 = new IPv6Interner(names);
  }

  /**
   * Fills `out` from the frame and returns true when the frame is a TCP
   * segment. Frames of other protocols return false, counted for `finish`
   * when they might hold TCP; damaged TCP or IP headers return false with a problem.
   */
  decode(frame: CapturedFrame, out: SegmentFields): boolean {
    // The frame's bytes in place, bytes[start, end): offsets below count from the buffer's start.
    const { bytes, start, end } = frame;
    const captured = end - start;
    const ip = this.ip;
    const located = this.locator.locate(frame.linkType, bytes, start, end, Math.max(frame.originalLength, captured), ip);
    if (located !== Located.IP) {
      this.passOver(located, frame, captured);
      return false;
    }
    if (ip.protocol !== IpProtocol.TCP) {
      if (ip.protocol === (ip.version === 4 ? IpProtocol.ICMP : IpProtocol.ICMPV6)) this.readIcmpError(frame);
      else if (isTunnellingIpProtocol(ip.protocol)) this.skipped.add(SkipKind.IP_PROTOCOL, ip.protocol, 0, frame.number, frame.offset);
      return false;
    }
    const tcpResult = parseTcp(bytes, ip.payloadOffset, ip.payloadLength, out, end);
    if (tcpResult !== TcpResult.OK) {
      this.problems.sayAtOffset(
        frame.offset,
        tcpResult === TcpResult.TRUNCATED
          ? message('problemTcpHeaderTruncated', { frame: frame.number, bytes: captured })
          : message('problemTcpHeaderMalformed', { frame: frame.number }),
      );
      return false;
    }
    out.frame = frame.number;
    out.line = frame.number;
    out.time = frame.time;
    out.src = this.address(ip.version, bytes, ip.srcOffset);
    out.dst = this.address(ip.version, bytes, ip.dstOffset);
    out.src = this.inTunnel(out.src);
    out.dst = this.inTunnel(out.dst);
    return true;
  }

  /** Identical inner flows of two tunnels are two connections: their addresses are told apart by the tunnel. */
  private inTunnel(address: number): number {
    const layers = this.locator.layers;
    if (layers.tunnel === TunnelKind.NONE) return address;
    return this.names.internScoped(address, this.tunnelScopeId(layers.tunnel, layers.tunnelKey));
  }

  /** Says once, at the end, how many frames were passed over and why (see SkippedFrames). */
  finish(): void {
    this.skipped.report(this.problems);
  }

  /** How many frames were passed over for a reason `finish` tells. */
  get skippedFrames(): number {
    return this.skipped.total;
  }

  private passOver(located: Located, frame: CapturedFrame, captured: number): void {
    const layers = this.locator.layers;
    switch (located) {
      case Located.LINK_NOT_DECODED:
        this.skipped.add(SkipKind.LINK_TYPE, frame.linkType, 0, frame.number, frame.offset);
        return;
      case Located.LINK_TRUNCATED:
        this.skipped.add(SkipKind.LINK_TRUNCATED, frame.linkType, 0, frame.number, frame.offset);
        return;
      case Located.NOT_IP:
        if (!isQuietEtherType(layers.etherType)) this.skipped.add(SkipKind.ETHER_TYPE, layers.etherType, 0, frame.number, frame.offset);
        return;
      case Located.ENCAPSULATION_NOT_DECODED:
        this.skipped.add(SkipKind.ENCAPSULATION, layers.skipped, layers.skippedType, frame.number, frame.offset);
        return;
      case Located.IP_DAMAGED: {
        const version = layers.ipVersion;
        if (layers.ipResult === IpResult.LATER_FRAGMENT) {
          if (this.ip.protocol === IpProtocol.TCP) this.skipped.add(SkipKind.FRAGMENT, 0, 0, frame.number, frame.offset);
        } else if (layers.ipResult === IpResult.TRUNCATED) {
          this.problems.sayAtOffset(frame.offset, message('problemIpHeaderTruncated', { frame: frame.number, version, bytes: captured }));
        } else if (layers.ipResult === IpResult.MALFORMED) {
          this.problems.sayAtOffset(frame.offset, message('problemIpHeaderMalformed', { frame: frame.number, version }));
        }
        return;
      }
      default:
        return;
    }
  }

  private tunnelScopeId(kind: TunnelKind, key: number): number {
    if (kind === this.lastTunnelKind && key === this.lastTunnelKey) return this.lastTunnelScope;
    this.lastTunnelKind = kind;
    this.lastTunnelKey = key;
    this.lastTunnelScope = this.names.internScope(tunnelScope(kind, key));
    return this.lastTunnelScope;
  }

  private address(version: number, data: Uint8Array, offset: number): number {
    return version === 4 ? this.names.internIPv4(u32be(data, offset)) : this.ipv6.intern(data, offset);
  }

  /** The frame's IP packet is ICMP (or ICMPv6 in IPv6): records it if it is an unreachable quoting TCP. */
  private readIcmpError(frame: CapturedFrame): void {
    if (this.icmpErrors === null) return;
    const data = frame.bytes;
    const ip = this.ip;
    const version = ip.version === 4 ? 4 : 6;
    const end = Math.min(frame.end, ip.payloadOffset + ip.payloadLength);
    const q = this.quote;
    if (!parseIcmpUnreachable(data, ip.payloadOffset, end, version, this.quotedIp, q)) return;
    this.icmpErrors.push({
      frame: frame.number,
      line: frame.number,
      time: frame.time,
      quotedSrc: this.inTunnel(this.address(version, data, q.srcOffset)),
      quotedDst: this.inTunnel(this.address(version, data, q.dstOffset)),
      quotedSport: q.sport,
      quotedDport: q.dport,
      reason: version === 4 ? icmpUnreachReason(q.code) : icmp6UnreachReason(q.code),
      hard: version === 4 ? icmpUnreachIsHard(q.code) : icmp6UnreachIsHard(q.code),
    });
  }
}

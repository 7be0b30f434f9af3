/**
 * From a frame's link layer down to the innermost IP packet, through the
 * encapsulations people capture: PPPoE sessions, MPLS label stacks, GRE (and
 * ERSPAN types I, II and III in it), IP-in-IP and IPv6-in-IPv4, VXLAN (UDP
 * 4789), Geneve (UDP 6081) and VLAN tags (in linkLayer.ts). The layers
 * crossed are recorded (kind and offset) for the text view and the hover;
 * a GRE key or a VXLAN/Geneve VNI is the tunnel's identity, which keeps
 * identical inner flows of different tunnels apart. Nothing is allocated per
 * frame.
 */
import { u16be, u32be } from './bytes';
import { IpPacket, IpProtocol, IpResult, parseIp } from './ip';
import { EtherType, LinkLayer, locateNetworkLayer } from './linkLayer';

export const enum EncapsulationEtherType {
  TEB = 0x6558,
  ERSPAN_III = 0x22eb,
  MPLS_UNICAST = 0x8847,
  MPLS_MULTICAST = 0x8848,
  PPPOE_SESSION = 0x8864,
  ERSPAN_II = 0x88be,
}

export const enum LayerKind {
  IPV4 = 1,
  IPV6,
  PPPOE,
  MPLS,
  GRE,
  ERSPAN,
  VXLAN,
  GENEVE,
  /** An Ethernet header inside a tunnel (VXLAN, Geneve or GRE bridging, ERSPAN). */
  ETHERNET,
}

export const enum TunnelKind {
  NONE = 0,
  GRE_KEY,
  VXLAN,
  GENEVE,
}

export const enum Located {
  /** `ip` holds the innermost IP packet. */
  IP,
  /** The link type is not one TCP Lens reads (`LinkLayer` says which). */
  LINK_NOT_DECODED,
  /** The link header is cut short. */
  LINK_TRUNCATED,
  /** The link layer carries something that is not IP (ARP, LLDP...; `etherType` says which). */
  NOT_IP,
  /** An encapsulation whose payload is not opened (`skipped` says which). */
  ENCAPSULATION_NOT_DECODED,
  /** The innermost IP header is cut, impossible, or a later fragment: `ipResult` says which. */
  IP_DAMAGED,
}

export const enum SkippedPayload {
  NONE,
  GRE_PROTOCOL,
  GRE_VERSION,
  MPLS_PAYLOAD,
  PPP_PROTOCOL,
  GENEVE_PROTOCOL,
  ERSPAN_VERSION,
  TRUNCATED,
}

export const MAX_LAYERS = 12;
const VXLAN_PORT = 4789;
const GENEVE_PORT = 6081;

/** The reused result of `InnerPacketLocator.locate`. */
export class OuterLayers {
  /** Layers crossed before the innermost IP header, outermost first. */
  count = 0;
  readonly kind = new Uint8Array(MAX_LAYERS);
  /** Offset of each layer's header in the frame's buffer. */
  readonly at = new Int32Array(MAX_LAYERS);
  /** The innermost keyed tunnel (GRE key, VNI), or NONE, and its key. */
  tunnel: TunnelKind = TunnelKind.NONE;
  tunnelKey = 0;
  /** After ENCAPSULATION_NOT_DECODED: what was not opened, and its protocol number. */
  skipped: SkippedPayload = SkippedPayload.NONE;
  skippedType = 0;
  /** After NOT_IP: the EtherType (0: an 802.3 frame without SNAP). */
  etherType = 0;
  /** After IP_DAMAGED. */
  ipResult: IpResult = IpResult.OK;
  ipVersion = 0;

  push(kind: LayerKind, at: number): boolean {
    if (this.count >= MAX_LAYERS) return false;
    this.kind[this.count] = kind;
    this.at[this.count] = at;
    this.count++;
    return true;
  }
}

/** The GRE header's fields (RFC 2784/2890), read by `parseGre`. */
export class GreHeader {
  flags = 0;
  protocol = 0;
  keyPresent = false;
  key = 0;
  sequencePresent = false;
  sequence = 0;
  payloadAt = 0;
}

/** Reads a GRE version 0 header at `at`; false when cut short or not version 0 (PPTP's enhanced GRE is version 1). */
export function parseGre(data: Uint8Array, at: number, end: number, out: GreHeader): boolean {
  if (end - at < 4) return false;
  const flags = u16be(data, at);
  out.flags = flags;
  out.protocol = u16be(data, at + 2);
  if ((flags & 7) !== 0) return false;
  let p = at + 4;
  if (flags & 0xc000) p += 4; // checksum (and the offset that comes with it, or with routing)
  out.keyPresent = (flags & 0x2000) !== 0;
  if (out.keyPresent) {
    if (end - p < 4) return false;
    out.key = u32be(data, p);
    p += 4;
  }
  out.sequencePresent = (flags & 0x1000) !== 0;
  if (out.sequencePresent) {
    if (end - p < 4) return false;
    out.sequence = u32be(data, p);
    p += 4;
  }
  if (p > end) return false;
  out.payloadAt = p;
  return true;
}

/**
 * Walks a frame from its link layer to the innermost IP header. The IP
 * header of a tunnel's outer packet is an outer layer; the last one is `ip`.
 */
export class InnerPacketLocator {
  readonly link = new LinkLayer();
  readonly layers = new OuterLayers();
  private readonly gre = new GreHeader();

  /**
   * `wire` is the frame's length on the wire. On IP, `ip` holds the
   * innermost IP packet (whatever its protocol: the caller reads TCP from it).
   */
  locate(linkType: number, data: Uint8Array, start: number, end: number, wire: number, ip: IpPacket): Located {
    const layers = this.layers;
    layers.count = 0;
    layers.tunnel = TunnelKind.NONE;
    layers.tunnelKey = 0;
    layers.skipped = SkippedPayload.NONE;
    layers.skippedType = 0;
    layers.etherType = 0;
    layers.ipResult = IpResult.OK;
    const link = this.link;
    if (!locateNetworkLayer(linkType, data, link, start, end)) return link.supported ? Located.LINK_TRUNCATED : Located.LINK_NOT_DECODED;
    let type = link.etherType;
    let at = link.offset;
    // Bytes of the current layer's payload on the wire, from `at`.
    let wireLength = wire - (at - start);
    for (;;) {
      switch (type) {
        case EtherType.IPV4:
        case EtherType.IPV6: {
          const version = type === EtherType.IPV4 ? 4 : 6;
          const result = parseIp(data, at, wireLength, version, ip, end);
          if (result !== IpResult.OK) {
            layers.ipResult = result;
            layers.ipVersion = version;
            return Located.IP_DAMAGED;
          }
          if (!layers.push(version === 4 ? LayerKind.IPV4 : LayerKind.IPV6, at)) return Located.IP;
          const next = this.tunnelInIp(data, ip, end);
          if (next === 0) {
            layers.count--;
            return Located.IP;
          }
          if (next < 0) return Located.ENCAPSULATION_NOT_DECODED;
          const payloadEnd = Math.min(end, ip.payloadOffset + ip.payloadLength);
          wireLength = ip.payloadOffset + ip.payloadLength - this.nextAt;
          type = next;
          at = this.nextAt;
          end = Math.max(at, payloadEnd);
          continue;
        }
        case EncapsulationEtherType.PPPOE_SESSION: {
          if (end - at < 8 || !layers.push(LayerKind.PPPOE, at)) return this.notDecoded(SkippedPayload.TRUNCATED, type);
          // The PPP protocol field may be compressed to one (odd) byte.
          const short = (data[at + 6] & 1) !== 0;
          const protocol = short ? data[at + 6] : u16be(data, at + 6);
          const next = protocol === 0x0021 ? EtherType.IPV4 : protocol === 0x0057 ? EtherType.IPV6 : 0;
          // PPP's control protocols (LCP, IPCP, authentication: 0x8000 and up) never hold TCP.
          if (next === 0) return protocol >= 0x8000 ? Located.NOT_IP : this.notDecoded(SkippedPayload.PPP_PROTOCOL, protocol);
          // The PPPoE length counts the PPP protocol field and its payload.
          const header = short ? 7 : 8;
          const payload = u16be(data, at + 4) - (header - 6);
          type = next;
          at += header;
          wireLength = payload > 0 ? Math.min(payload, wireLength - header) : wireLength - header;
          continue;
        }
        case EncapsulationEtherType.MPLS_UNICAST:
        case EncapsulationEtherType.MPLS_MULTICAST: {
          if (!layers.push(LayerKind.MPLS, at)) return Located.ENCAPSULATION_NOT_DECODED;
          let p = at;
          for (;;) {
            if (end - p < 4) return this.notDecoded(SkippedPayload.TRUNCATED, type);
            const bottom = (data[p + 2] & 1) !== 0;
            p += 4;
            if (bottom) break;
          }
          wireLength -= p - at;
          at = p;
          const version = at < end ? data[at] >> 4 : 0;
          // An MPLS payload names no protocol: IP is told by its version; anything else (a pseudowire) is not opened.
          type = version === 4 ? EtherType.IPV4 : version === 6 ? EtherType.IPV6 : 0;
          if (type === 0) return this.notDecoded(SkippedPayload.MPLS_PAYLOAD, version);
          continue;
        }
        case EncapsulationEtherType.TEB: {
          if (!layers.push(LayerKind.ETHERNET, at) || !this.crossInnerEthernet(data, at, end)) return this.notDecoded(SkippedPayload.TRUNCATED, type);
          wireLength -= this.nextAt - at;
          type = this.nextType;
          at = this.nextAt;
          continue;
        }
        default:
          layers.etherType = type;
          // What GRE carries is named by its protocol field; an inner Ethernet frame's ARP is as quiet as an outer one's.
          return layers.count > 0 && layers.kind[layers.count - 1] === LayerKind.GRE
            ? this.notDecoded(SkippedPayload.GRE_PROTOCOL, type)
            : Located.NOT_IP;
      }
    }
  }

  private nextAt = 0;
  private nextType = 0;

  private notDecoded(what: SkippedPayload, type: number): Located {
    this.layers.skipped = what;
    this.layers.skippedType = type;
    return Located.ENCAPSULATION_NOT_DECODED;
  }

  /**
   * The tunnel an IP packet carries, if any: its payload's EtherType (IPv4,
   * IPv6, TEB...) with `nextAt` set, 0 when the packet is not a tunnel,
   * -1 when it is one that is not opened (`layers.skipped` says why).
   */
  private tunnelInIp(data: Uint8Array, ip: IpPacket, end: number): number {
    const at = ip.payloadOffset;
    const payloadEnd = Math.min(end, at + ip.payloadLength);
    const layers = this.layers;
    switch (ip.protocol) {
      case 4:
        this.nextAt = at;
        return EtherType.IPV4;
      case 41:
        this.nextAt = at;
        return EtherType.IPV6;
      case 47: {
        const gre = this.gre;
        if (!parseGre(data, at, payloadEnd, gre)) {
          layers.push(LayerKind.GRE, at);
          this.notDecoded(payloadEnd - at < 4 ? SkippedPayload.TRUNCATED : SkippedPayload.GRE_VERSION, payloadEnd - at < 4 ? 0 : data[at + 1] & 7);
          return -1;
        }
        if (!layers.push(LayerKind.GRE, at)) return 0;
        if (gre.keyPresent) {
          layers.tunnel = TunnelKind.GRE_KEY;
          layers.tunnelKey = gre.key;
        }
        if (gre.protocol === EncapsulationEtherType.ERSPAN_II || gre.protocol === EncapsulationEtherType.ERSPAN_III) return this.erspan(data, gre, payloadEnd);
        this.nextAt = gre.payloadAt;
        return gre.protocol;
      }
      case IpProtocol.UDP: {
        if (payloadEnd - at < 8) return 0;
        const dport = u16be(data, at + 2);
        if (dport === VXLAN_PORT) return this.vxlan(data, at, payloadEnd);
        if (dport === GENEVE_PORT) return this.geneve(data, at, payloadEnd);
        return 0;
      }
      default:
        return 0;
    }
  }

  /** ERSPAN in GRE: type I has no header of its own (no GRE sequence number), II has 8 bytes, III 12 (+8 with its platform subheader). */
  private erspan(data: Uint8Array, gre: GreHeader, end: number): number {
    const layers = this.layers;
    let p = gre.payloadAt;
    if (gre.protocol === EncapsulationEtherType.ERSPAN_II && gre.sequencePresent) {
      if (end - p < 8) return this.failed(SkippedPayload.TRUNCATED, 0);
      const version = data[p] >> 4;
      if (version !== 1) return this.failed(SkippedPayload.ERSPAN_VERSION, version);
      layers.push(LayerKind.ERSPAN, p);
      p += 8;
    } else if (gre.protocol === EncapsulationEtherType.ERSPAN_III) {
      if (end - p < 12) return this.failed(SkippedPayload.TRUNCATED, 0);
      const version = data[p] >> 4;
      if (version !== 2) return this.failed(SkippedPayload.ERSPAN_VERSION, version);
      layers.push(LayerKind.ERSPAN, p);
      const optional = (data[p + 11] & 1) !== 0;
      p += optional ? 20 : 12;
    } else {
      layers.push(LayerKind.ERSPAN, p);
    }
    if (!layers.push(LayerKind.ETHERNET, p) || !this.crossInnerEthernet(data, p, end)) return this.failed(SkippedPayload.TRUNCATED, 0);
    return this.nextType;
  }

  private vxlan(data: Uint8Array, udp: number, end: number): number {
    const layers = this.layers;
    const at = udp + 8;
    // The I flag says the VNI is valid; without it this is not VXLAN as tshark and tcpdump read it.
    if (end - at < 8 || (data[at] & 0x08) === 0) return 0;
    layers.push(LayerKind.VXLAN, at);
    layers.tunnel = TunnelKind.VXLAN;
    layers.tunnelKey = (data[at + 4] << 16) | (data[at + 5] << 8) | data[at + 6];
    const inner = at + 8;
    if (!layers.push(LayerKind.ETHERNET, inner) || !this.crossInnerEthernet(data, inner, end)) return this.failed(SkippedPayload.TRUNCATED, 0);
    return this.nextType;
  }

  private geneve(data: Uint8Array, udp: number, end: number): number {
    const layers = this.layers;
    const at = udp + 8;
    if (end - at < 8 || data[at] >> 6 !== 0) return 0;
    const optionsLength = (data[at] & 0x3f) * 4;
    const protocol = u16be(data, at + 2);
    layers.push(LayerKind.GENEVE, at);
    layers.tunnel = TunnelKind.GENEVE;
    layers.tunnelKey = (data[at + 4] << 16) | (data[at + 5] << 8) | data[at + 6];
    const inner = at + 8 + optionsLength;
    if (inner > end) return this.failed(SkippedPayload.TRUNCATED, 0);
    if (protocol === EncapsulationEtherType.TEB) {
      if (!layers.push(LayerKind.ETHERNET, inner) || !this.crossInnerEthernet(data, inner, end)) return this.failed(SkippedPayload.TRUNCATED, 0);
      return this.nextType;
    }
    if (protocol === EtherType.IPV4 || protocol === EtherType.IPV6) {
      this.nextAt = inner;
      return protocol;
    }
    return this.failed(SkippedPayload.GENEVE_PROTOCOL, protocol);
  }

  private failed(what: SkippedPayload, type: number): number {
    this.notDecoded(what, type);
    return -1;
  }

  private readonly innerLink = new LinkLayer();

  /** An inner Ethernet header (VLAN tags crossed): sets nextType and nextAt. */
  private crossInnerEthernet(data: Uint8Array, at: number, end: number): boolean {
    if (!locateNetworkLayer(1, data, this.innerLink, at, end)) return false;
    this.nextType = this.innerLink.etherType;
    this.nextAt = this.innerLink.offset;
    return true;
  }
}

/** The tunnel's identity as a short text ("GRE key 1", "VXLAN VNI 100"): what keeps identical inner flows of two tunnels apart. */
export function tunnelScope(kind: TunnelKind, key: number): string {
  switch (kind) {
    case TunnelKind.GRE_KEY:
      return `GRE key ${key}`;
    case TunnelKind.VXLAN:
      return `VXLAN VNI ${key}`;
    case TunnelKind.GENEVE:
      return `Geneve VNI ${key}`;
    default:
      return '';
  }
}

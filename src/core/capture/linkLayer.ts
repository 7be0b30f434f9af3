/**
 * From a frame's link-layer header to the start of its network layer.
 * Link types are the LINKTYPE_* values of pcap and pcapng files.
 */
import { u16be, u32be, u32le } from './bytes';

export const enum LinkType {
  NULL = 0,
  ETHERNET = 1,
  PPP = 9,
  DLT_RAW_12 = 12,
  DLT_RAW_14 = 14,
  PPP_HDLC = 50,
  RAW = 101,
  C_HDLC = 104,
  LOOP = 108,
  LINUX_SLL = 113,
  IPV4 = 228,
  IPOIB = 242,
  IPV6 = 229,
  LINUX_SLL2 = 276,
}

export const enum EtherType {
  IPV4 = 0x0800,
  ARP = 0x0806,
  VLAN = 0x8100,
  IPV6 = 0x86dd,
  QINQ = 0x88a8,
  QINQ_LEGACY = 0x9100,
}

/** Where the network layer begins: the reused result of `locateNetworkLayer`. */
export class LinkLayer {
  /** EtherType of the network layer (IPv4/IPv6 also for links that give an address family or nothing). */
  etherType = 0;
  /** Offset of the network-layer header in the frame. */
  offset = 0;
  /** VLAN tags crossed (802.1Q, 802.1ad, QinQ). */
  vlanTags = 0;
  /** Whether the link type is one TCP Lens reads (false: `locateNetworkLayer` returned false for that reason). */
  supported = true;
  /** Linux cooked capture: packet type (0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing), or -1. */
  sllPacketType = -1;
  /** Linux cooked capture v2: interface index, or -1. */
  sllInterfaceIndex = -1;
}

/** BSD address families for IPv6 differ between systems. */
function addressFamilyEtherType(family: number): number {
  if (family === 2) return EtherType.IPV4;
  if (family === 10 || family === 24 || family === 28 || family === 30) return EtherType.IPV6;
  return 0;
}

function ipVersionEtherType(data: Uint8Array, at: number, end: number): number {
  if (at >= end) return 0;
  const version = data[at] >> 4;
  return version === 4 ? EtherType.IPV4 : version === 6 ? EtherType.IPV6 : 0;
}

/**
 * Fills `out` for a frame, data[start, end) (the whole array by default;
 * `out.offset` counts from the array's start). Returns false when the link
 * type is not supported or the link header is not all captured;
 * `out.etherType` is 0 when the payload is not an EtherType-identified
 * protocol.
 */
export function locateNetworkLayer(linkType: number, data: Uint8Array, out: LinkLayer, start = 0, end = data.length): boolean {
  out.etherType = 0;
  out.offset = start;
  out.vlanTags = 0;
  out.sllPacketType = -1;
  out.sllInterfaceIndex = -1;
  out.supported = true;
  switch (linkType) {
    case LinkType.ETHERNET:
      if (end - start < 14) return false;
      return crossEtherTypes(data, start + 12, out, start + 14, end);
    case LinkType.RAW:
    case LinkType.DLT_RAW_12:
    case LinkType.DLT_RAW_14:
      out.etherType = ipVersionEtherType(data, start, end);
      return true;
    case LinkType.IPV4:
      out.etherType = EtherType.IPV4;
      return true;
    case LinkType.IPV6:
      out.etherType = EtherType.IPV6;
      return true;
    case LinkType.NULL: {
      if (end - start < 4) return false;
      // Written in the capturing host's byte order: a family is small, so the order that gives a small number is right.
      const le = u32le(data, start);
      out.etherType = addressFamilyEtherType(le <= 0xffff ? le : u32be(data, start));
      out.offset = start + 4;
      return true;
    }
    case LinkType.LOOP:
      if (end - start < 4) return false;
      out.etherType = addressFamilyEtherType(u32be(data, start));
      out.offset = start + 4;
      return true;
    case LinkType.LINUX_SLL:
      if (end - start < 16) return false;
      out.sllPacketType = u16be(data, start);
      return crossEtherTypes(data, start + 14, out, start + 16, end);
    case LinkType.LINUX_SLL2:
      if (end - start < 20) return false;
      out.sllInterfaceIndex = u32be(data, start + 4);
      out.sllPacketType = data[start + 10];
      return crossEtherTypes(data, start, out, start + 20, end);
    case LinkType.PPP:
    case LinkType.PPP_HDLC:
      return crossPpp(data, start, out, end);
    case LinkType.C_HDLC:
      // Cisco HDLC: address, control, then an EtherType.
      if (end - start < 4) return false;
      out.etherType = u16be(data, start + 2);
      out.offset = start + 4;
      return true;
    case LinkType.IPOIB:
      // Linux's IPoIB header: both ends' 20-byte hardware addresses, then RFC 4391's type and 2 reserved bytes.
      if (end - start < 44) return false;
      out.etherType = u16be(data, start + 40);
      out.offset = start + 44;
      return true;
    default:
      out.supported = false;
      return false;
  }
}

/** A PPP header: address and control (FF 03, may be left out), then a 1- or 2-byte protocol; only IP is named. */
function crossPpp(data: Uint8Array, start: number, out: LinkLayer, end: number): boolean {
  let at = start;
  if (end - at >= 2 && data[at] === 0xff && data[at + 1] === 0x03) at += 2;
  if (end - at < 1) return false;
  let protocol = data[at];
  if ((protocol & 1) === 0) {
    if (end - at < 2) return false;
    protocol = u16be(data, at);
    at += 2;
  } else {
    at += 1;
  }
  out.etherType = protocol === 0x21 ? EtherType.IPV4 : protocol === 0x57 ? EtherType.IPV6 : 0;
  out.offset = at;
  return true;
}

/**
 * Reads the EtherType at `typeAt` (payload at `payloadAt`, by default right
 * after it), crossing VLAN tags and an 802.2 SNAP header.
 */
function crossEtherTypes(data: Uint8Array, typeAt: number, out: LinkLayer, payloadAt: number, end: number): boolean {
  let type = u16be(data, typeAt);
  let at = payloadAt;
  while (type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_LEGACY) {
    if (end < at + 4) return false;
    type = u16be(data, at + 2);
    at += 4;
    out.vlanTags++;
  }
  if (type < 0x0600) {
    // An 802.3 length: only an 802.2 SNAP header (AA AA 03, OUI 0) carries an EtherType.
    if (end >= at + 8 && data[at] === 0xaa && data[at + 1] === 0xaa && data[at + 2] === 0x03 &&
        data[at + 3] === 0 && data[at + 4] === 0 && data[at + 5] === 0) {
      type = u16be(data, at + 6);
      at += 8;
    } else type = 0;
  }
  out.etherType = type;
  out.offset = at;
  return true;
}

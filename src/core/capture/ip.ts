/**
 * IPv4 and IPv6 headers, down to the upper-layer protocol and its length.
 * The payload length comes from the IP header (not from the captured bytes),
 * so Ethernet padding is not payload and a snap length does not shorten it.
 */
import { u16be } from './bytes';

export const enum IpProtocol {
  HOP_BY_HOP = 0,
  ICMP = 1,
  IGMP = 2,
  TCP = 6,
  UDP = 17,
  ROUTING = 43,
  FRAGMENT = 44,
  ESP = 50,
  AH = 51,
  ICMPV6 = 58,
  NO_NEXT = 59,
  DESTINATION_OPTIONS = 60,
  MOBILITY = 135,
  HIP = 139,
  SHIM6 = 140,
}

export const enum IpResult {
  OK,
  /** The bytes are not an IP header of the expected version. */
  NOT_IP,
  /** The header (or an extension header) was cut by the snap length. */
  TRUNCATED,
  /** A header field is impossible (IHL < 5, total length < header length...). */
  MALFORMED,
  /** A fragment other than the first: the upper-layer header is in another frame. */
  LATER_FRAGMENT,
}

export const MAX_RECORDED_EXTENSIONS = 8;

/** The reused result of `parseIp`. */
export class IpPacket {
  version = 0;
  /** Offsets of the source and destination addresses in the frame. */
  srcOffset = 0;
  dstOffset = 0;
  /** Upper-layer protocol after any IPv6 extension headers. */
  protocol = 0;
  /** Offset of the upper-layer header and its length according to the IP header. */
  payloadOffset = 0;
  payloadLength = 0;
  /** IPv4 total length or IPv6 payload length + 40, as in the header (0 = taken from the frame). */
  lengthField = 0;
  /** Fragment offset in bytes and the more-fragments flag. */
  fragmentOffset = 0;
  moreFragments = false;
  fragmentId = 0;
  /** IPv6 extension headers crossed, in order (for the text view). */
  extensionCount = 0;
  readonly extensions = new Uint8Array(MAX_RECORDED_EXTENSIONS);
}

/**
 * Parses the IP header at `offset` (of data captured up to `end`). `wireLength` is how many bytes the IP
 * packet had on the wire (frame's original length minus the link header):
 * it stands in for a zero length field (TSO, jumbograms).
 */
export function parseIp(data: Uint8Array, offset: number, wireLength: number, etherTypeVersion: number, out: IpPacket, end = data.length): IpResult {
  out.extensionCount = 0;
  out.fragmentOffset = 0;
  out.moreFragments = false;
  out.fragmentId = 0;
  const captured = end - offset;
  if (captured < 1) return IpResult.TRUNCATED;
  const version = data[offset] >> 4;
  if (version !== etherTypeVersion) return IpResult.NOT_IP;
  out.version = version;
  return version === 4 ? parseIPv4(data, offset, captured, wireLength, out) : parseIPv6(data, offset, captured, wireLength, out, end);
}

function parseIPv4(data: Uint8Array, offset: number, captured: number, wireLength: number, out: IpPacket): IpResult {
  if (captured < 20) return IpResult.TRUNCATED;
  const headerLength = (data[offset] & 0x0f) * 4;
  if (headerLength < 20) return IpResult.MALFORMED;
  if (captured < headerLength) return IpResult.TRUNCATED;
  const lengthField = u16be(data, offset + 2);
  out.lengthField = lengthField;
  // A zero total length is what Linux records for TSO sends: the frame tells the length.
  let total = lengthField === 0 ? wireLength : Math.min(lengthField, Math.max(wireLength, headerLength));
  if (total < headerLength) return IpResult.MALFORMED;
  const fragment = u16be(data, offset + 6);
  out.fragmentOffset = (fragment & 0x1fff) * 8;
  out.moreFragments = (fragment & 0x2000) !== 0;
  out.fragmentId = u16be(data, offset + 4);
  out.protocol = data[offset + 9];
  out.srcOffset = offset + 12;
  out.dstOffset = offset + 16;
  out.payloadOffset = offset + headerLength;
  out.payloadLength = total - headerLength;
  return out.fragmentOffset > 0 ? IpResult.LATER_FRAGMENT : IpResult.OK;
}

function parseIPv6(data: Uint8Array, offset: number, captured: number, wireLength: number, out: IpPacket, end: number): IpResult {
  if (captured < 40) return IpResult.TRUNCATED;
  const lengthField = u16be(data, offset + 4);
  out.lengthField = lengthField === 0 ? 0 : lengthField + 40;
  let remaining = lengthField === 0 ? Math.max(wireLength - 40, 0) : lengthField;
  let next = data[offset + 6];
  out.srcOffset = offset + 8;
  out.dstOffset = offset + 24;
  let at = offset + 40;
  for (;;) {
    let headerLength: number;
    switch (next) {
      case IpProtocol.HOP_BY_HOP:
      case IpProtocol.ROUTING:
      case IpProtocol.DESTINATION_OPTIONS:
      case IpProtocol.MOBILITY:
      case IpProtocol.HIP:
      case IpProtocol.SHIM6:
        if (end < at + 2) return IpResult.TRUNCATED;
        headerLength = (data[at + 1] + 1) * 8;
        break;
      case IpProtocol.AH:
        if (end < at + 2) return IpResult.TRUNCATED;
        headerLength = (data[at + 1] + 2) * 4;
        break;
      case IpProtocol.FRAGMENT: {
        if (end < at + 8) return IpResult.TRUNCATED;
        headerLength = 8;
        const field = u16be(data, at + 2);
        out.fragmentOffset = field & 0xfff8;
        out.moreFragments = (field & 1) !== 0;
        out.fragmentId = ((data[at + 4] << 24) | (data[at + 5] << 16) | (data[at + 6] << 8) | data[at + 7]) >>> 0;
        break;
      }
      default:
        out.protocol = next;
        out.payloadOffset = at;
        out.payloadLength = remaining;
        return out.fragmentOffset > 0 ? IpResult.LATER_FRAGMENT : IpResult.OK;
    }
    if (headerLength > remaining) return IpResult.MALFORMED;
    if (out.extensionCount < MAX_RECORDED_EXTENSIONS) out.extensions[out.extensionCount++] = next;
    next = data[at];
    at += headerLength;
    remaining -= headerLength;
    if (next !== IpProtocol.NO_NEXT && out.fragmentOffset > 0) {
      // A later fragment: what follows the fragment header is the middle of another packet's payload.
      out.protocol = next;
      out.payloadOffset = at;
      out.payloadLength = remaining;
      return IpResult.LATER_FRAGMENT;
    }
  }
}

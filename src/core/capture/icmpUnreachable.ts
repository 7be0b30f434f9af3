/**
 * ICMP "destination unreachable" (ICMPv4 type 3, ICMPv6 type 1) quoting a
 * TCP segment: the codes in tcpdump 4.99's words, which of them are hard
 * errors, and the quote read from a frame's bytes. Shared by the binary
 * decoder, the text decoder and the text view, so that all three agree.
 */
import { IpPacket, IpProtocol, IpResult, parseIp } from './ip';
import { u16be } from './bytes';

export const ICMP_UNREACHABLE = 3;
export const ICMP6_UNREACHABLE = 1;

export const enum IcmpUnreachCode {
  NET = 0,
  HOST = 1,
  PROTOCOL = 2,
  PORT = 3,
  NEED_FRAG = 4,
}

export const enum Icmp6UnreachCode {
  NO_ROUTE = 0,
  ADMIN = 1,
  BEYOND_SCOPE = 2,
  ADDRESS = 3,
  PORT = 4,
}

/**
 * tcpdump prints ICMPv4 codes other than protocol and port unreachable as
 * `[net |host ]ADDR unreachable[ - QUALIFIER]` (print-icmp.c, unreach2str;
 * need-to-frag adds ` (mtu N)`; codes past 15 read ` - #CODE`).
 */
export const ICMP_UNREACH_WORDING: ReadonlyArray<{ readonly prefix: '' | 'net ' | 'host '; readonly qualifier: string }> = [
  { prefix: 'net ', qualifier: '' },
  { prefix: 'host ', qualifier: '' },
  { prefix: '', qualifier: '' },
  { prefix: '', qualifier: '' },
  { prefix: '', qualifier: 'need to frag' },
  { prefix: '', qualifier: 'source route failed' },
  { prefix: 'net ', qualifier: 'unknown' },
  { prefix: 'host ', qualifier: 'unknown' },
  { prefix: '', qualifier: 'source host isolated' },
  { prefix: 'net ', qualifier: 'admin prohibited' },
  { prefix: 'host ', qualifier: 'admin prohibited' },
  { prefix: 'net ', qualifier: 'tos prohibited' },
  { prefix: 'host ', qualifier: 'tos prohibited' },
  { prefix: 'host ', qualifier: 'admin prohibited filter' },
  { prefix: 'host ', qualifier: 'host precedence violation' },
  { prefix: 'host ', qualifier: 'precedence cutoff' },
];

/** tcpdump's words for an ICMPv6 unreachable code (print-icmp6.c; the leading space of "prohibited" is tcpdump's). */
const ICMP6_UNREACH_WORDING = ['unreachable route', ' unreachable prohibited', 'beyond scope', 'unreachable address', 'unreachable port'];

export function icmp6UnreachWording(code: number): string {
  return ICMP6_UNREACH_WORDING[code] ?? `unknown unreach code (${code})`;
}

/**
 * The reason recorded for an ICMPv4 code: tcpdump's qualifier ("admin
 * prohibited filter", "need to frag"; "net unknown" and "host unknown"
 * for the two "unknown" ones), else "net/host/protocol/port unreachable".
 */
export function icmpUnreachReason(code: number): string {
  switch (code) {
    case IcmpUnreachCode.NET:
      return 'net unreachable';
    case IcmpUnreachCode.HOST:
      return 'host unreachable';
    case IcmpUnreachCode.PROTOCOL:
      return 'protocol unreachable';
    case IcmpUnreachCode.PORT:
      return 'port unreachable';
  }
  const wording = ICMP_UNREACH_WORDING[code];
  if (wording === undefined) return `#${code}`;
  return wording.qualifier === 'unknown' ? wording.prefix + wording.qualifier : wording.qualifier;
}

export function icmp6UnreachReason(code: number): string {
  return icmp6UnreachWording(code).trim();
}

/**
 * Hard errors abort a connection being opened: protocol and port
 * unreachable (RFC 1122 4.2.3.9) and the administratively prohibited codes
 * (net, host, filter), which Linux treats as fatal too.
 */
export function icmpUnreachIsHard(code: number): boolean {
  return code === IcmpUnreachCode.PROTOCOL || code === IcmpUnreachCode.PORT || code === 9 || code === 10 || code === 13;
}

/** Port unreachable and the policy codes (admin prohibited, 5 ingress/egress policy, 6 reject route), as Linux's icmpv6_err_convert. */
export function icmp6UnreachIsHard(code: number): boolean {
  return code === Icmp6UnreachCode.ADMIN || code === Icmp6UnreachCode.PORT || code === 5 || code === 6;
}

/** The reused result of `parseIcmpUnreachable`: offsets point into the frame. */
export class IcmpQuote {
  code = 0;
  /** IP version of the quoted datagram (the same as the ICMP message's). */
  version = 0;
  srcOffset = 0;
  dstOffset = 0;
  sport = 0;
  dport = 0;
}

/**
 * Reads the ICMP (`version` 4) or ICMPv6 (6) message in data[at, end):
 * true when it is a destination unreachable whose quote is a TCP segment
 * with at least its two ports. Truncated or other quotes give false.
 */
export function parseIcmpUnreachable(data: Uint8Array, at: number, end: number, version: 4 | 6, quotedIp: IpPacket, out: IcmpQuote): boolean {
  if (end - at < 8) return false;
  if (data[at] !== (version === 4 ? ICMP_UNREACHABLE : ICMP6_UNREACHABLE)) return false;
  const quote = at + 8;
  const bytes = end < data.length ? data.subarray(0, end) : data;
  if (parseIp(bytes, quote, end - quote, version, quotedIp) !== IpResult.OK) return false;
  if (quotedIp.protocol !== IpProtocol.TCP || end - quotedIp.payloadOffset < 4) return false;
  out.code = data[at + 1];
  out.version = version;
  out.srcOffset = quotedIp.srcOffset;
  out.dstOffset = quotedIp.dstOffset;
  out.sport = u16be(data, quotedIp.payloadOffset);
  out.dport = u16be(data, quotedIp.payloadOffset + 2);
  return true;
}

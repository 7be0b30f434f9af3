/**
 * Short tcpdump-like lines for frames that are not TCP: ARP, ICMP, ICMPv6,
 * UDP and unknown protocols, as tcpdump 4.99 prints them without -v (the
 * common cases; rarer message types get tcpdump's generic wording).
 */
import { u16be, u32be } from '../capture/bytes';
import { IpPacket, IpProtocol, IpResult, parseIp } from '../capture/ip';
import {
  ICMP6_UNREACHABLE,
  ICMP_UNREACHABLE,
  ICMP_UNREACH_WORDING,
  Icmp6UnreachCode,
  IcmpUnreachCode,
  icmp6UnreachWording,
} from '../capture/icmpUnreachable';
import { ipv4Text, ipv6Text } from '../names';

export function macText(data: Uint8Array, at: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += (i ? ':' : '') + (data[at + i] < 16 ? '0' : '') + data[at + i].toString(16);
  return s;
}

function ipv4At(data: Uint8Array, at: number): string {
  return ipv4Text(((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0);
}

/** `ARP, Request who-has 192.0.2.2 tell 192.0.2.1, length 28`. */
export function printArp(data: Uint8Array, at: number, length: number): string {
  if (data.length - at < 8) return 'ARP, [|arp]';
  const hardwareLength = data[at + 4];
  const protocolLength = data[at + 5];
  const operation = u16be(data, at + 6);
  const senderHardware = at + 8;
  const senderProtocol = senderHardware + hardwareLength;
  const targetHardware = senderProtocol + protocolLength;
  const targetProtocol = targetHardware + hardwareLength;
  const ethernetIPv4 = u16be(data, at) === 1 && u16be(data, at + 2) === 0x0800 && hardwareLength === 6 && protocolLength === 4;
  if (!ethernetIPv4 || data.length < targetProtocol + protocolLength) {
    return `ARP, hardware type ${u16be(data, at)}, protocol type 0x${u16be(data, at + 2).toString(16).padStart(4, '0')}, opcode ${operation}, length ${length}`;
  }
  switch (operation) {
    case 1: {
      const targetMac = data.subarray(targetHardware, targetHardware + 6).some((b) => b !== 0) ? ` (${macText(data, targetHardware)})` : '';
      return `ARP, Request who-has ${ipv4At(data, targetProtocol)}${targetMac} tell ${ipv4At(data, senderProtocol)}, length ${length}`;
    }
    case 2:
      return `ARP, Reply ${ipv4At(data, senderProtocol)} is-at ${macText(data, senderHardware)}, length ${length}`;
    case 3:
      return `ARP, Reverse Request who-is ${macText(data, targetHardware)} tell ${macText(data, senderHardware)}, length ${length}`;
    case 4:
      return `ARP, Reverse Reply ${macText(data, targetHardware)} at ${ipv4At(data, targetProtocol)}, length ${length}`;
    default:
      return `ARP, Unknown (${operation}), length ${length}`;
  }
}

/** `UDP, length 20` after the endpoints (tcpdump decodes DNS, NTP and others further; this view does not). */
export function printUdp(data: Uint8Array, at: number, src: string, dst: string, ipPayloadLength: number): string {
  if (data.length - at < 8) return `${src} > ${dst}: [|udp]`;
  const udpLength = u16be(data, at + 4);
  const length = udpLength >= 8 ? udpLength - 8 : ipPayloadLength - 8;
  return `${src}.${u16be(data, at)} > ${dst}.${u16be(data, at + 2)}: UDP, length ${length}`;
}

/**
 * ICMPv4 after `src > dst: `, e.g. `ICMP echo request, id 1, seq 1, length 64`.
 * `end` is where the IP packet's payload ends in `data` (padding excluded).
 */
export function printIcmp(data: Uint8Array, at: number, length: number, end = data.length): string {
  if (end - at < 4) return 'ICMP [|icmp]';
  const type = data[at];
  const code = data[at + 1];
  const idSeq = () => (end - at >= 8 ? `, id ${u16be(data, at + 4)}, seq ${u16be(data, at + 6)}` : '');
  let what: string;
  switch (type) {
    case 0:
      what = `echo reply${idSeq()}`;
      break;
    case 8:
      what = `echo request${idSeq()}`;
      break;
    case ICMP_UNREACHABLE: {
      const unreachable = unreachableText(data, at, code, end);
      if (unreachable === null) return ' [|icmp]';
      what = unreachable;
      break;
    }
    case 11:
      what = code === 0 ? 'time exceeded in-transit' : 'ip reassembly time exceeded';
      break;
    case 5:
      what = 'redirect';
      break;
    case 13:
      what = 'time stamp request';
      break;
    case 14:
      what = 'time stamp reply';
      break;
    default:
      what = `type-#${type}`;
  }
  return `ICMP ${what}, length ${length}`;
}

/** An ICMPv4 unreachable's text as tcpdump words it; null where tcpdump stops at the truncated quote. */
function unreachableText(data: Uint8Array, at: number, code: number, end: number): string | null {
  const quote = at + 8;
  if (end - quote < 20) return null;
  const quotedDst = ipv4At(data, quote + 16);
  const quotedProtocol = data[quote + 9];
  switch (code) {
    case IcmpUnreachCode.PROTOCOL:
      return `${quotedDst} protocol ${quotedProtocol} unreachable`;
    case IcmpUnreachCode.PORT: {
      const transport = quote + (data[quote] & 0x0f) * 4;
      if (end - transport < 4) return null;
      const port = u16be(data, transport + 2);
      if (quotedProtocol === IpProtocol.TCP) return `${quotedDst} tcp port ${port} unreachable`;
      if (quotedProtocol === IpProtocol.UDP) return `${quotedDst} udp port ${port} unreachable`;
      return `${quotedDst} protocol ${quotedProtocol} port ${port} unreachable`;
    }
    case IcmpUnreachCode.NEED_FRAG: {
      const mtu = u16be(data, at + 6);
      return `${quotedDst} unreachable - need to frag${mtu ? ` (mtu ${mtu})` : ''}`;
    }
  }
  const wording = ICMP_UNREACH_WORDING[code];
  if (wording === undefined) return `${quotedDst} unreachable - #${code}`;
  return `${wording.prefix}${quotedDst} unreachable${wording.qualifier ? ` - ${wording.qualifier}` : ''}`;
}

const ICMP6_NAMES: { [type: number]: string } = {
  1: 'destination unreachable',
  2: 'packet too big',
  3: 'time exceeded in-transit',
  4: 'parameter problem',
  128: 'echo request',
  129: 'echo reply',
  130: 'multicast listener query',
  131: 'multicast listener report',
  132: 'multicast listener done',
  133: 'router solicitation',
  134: 'router advertisement',
  135: 'neighbor solicitation',
  136: 'neighbor advertisement',
  137: 'redirect',
  143: 'multicast listener report v2',
};

/** ICMPv6 after `src > dst: `, e.g. `ICMP6, neighbor solicitation, who has 2001:db8::2, length 32`. */
export function printIcmp6(data: Uint8Array, at: number, length: number, end = data.length): string {
  if (end - at < 4) return 'ICMP6, [|icmp6]';
  const type = data[at];
  const name = ICMP6_NAMES[type] ?? `unknown icmp6 type (${type})`;
  if (type === ICMP6_UNREACHABLE) return `ICMP6, ${name}, ${unreachable6Text(data, at, length, end)}`;
  let detail = '';
  if ((type === 128 || type === 129) && end - at >= 8) detail = `, id ${u16be(data, at + 4)}, seq ${u16be(data, at + 6)}`;
  else if (type === 135 && end - at >= 24) detail = `, who has ${ipv6Text(data, at + 8)}`;
  else if (type === 136 && end - at >= 24) detail = `, tgt is ${ipv6Text(data, at + 8)}`;
  else if (type === 143 && end - at >= 8) detail = `, ${u16be(data, at + 6)} group record(s)`;
  else if (type === 2 && end - at >= 8) detail = `, mtu ${u32be(data, at + 4)}`;
  else if (type === 3 && data[at + 1] === 0 && end - at >= 48) detail = ` for ${ipv6Text(data, at + 32)}`;
  return `ICMP6, ${name}${detail}, length ${length}`;
}

const quotedIPv6 = new IpPacket();

/**
 * An ICMPv6 unreachable after `destination unreachable, `. Unknown codes
 * end there (tcpdump goes on with a hex dump on lines of their own);
 * a truncated quote ends with ` [|icmp6]`.
 */
function unreachable6Text(data: Uint8Array, at: number, length: number, end: number): string {
  const code = data[at + 1];
  const words = icmp6UnreachWording(code);
  const quote = at + 8;
  const truncated = `${words} [|icmp6]`;
  switch (code) {
    case Icmp6UnreachCode.NO_ROUTE:
    case Icmp6UnreachCode.ADMIN:
    case Icmp6UnreachCode.ADDRESS:
      if (end - quote < 40) return truncated;
      return `${words} ${ipv6Text(data, quote + 24)}, length ${length}`;
    case Icmp6UnreachCode.BEYOND_SCOPE:
      if (end - quote < 40) return truncated;
      return `${words} ${ipv6Text(data, quote + 24)}, source address ${ipv6Text(data, quote + 8)}, length ${length}`;
    case Icmp6UnreachCode.PORT: {
      const ip = quotedIPv6;
      const bytes = end < data.length ? data.subarray(0, end) : data;
      if (parseIp(bytes, quote, end - quote, 6, ip) !== IpResult.OK) return truncated;
      const transport = ip.protocol === IpProtocol.TCP ? 'tcp' : ip.protocol === IpProtocol.UDP ? 'udp' : null;
      if (transport === null || end - ip.payloadOffset < 4) return truncated;
      return `${words}, ${ipv6Text(data, ip.dstOffset)} ${transport} port ${u16be(data, ip.payloadOffset + 2)}, length ${length}`;
    }
    default:
      return words;
  }
}

/**
 * Short tcpdump-like lines for frames that are not TCP: ARP, ICMP, ICMPv6,
 * UDP and unknown protocols, as tcpdump 4.99 prints them without -v (the
 * common cases; rarer message types get tcpdump's generic wording).
 */
import { u16be } from '../capture/bytes';
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

/** ICMPv4 after `src > dst: `, e.g. `ICMP echo request, id 1, seq 1, length 64`. */
export function printIcmp(data: Uint8Array, at: number, length: number): string {
  if (data.length - at < 4) return 'ICMP [|icmp]';
  const type = data[at];
  const code = data[at + 1];
  const idSeq = () => (data.length - at >= 8 ? `, id ${u16be(data, at + 4)}, seq ${u16be(data, at + 6)}` : '');
  let what: string;
  switch (type) {
    case 0:
      what = `echo reply${idSeq()}`;
      break;
    case 8:
      what = `echo request${idSeq()}`;
      break;
    case 3: {
      const inner = at + 8;
      const hasInner = data.length - inner >= 20;
      const innerDst = hasInner ? ipv4At(data, inner + 16) : '?';
      const innerProto = hasInner ? data[inner + 9] : -1;
      const innerHeader = hasInner ? inner + (data[inner] & 0x0f) * 4 : 0;
      if (code === 3 && hasInner && (innerProto === 17 || innerProto === 6) && data.length - innerHeader >= 4) {
        what = `${innerDst} ${innerProto === 17 ? 'udp' : 'tcp'} port ${u16be(data, innerHeader + 2)} unreachable`;
      } else if (code === 0) what = `net ${innerDst} unreachable`;
      else if (code === 1) what = `host ${innerDst} unreachable`;
      else if (code === 2) what = `${innerDst} protocol ${innerProto} unreachable`;
      else what = `${innerDst} unreachable - code ${code}`;
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
export function printIcmp6(data: Uint8Array, at: number, length: number): string {
  if (data.length - at < 4) return 'ICMP6, [|icmp6]';
  const type = data[at];
  const name = ICMP6_NAMES[type] ?? `unknown icmp6 type (${type})`;
  let detail = '';
  if ((type === 128 || type === 129) && data.length - at >= 8) detail = `, id ${u16be(data, at + 4)}, seq ${u16be(data, at + 6)}`;
  else if (type === 135 && data.length - at >= 24) detail = `, who has ${ipv6Text(data, at + 8)}`;
  else if (type === 136 && data.length - at >= 24) detail = `, tgt is ${ipv6Text(data, at + 8)}`;
  else if (type === 143 && data.length - at >= 8) detail = `, ${u16be(data, at + 6)} group record(s)`;
  return `ICMP6, ${name}${detail}, length ${length}`;
}

/**
 * Frames for the link-layer, IP and TCP-option targets: taken from the seed
 * captures, and wrapped in every link layer and encapsulation TCP Lens reads
 * or may read (VLAN tags, QinQ, Linux cooked v1 and v2, BSD loopback, PPP,
 * MPLS, PPPoE, GRE, IP-in-IP, VXLAN, Geneve).
 */
import { CaptureReader, CapturedFrame, EtherType, IpPacket, IpResult, LinkLayer, locateNetworkLayer, parseIp } from '../../src/core/capture';
import { ProblemLog } from '../../src/core/problems';
import { seedFiles } from './seeds';

export interface FramesInput {
  readonly linkType: number;
  readonly frames: readonly Uint8Array[];
}

/** A little-endian microsecond pcap of the frames, each captured whole. */
export function pcapOf(input: FramesInput): Uint8Array {
  const size = 24 + input.frames.reduce((sum, f) => sum + 16 + f.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 262144, true);
  view.setUint32(20, input.linkType >>> 0, true);
  let at = 24;
  input.frames.forEach((frame, i) => {
    view.setUint32(at, 1_700_000_000 + i, true);
    view.setUint32(at + 4, i * 1000, true);
    view.setUint32(at + 8, frame.length, true);
    view.setUint32(at + 12, frame.length, true);
    out.set(frame, at + 16);
    at += 16 + frame.length;
  });
  return out;
}

/** The first frames of every seed capture, grouped by capture and link type. */
export function capturedFrames(maxFrames = 24): FramesInput[] {
  const out: FramesInput[] = [];
  for (const { bytes } of seedFiles(/\.(pcap|pcapng|cap)(\.gz)?$/)) {
    const groups = new Map<number, Uint8Array[]>();
    const sink = {
      onFrame(frame: CapturedFrame) {
        const group = groups.get(frame.linkType) ?? [];
        if (group.length < maxFrames) group.push(frame.data.slice());
        groups.set(frame.linkType, group);
      },
    };
    const reader = new CaptureReader(sink, new ProblemLog());
    try {
      reader.push(bytes);
      reader.end();
    } catch {
      // a broken seed gives what it gave
    }
    for (const [linkType, frames] of groups) if (frames.length > 0) out.push({ linkType, frames });
  }
  return out;
}

/** The IP packets (IPv4 or IPv6, from the network layer on) of some seed frames. */
function ipPackets(inputs: readonly FramesInput[], max: number): Uint8Array[] {
  const link = new LinkLayer();
  const out: Uint8Array[] = [];
  for (const { linkType, frames } of inputs) {
    for (const frame of frames) {
      if (!locateNetworkLayer(linkType, frame, link)) continue;
      if (link.etherType !== EtherType.IPV4 && link.etherType !== EtherType.IPV6) continue;
      out.push(frame.slice(link.offset));
      if (out.length >= max) return out;
    }
  }
  return out;
}

const bytes = (...parts: (number[] | Uint8Array)[]) => {
  const out: number[] = [];
  for (const part of parts) out.push(...part);
  return new Uint8Array(out);
};
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [...u16(n >>> 16), ...u16(n & 0xffff)];
const MACS = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1];
const isV6 = (ip: Uint8Array) => ip[0] >> 4 === 6;
const ipType = (ip: Uint8Array) => (isV6(ip) ? 0x86dd : 0x0800);
const ethernet = (type: number, payload: Uint8Array) => bytes(MACS, u16(type), payload);

function ipv4(protocol: number, payload: Uint8Array): Uint8Array {
  return bytes([0x45, 0, ...u16(20 + payload.length), 0, 1, 0x40, 0, 64, protocol, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2], payload);
}

function udp(dport: number, payload: Uint8Array): Uint8Array {
  return bytes(u16(50000), u16(dport), u16(8 + payload.length), [0, 0], payload);
}

/** Each IP packet wrapped in each link layer and encapsulation. */
export function wrappedFrames(inputs: readonly FramesInput[]): FramesInput[] {
  const packets = ipPackets(inputs, 6);
  const wraps: [number, (ip: Uint8Array) => Uint8Array][] = [
    [1, (ip) => ethernet(ipType(ip), ip)],
    [1, (ip) => ethernet(0x8100, bytes([0, 10], u16(ipType(ip)), ip))],
    [1, (ip) => ethernet(0x88a8, bytes([0, 20, 0x81, 0, 0, 10], u16(ipType(ip)), ip))],
    [1, (ip) => ethernet(0x8847, bytes(u32((100 << 12) | 0x1ff), ip))],
    [1, (ip) => ethernet(0x8847, bytes(u32((100 << 12) | 0x0ff), u32((200 << 12) | 0x1ff), ip))],
    [1, (ip) => ethernet(0x8864, bytes([0x11, 0, 0, 1], u16(ip.length + 2), u16(isV6(ip) ? 0x57 : 0x21), ip))],
    [1, (ip) => ethernet(0x0800, ipv4(47, bytes([0, 0], u16(ipType(ip)), ip)))],
    [1, (ip) => ethernet(0x0800, ipv4(47, bytes([0x20, 0], u16(ipType(ip)), u32(7), ip)))],
    [1, (ip) => ethernet(0x0800, ipv4(isV6(ip) ? 41 : 4, ip))],
    [1, (ip) => ethernet(0x0800, ipv4(17, udp(4789, bytes([8, 0, 0, 0, 0, 0, 42, 0], ethernet(ipType(ip), ip)))))],
    [1, (ip) => ethernet(0x0800, ipv4(17, udp(6081, bytes([0, 0, 0x65, 0x58, 0, 0, 42, 0], ethernet(ipType(ip), ip)))))],
    [1, (ip) => bytes(MACS, u16(ip.length + 8), [0xaa, 0xaa, 3, 0, 0, 0], u16(ipType(ip)), ip)],
    [0, (ip) => bytes([isV6(ip) ? 30 : 2, 0, 0, 0], ip)],
    [108, (ip) => bytes([0, 0, 0, isV6(ip) ? 24 : 2], ip)],
    [113, (ip) => bytes([0, 0, 0, 1, 0, 6], MACS.slice(0, 6), [0, 0], u16(ipType(ip)), ip)],
    [276, (ip) => bytes(u16(ipType(ip)), [0, 0], u32(3), [0, 1, 0, 6], MACS.slice(0, 6), [0, 0], ip)],
    [9, (ip) => bytes([0xff, 3], u16(isV6(ip) ? 0x57 : 0x21), ip)],
    [101, (ip) => ip],
    [228, (ip) => ip],
    [229, (ip) => ip],
  ];
  return wraps.map(([linkType, wrap]) => ({ linkType, frames: packets.map(wrap) }));
}

/** Where in a frame its IP header and its TCP header are, as far as TCP Lens reads them. */
export function frameLayout(linkType: number, frame: Uint8Array): { network: number; transport: number; tcpHeaderEnd: number } | null {
  const link = new LinkLayer();
  if (!locateNetworkLayer(linkType, frame, link)) return null;
  const version = link.etherType === EtherType.IPV4 ? 4 : link.etherType === EtherType.IPV6 ? 6 : 0;
  if (version === 0) return { network: link.offset, transport: link.offset + 20, tcpHeaderEnd: link.offset + 40 };
  const ip = new IpPacket();
  if (parseIp(frame, link.offset, frame.length - link.offset, version, ip) !== IpResult.OK) {
    return { network: link.offset, transport: link.offset + 20, tcpHeaderEnd: link.offset + 40 };
  }
  const transport = ip.payloadOffset;
  const tcpHeaderEnd = transport + 12 < frame.length ? transport + (frame[transport + 12] >> 4) * 4 : transport + 20;
  return { network: link.offset, transport, tcpHeaderEnd };
}

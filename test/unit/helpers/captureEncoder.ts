/**
 * A small test-only encoder: TCP segments → frames of several link types →
 * pcap or pcapng files, so property tests can check that decoding gives the
 * generated fields back.
 */

export interface TcpOptionsSpec {
  mss?: number;
  wscale?: number;
  sackPermitted?: boolean;
  timestamps?: [number, number];
  sack?: Array<[number, number]>;
  /** An unknown option (kind 253 experimental, here with arbitrary bytes) before the others. */
  unknownBytes?: number;
}

export type LinkSpec =
  | { type: 'ethernet'; vlanTags: number; padTo60: boolean }
  | { type: 'sll' }
  | { type: 'sll2' }
  | { type: 'raw'; linkType: 101 | 12 | 14 }
  | { type: 'raw-version'; } // LINKTYPE_IPV4 / LINKTYPE_IPV6 by IP version
  | { type: 'null'; littleEndian: boolean }
  | { type: 'loop' };

export interface TestSegment {
  seconds: number;
  nanos: number;
  ipVersion: 4 | 6;
  src: number[];
  dst: number[];
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  win: number;
  payloadLength: number;
  /** IPv4 options, in 32-bit words (NOPs). */
  ipv4OptionWords: number;
  /** IPv6 extension header types in order: 0 hop-by-hop, 60 destination options, 43 routing, 44 fragment (offset 0), 51 AH. */
  ipv6Extensions: number[];
  tcp: TcpOptionsSpec;
  /** Cut the frame to this many bytes when set (snap length). */
  snap?: number;
}

export function linkTypeOf(link: LinkSpec, ipVersion: 4 | 6): number {
  switch (link.type) {
    case 'ethernet':
      return 1;
    case 'sll':
      return 113;
    case 'sll2':
      return 276;
    case 'raw':
      return link.linkType;
    case 'raw-version':
      return ipVersion === 4 ? 228 : 229;
    case 'null':
      return 0;
    case 'loop':
      return 108;
  }
}

class Bytes {
  readonly out: number[] = [];
  u8(v: number): this {
    this.out.push(v & 255);
    return this;
  }
  u16(v: number, le = false): this {
    return le ? this.u8(v).u8(v >>> 8) : this.u8(v >>> 8).u8(v);
  }
  u32(v: number, le = false): this {
    return le ? this.u16(v & 0xffff, true).u16(v >>> 16, true) : this.u16(v >>> 16).u16(v & 0xffff);
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.out.push(b[i] & 255);
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.out.push(0);
    return this;
  }
  get length(): number {
    return this.out.length;
  }
}

export function tcpOptionBytes(o: TcpOptionsSpec): number[] {
  const b = new Bytes();
  if (o.unknownBytes !== undefined) b.u8(253).u8(2 + o.unknownBytes).zeros(o.unknownBytes);
  if (o.mss !== undefined) b.u8(2).u8(4).u16(o.mss);
  if (o.sackPermitted) b.u8(4).u8(2);
  if (o.timestamps) b.u8(1).u8(1).u8(8).u8(10).u32(o.timestamps[0]).u32(o.timestamps[1]);
  if (o.wscale !== undefined) b.u8(1).u8(3).u8(3).u8(o.wscale);
  if (o.sack && o.sack.length > 0) {
    b.u8(1).u8(1).u8(5).u8(2 + 8 * o.sack.length);
    for (const [l, r] of o.sack) b.u32(l).u32(r);
  }
  while (b.length % 4 !== 0) b.u8(0);
  return b.out;
}

function tcpSegment(s: TestSegment): number[] {
  const options = tcpOptionBytes(s.tcp);
  const b = new Bytes()
    .u16(s.sport)
    .u16(s.dport)
    .u32(s.seq)
    .u32(s.ack)
    .u8(((20 + options.length) / 4) << 4)
    .u8(s.flags)
    .u16(s.win)
    .u16(0)
    .u16(0)
    .bytes(options);
  for (let i = 0; i < s.payloadLength; i++) b.u8(i * 7);
  return b.out;
}

function ipPacket(s: TestSegment): number[] {
  const tcp = tcpSegment(s);
  if (s.ipVersion === 4) {
    const headerLength = 20 + 4 * s.ipv4OptionWords;
    const b = new Bytes()
      .u8(0x40 | (headerLength / 4))
      .u8(0)
      .u16(headerLength + tcp.length)
      .u16(1)
      .u16(0x4000)
      .u8(64)
      .u8(6)
      .u16(0)
      .bytes(s.src)
      .bytes(s.dst);
    for (let i = 0; i < s.ipv4OptionWords; i++) b.u32(0x01010101);
    return b.bytes(tcp).out;
  }
  const extensions = new Bytes();
  const chain = [...s.ipv6Extensions, 6];
  for (let i = 0; i < s.ipv6Extensions.length; i++) {
    const type = s.ipv6Extensions[i];
    const next = chain[i + 1];
    if (type === 44) extensions.u8(next).u8(0).u16(0).u32(0x12345678);
    else if (type === 51) extensions.u8(next).u8(4).u16(0).u32(0x100).u32(1).u32(0).u32(0).u32(0);
    else if (type === 43) extensions.u8(next).u8(2).u8(0).u8(0).u32(0).bytes(new Array(16).fill(0x20));
    else extensions.u8(next).u8(0).u8(1).u8(4).u32(0);
  }
  const b = new Bytes()
    .u32(0x60000000)
    .u16(extensions.length + tcp.length)
    .u8(chain[0])
    .u8(64)
    .bytes(s.src)
    .bytes(s.dst)
    .bytes(extensions.out)
    .bytes(tcp);
  return b.out;
}

/** The frame's bytes on the wire for the link. */
export function encodeFrame(s: TestSegment, link: LinkSpec): Uint8Array {
  return encodeLinkFrame(ipPacket(s), s.ipVersion, link);
}

/** An IP packet (given as bytes) in a frame of the link type. */
export function encodeLinkFrame(ip: ArrayLike<number>, ipVersion: 4 | 6, link: LinkSpec): Uint8Array {
  const etherType = ipVersion === 4 ? 0x0800 : 0x86dd;
  const b = new Bytes();
  switch (link.type) {
    case 'ethernet':
      b.bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]);
      for (let i = 0; i < link.vlanTags; i++) b.u16(i === 0 && link.vlanTags > 1 ? 0x88a8 : 0x8100).u16(100 + i);
      b.u16(etherType).bytes(ip);
      if (link.padTo60) while (b.length < 60) b.u8(0);
      break;
    case 'sll':
      b.u16(4).u16(1).u16(6).bytes([2, 0, 0, 0, 0, 1, 0, 0]).u16(etherType).bytes(ip);
      break;
    case 'sll2':
      b.u16(etherType).u16(0).u32(3).u16(1).u8(0).u8(6).bytes([2, 0, 0, 0, 0, 1, 0, 0]).bytes(ip);
      break;
    case 'raw':
    case 'raw-version':
      b.bytes(ip);
      break;
    case 'null':
      b.u32(ipVersion === 4 ? 2 : 30, link.littleEndian).bytes(ip);
      break;
    case 'loop':
      b.u32(ipVersion === 4 ? 2 : 24).bytes(ip);
      break;
  }
  return Uint8Array.from(b.out);
}

/**
 * An ICMP "destination unreachable" (ICMPv4 type 3, ICMPv6 type 1; or any
 * other `type`) from `src` to `dst` quoting the packet of `quoted`, which
 * must have the same IP version. `quotedBytes` cuts the quote (default: the
 * whole packet); `protocol` replaces the quoted IPv4 protocol number (to
 * quote a "UDP" packet).
 */
export interface TestIcmpError {
  seconds: number;
  nanos: number;
  src: number[];
  dst: number[];
  type?: number;
  code: number;
  /** ICMPv4 bytes 4-7 (need-to-frag puts the next-hop MTU in the low half). */
  rest?: number;
  quoted: TestSegment;
  quotedBytes?: number;
  protocol?: number;
}

export function icmpErrorPacket(e: TestIcmpError): number[] {
  const v6 = e.quoted.ipVersion === 6;
  let quote = ipPacket(e.quoted);
  if (e.protocol !== undefined && !v6) quote[9] = e.protocol;
  if (e.quotedBytes !== undefined) quote = quote.slice(0, e.quotedBytes);
  const icmp = new Bytes()
    .u8(e.type ?? (v6 ? 1 : 3))
    .u8(e.code)
    .u16(0)
    .u32(e.rest ?? 0)
    .bytes(quote).out;
  if (!v6) {
    setChecksum(icmp, internetSum(icmp));
    const header = new Bytes().u8(0x45).u8(0xc0).u16(20 + icmp.length).u16(7).u16(0).u8(63).u8(1).u16(0).bytes(e.src).bytes(e.dst).out;
    header[10] = 0;
    const sum = ~internetSum(header) & 0xffff;
    header[10] = sum >>> 8;
    header[11] = sum & 255;
    return [...header, ...icmp];
  }
  const pseudo = new Bytes().bytes(e.src).bytes(e.dst).u32(icmp.length).u32(58).out;
  setChecksum(icmp, internetSum([...pseudo, ...icmp]));
  return new Bytes().u32(0x60000000).u16(icmp.length).u8(58).u8(63).bytes(e.src).bytes(e.dst).bytes(icmp).out;
}

/** One's-complement sum of 16-bit words, folded. */
function internetSum(bytes: number[]): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function setChecksum(icmp: number[], sum: number): void {
  const value = ~sum & 0xffff;
  icmp[2] = value >>> 8;
  icmp[3] = value & 255;
}

export function icmpErrorFrame(e: TestIcmpError, link: LinkSpec): EncodedFrame {
  const data = encodeLinkFrame(icmpErrorPacket(e), e.quoted.ipVersion, link);
  return { seconds: e.seconds, nanos: e.nanos, data, originalLength: data.length };
}

export interface EncodedFrame {
  seconds: number;
  nanos: number;
  data: Uint8Array;
  originalLength: number;
  interfaceId?: number;
}

export function framesOf(segments: TestSegment[], link: LinkSpec): EncodedFrame[] {
  return segments.map((s) => {
    const wire = encodeFrame(s, link);
    const data = s.snap !== undefined && s.snap < wire.length ? wire.subarray(0, s.snap) : wire;
    return { seconds: s.seconds, nanos: s.nanos, data, originalLength: wire.length };
  });
}

export function encodePcap(frames: EncodedFrame[], opts: { littleEndian: boolean; nanosecond: boolean; linkType: number; snapLength?: number }): Uint8Array {
  const le = opts.littleEndian;
  const b = new Bytes()
    .u32(opts.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, le)
    .u16(2, le)
    .u16(4, le)
    .u32(0, le)
    .u32(0, le)
    .u32(opts.snapLength ?? 262144, le)
    .u32(opts.linkType, le);
  for (const f of frames) {
    b.u32(f.seconds, le)
      .u32(opts.nanosecond ? f.nanos : Math.floor(f.nanos / 1000), le)
      .u32(f.data.length, le)
      .u32(f.originalLength, le)
      .bytes(f.data);
  }
  return Uint8Array.from(b.out);
}

export interface PcapngInterfaceSpec {
  linkType: number;
  /** if_tsresol byte; undefined = option absent (microseconds). */
  tsresol?: number;
  tsoffset?: number;
  snapLength?: number;
}

export type PacketBlockKind = 'epb' | 'spb' | 'pb';

function block(type: number, body: Bytes, le: boolean): number[] {
  while (body.length % 4 !== 0) body.u8(0);
  const total = body.length + 12;
  return new Bytes().u32(type, le).u32(total, le).bytes(body.out).u32(total, le).out;
}

/** Timestamp as units of the interface's resolution, split in two 32-bit halves. */
function pcapngUnits(seconds: number, nanos: number, tsresol: number | undefined, tsoffset: number): [number, number] {
  const s = BigInt(seconds - tsoffset);
  let units: bigint;
  const r = tsresol ?? 6;
  if (r & 0x80) units = (s << BigInt(r & 0x7f)) + (BigInt(nanos) << BigInt(r & 0x7f)) / 1000000000n;
  else units = s * 10n ** BigInt(r) + (BigInt(nanos) * 10n ** BigInt(r)) / 1000000000n;
  return [Number(units >> 32n), Number(units & 0xffffffffn)];
}

export function encodePcapng(
  frames: EncodedFrame[],
  opts: { littleEndian: boolean; interfaces: PcapngInterfaceSpec[]; kinds?: PacketBlockKind[]; extraBlocks?: boolean },
): Uint8Array {
  const le = opts.littleEndian;
  const out: number[] = [];
  const shb = new Bytes().u32(0x1a2b3c4d, le).u16(1, le).u16(0, le).u32(0xffffffff, le).u32(0xffffffff, le);
  out.push(...block(0x0a0d0d0a, shb, le));
  for (const i of opts.interfaces) {
    const body = new Bytes().u16(i.linkType, le).u16(0, le).u32(i.snapLength ?? 0, le);
    if (i.tsresol !== undefined) body.u16(9, le).u16(1, le).u8(i.tsresol).zeros(3);
    if (i.tsoffset !== undefined) {
      const high = Math.floor(i.tsoffset / 4294967296);
      const low = i.tsoffset >>> 0;
      body.u16(14, le).u16(8, le);
      if (le) body.u32(low, le).u32(high, le);
      else body.u32(high, le).u32(low, le);
    }
    body.u16(0, le).u16(0, le);
    out.push(...block(1, body, le));
  }
  if (opts.extraBlocks) out.push(...block(0x0bad, new Bytes().u32(32473, le).u32(7, le), le));
  frames.forEach((f, index) => {
    const kind = opts.kinds?.[index] ?? 'epb';
    const interfaceId = f.interfaceId ?? 0;
    const iface = opts.interfaces[interfaceId];
    const [high, low] = pcapngUnits(f.seconds, f.nanos, iface.tsresol, iface.tsoffset ?? 0);
    if (kind === 'spb') {
      out.push(...block(3, new Bytes().u32(f.originalLength, le).bytes(f.data), le));
    } else if (kind === 'pb') {
      const body = new Bytes().u16(interfaceId, le).u16(0, le).u32(high, le).u32(low, le).u32(f.data.length, le).u32(f.originalLength, le).bytes(f.data);
      out.push(...block(2, body, le));
    } else {
      const body = new Bytes().u32(interfaceId, le).u32(high, le).u32(low, le).u32(f.data.length, le).u32(f.originalLength, le).bytes(f.data);
      out.push(...block(6, body, le));
    }
    if (opts.extraBlocks && index === 0) out.push(...block(5, new Bytes().u32(0, le).u32(high, le).u32(low, le), le));
  });
  return Uint8Array.from(out);
}

/** Addresses of the test lab (documentation ranges): client, server and the router between them. */
export const LAB = {
  client4: [198, 51, 100, 1],
  server4: [203, 0, 113, 2],
  router4: [203, 0, 113, 254],
  client6: [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
  server6: [0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
  router6: [0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe],
};

/** A client SYN to the lab server's port 80; `more` overrides any field. */
export function synSegment(ipVersion: 4 | 6, sport: number, more: Partial<TestSegment> = {}): TestSegment {
  return {
    seconds: 0,
    nanos: 0,
    ipVersion,
    src: ipVersion === 4 ? LAB.client4 : LAB.client6,
    dst: ipVersion === 4 ? LAB.server4 : LAB.server6,
    sport,
    dport: 80,
    seq: 1000,
    ack: 0,
    flags: 0x02,
    win: 64240,
    payloadLength: 0,
    ipv4OptionWords: 0,
    ipv6Extensions: [],
    tcp: { mss: 1460 },
    ...more,
  };
}

/**
 * A capture of every ICMP/ICMPv6 "destination unreachable" code quoting a
 * SYN, some quoting other protocols or cut short, and some ICMP messages
 * that are not unreachables. test/fixtures/capture/icmp/unreachable-codes.*
 * are this capture and tcpdump 4.99's renderings of it.
 */
export function unreachableSamplesPcap(): Uint8Array {
  const { client4, server4, router4, client6, server6, router6 } = LAB;
  const syn = (ipVersion: 4 | 6, sport: number) => synSegment(ipVersion, sport);
  const frames: EncodedFrame[] = [];
  let second = 1795319000;
  const link: LinkSpec = { type: 'ethernet', vlanTags: 0, padTo60: true };
  const add = (e: Omit<TestIcmpError, 'seconds' | 'nanos' | 'src' | 'dst'> & { src?: number[] }) => {
    const v6 = e.quoted.ipVersion === 6;
    const src = e.src ?? (v6 ? router6 : router4);
    frames.push(icmpErrorFrame({ ...e, src, dst: v6 ? client6 : client4, seconds: second++, nanos: 500000000 }, link));
  };
  const addSyn = (ipVersion: 4 | 6, sport: number) => {
    const s = { ...syn(ipVersion, sport), seconds: second++, nanos: 0 };
    frames.push(...framesOf([s], link));
    return s;
  };
  for (let code = 0; code <= 16; code++) {
    const quoted = addSyn(4, 40000 + code);
    add({ code, quoted, src: code === 3 ? server4 : router4, rest: code === 4 ? 1400 : 0 });
  }
  add({ code: 4, quoted: syn(4, 40004) });
  add({ code: 3, quoted: syn(4, 40100), protocol: 17 });
  add({ code: 3, quoted: syn(4, 40101), protocol: 132 });
  add({ code: 3, quoted: syn(4, 40102), quotedBytes: 24 });
  add({ code: 3, quoted: syn(4, 40103), quotedBytes: 22 });
  add({ code: 1, quoted: syn(4, 40104), quotedBytes: 28 });
  add({ code: 1, quoted: syn(4, 40105), quotedBytes: 12 });
  add({ type: 11, code: 0, quoted: syn(4, 40106) });
  for (let code = 0; code <= 7; code++) {
    const quoted = addSyn(6, 41000 + code);
    add({ code, quoted, src: code === 4 ? server6 : router6 });
  }
  add({ code: 4, quoted: syn(6, 41100), quotedBytes: 44 });
  add({ code: 4, quoted: syn(6, 41101), quotedBytes: 42 });
  add({ code: 3, quoted: syn(6, 41102), quotedBytes: 24 });
  add({ type: 2, code: 0, rest: 1280, quoted: syn(6, 41103) });
  add({ type: 3, code: 0, quoted: syn(6, 41104) }); // ICMPv6 time exceeded
  return encodePcap(frames, { littleEndian: true, nanosecond: false, linkType: 1 });
}

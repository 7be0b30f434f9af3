/**
 * The text view of a binary capture: one line per frame, as
 * `tcpdump -n -tttt -r FILE` (tcpdump 4.99) prints it, so that line k is
 * frame k and the tcpdump-text reader reads the same packets back.
 * Times are UTC. Frames too damaged to read get a bracketed placeholder
 * line so that later lines keep their frame numbers.
 */
import { CaptureReader } from '../capture/captureReader';
import { CapturedFrame, FrameSink } from '../capture/frame';
import { IpPacket, IpProtocol, IpResult, parseIp } from '../capture/ip';
import { InnerPacketLocator, Located, SkippedPayload } from '../capture/encapsulation';
import { EtherType, LinkLayer, LinkType } from '../capture/linkLayer';
import { ipv4Text, ipv6Text } from '../names';
import { formatMessage, message, type Message } from '../explain/message';
import { Problem, ProblemLog } from '../problems';
import { TcpdumpDateTime } from './tcpdumpTime';
import { RelativeSequences, printTcp } from './tcpdumpTcp';
import { macText, printArp, printIcmp, printIcmp6, printUdp } from './tcpdumpOther';
import { encapsulationPrefix } from './tcpdumpEncapsulation';
import { u32be } from '../capture/bytes';

export type LineSink = (line: string, frameNumber: number) => void;

const SLL_DIRECTIONS = ['In', 'B', 'M', 'P', 'Out'];

const ETHERTYPE_NAMES: { [type: number]: string } = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x8035: 'Reverse ARP',
  0x86dd: 'IPv6',
  0x8100: '802.1Q',
  0x8847: 'MPLS unicast',
  0x8848: 'MPLS multicast',
  0x8863: 'PPPoE D',
  0x8864: 'PPPoE S',
  0x888e: 'EAPOL',
  0x88a8: '802.1Q-QinQ',
  0x88cc: 'LLDP',
  0x88f7: 'PTP',
};

/** Formats one frame as a tcpdump line; keeps tcpdump's relative-sequence state across frames. */
export class TcpdumpLineFormatter {
  private readonly time = new TcpdumpDateTime();
  private readonly locator = new InnerPacketLocator();
  private readonly innerIp = new IpPacket();
  private readonly ip = new IpPacket();
  private readonly sequences = new RelativeSequences();
  private lastSeconds = 0;
  private lastNanos = 0;

  format(frame: CapturedFrame): string {
    this.lastSeconds = frame.seconds;
    this.lastNanos = frame.nanos;
    return this.time.format(frame.seconds, frame.nanos) + ' ' + this.body(frame);
  }

  /**
   * The line standing for a record that could not be read: stamped with the
   * previous frame's time (its own cannot be trusted), so that a reader of
   * the text counts it as a frame, as tcpdump-text readers count any
   * timestamped line.
   */
  damaged(frameNumber: number, offset: number): string {
    return `${this.time.format(this.lastSeconds, this.lastNanos)} [frame ${frameNumber}: damaged record at offset ${offset}]`;
  }

  private body(frame: CapturedFrame): string {
    const data = frame.data;
    const locator = this.locator;
    const link = locator.link;
    const wire = Math.max(frame.originalLength, data.length);
    const located = locator.locate(frame.linkType, data, 0, data.length, wire, this.innerIp);
    if (located === Located.LINK_NOT_DECODED) return `[unsupported link type ${frame.linkType}], length ${wire}`;
    if (located === Located.LINK_TRUNCATED) return `[|link], length ${wire}`;
    let prefix = '';
    if (link.sllInterfaceIndex >= 0) {
      // tcpdump names the interface by index on the reading machine; from a file it cannot, and prints '?'.
      prefix = '?'.padEnd(5) + ' ' + (SLL_DIRECTIONS[link.sllPacketType] ?? '?').padEnd(3) + ' ';
    }
    if (locator.layers.count > 0) return prefix + this.encapsulated(data, located);
    const payloadLength = wire - link.offset;
    switch (link.etherType) {
      case EtherType.IPV4:
        return prefix + this.ipv4(data, link.offset, payloadLength);
      case EtherType.IPV6:
        return prefix + this.ipv6(data, link.offset, payloadLength);
      case EtherType.ARP:
        return prefix + printArp(data, link.offset, payloadLength);
      default:
        return prefix + this.otherProtocol(frame.linkType, data, link, wire);
    }
  }

  /** A frame with outer layers: tcpdump's words for them, then the inner packet. */
  private encapsulated(data: Uint8Array, located: Located): string {
    const layers = this.locator.layers;
    const outer = encapsulationPrefix(data, layers);
    const ip = this.innerIp;
    if (located === Located.IP) {
      const at = ip.srcOffset - (ip.version === 4 ? 12 : 8);
      return outer + (ip.version === 4 ? this.ipv4(data, at, data.length - at) : this.ipv6(data, at, data.length - at));
    }
    if (located === Located.ENCAPSULATION_NOT_DECODED && layers.skipped === SkippedPayload.GRE_PROTOCOL) {
      return outer + `gre-proto-0x${layers.skippedType.toString(16)}`;
    }
    if (located === Located.IP_DAMAGED) return outer + (layers.ipVersion === 4 ? 'IP [|ip]' : 'IP6 [|ip6]');
    if (located === Located.NOT_IP) return outer + `ethertype ${ETHERTYPE_NAMES[layers.etherType] ?? 'Unknown'} (0x${layers.etherType.toString(16).padStart(4, '0')})`;
    return outer.trimEnd();
  }

  private otherProtocol(linkType: number, data: Uint8Array, link: LinkLayer, wire: number): string {
    const type = link.etherType;
    if (linkType === LinkType.ETHERNET) {
      const addresses = `${macText(data, 6)} > ${macText(data, 0)}`;
      if (type === 0) return `${addresses}, 802.3, length ${wire}`;
      const name = ETHERTYPE_NAMES[type] ?? 'Unknown';
      return `${addresses}, ethertype ${name} (0x${type.toString(16).padStart(4, '0')}), length ${wire}:`;
    }
    if (linkType === LinkType.NULL || linkType === LinkType.LOOP) return `AF Unknown, length ${wire}`;
    if (type === 0) return `unknown network protocol, length ${wire}`;
    return `ethertype ${ETHERTYPE_NAMES[type] ?? 'Unknown'} (0x${type.toString(16).padStart(4, '0')}), length ${wire}`;
  }

  private ipv4(data: Uint8Array, offset: number, wireLength: number): string {
    const ip = this.ip;
    const result = parseIp(data, offset, wireLength, 4, ip);
    if (result === IpResult.TRUNCATED) return 'IP [|ip]';
    if (result === IpResult.NOT_IP) return `IP${data[offset] >> 4} [version ${data[offset] >> 4}]`;
    if (result === IpResult.MALFORMED) return `IP bad-hlen ${(data[offset] & 0x0f) * 4}`;
    const src = ipv4Text(u32be(data, ip.srcOffset));
    const dst = ipv4Text(u32be(data, ip.dstOffset));
    if (result === IpResult.LATER_FRAGMENT) return `IP ${src} > ${dst}: ip-proto-${ip.protocol}`;
    switch (ip.protocol) {
      case IpProtocol.TCP:
        return 'IP ' + printTcp(data, ip.payloadOffset, ip.payloadLength, src, dst, this.sequences);
      case IpProtocol.UDP:
        return 'IP ' + printUdp(data, ip.payloadOffset, src, dst, ip.payloadLength);
      case IpProtocol.ICMP:
        return `IP ${src} > ${dst}: ` + printIcmp(data, ip.payloadOffset, ip.payloadLength, payloadEnd(data, ip));
      default:
        return `IP ${src} > ${dst}: ip-proto-${ip.protocol} ${ip.payloadLength}`;
    }
  }

  private ipv6(data: Uint8Array, offset: number, wireLength: number): string {
    const ip = this.ip;
    const result = parseIp(data, offset, wireLength, 6, ip);
    if (result === IpResult.TRUNCATED) return 'IP6 [|ip6]';
    if (result === IpResult.NOT_IP) return `IP6 [version ${data[offset] >> 4}]`;
    const src = ipv6Text(data, ip.srcOffset);
    const dst = ipv6Text(data, ip.dstOffset);
    if (result === IpResult.MALFORMED) return `IP6 ${src} > ${dst}: [|ip6]`;
    const firstNext = data[offset + 6];
    let line = 'IP6 ';
    // tcpdump prints the bare addresses first unless the transport header follows the fixed header directly.
    const transportPrintsAddresses = firstNext === IpProtocol.TCP || firstNext === IpProtocol.UDP || firstNext === 33 || firstNext === 132;
    if (!transportPrintsAddresses) line += `${src} > ${dst}: `;
    for (let i = 0; i < ip.extensionCount; i++) line += extensionName(ip.extensions[i], ip) + ' ';
    if (result === IpResult.LATER_FRAGMENT) return line.trimEnd();
    switch (ip.protocol) {
      case IpProtocol.TCP:
        return line + printTcp(data, ip.payloadOffset, ip.payloadLength, src, dst, this.sequences, !transportPrintsAddresses);
      case IpProtocol.UDP:
        return line + printUdp(data, ip.payloadOffset, src, dst, ip.payloadLength);
      case IpProtocol.ICMPV6:
        return line + printIcmp6(data, ip.payloadOffset, ip.payloadLength, payloadEnd(data, ip));
      case IpProtocol.NO_NEXT:
        return line.trimEnd();
      default:
        return line + `ip-proto-${ip.protocol} ${ip.payloadLength}`;
    }
  }
}

/** Where the IP payload ends in the captured bytes: link-layer padding is not payload. */
function payloadEnd(data: Uint8Array, ip: IpPacket): number {
  return Math.min(data.length, ip.payloadOffset + ip.payloadLength);
}

function extensionName(next: number, ip: IpPacket): string {
  switch (next) {
    case IpProtocol.HOP_BY_HOP:
      return 'HBH';
    case IpProtocol.DESTINATION_OPTIONS:
      return 'DSTOPT';
    case IpProtocol.ROUTING:
      return 'srcrt';
    case IpProtocol.FRAGMENT:
      return `frag (${ip.fragmentOffset}|${ip.payloadLength})`;
    case IpProtocol.AH:
      return 'AH';
    case IpProtocol.MOBILITY:
      return 'MOBILITY';
    default:
      return `ip-proto-${next}`;
  }
}

/**
 * Frames to text-view lines: `onLine` is called once per frame, in frame
 * order. A frame the formatter fails on (a defect in TCP Lens) still gets a
 * line, `[frame N: not printable]`, so that later lines keep their frame
 * numbers, and a problem says so.
 */
export class CaptureTextLines implements FrameSink {
  private readonly formatter = new TcpdumpLineFormatter();

  constructor(
    private readonly onLine: LineSink,
    private readonly problems: ProblemLog,
  ) {}

  onFrame(frame: CapturedFrame): void {
    let line: string;
    try {
      line = this.formatter.format(frame);
    } catch (e) {
      line = `[frame ${frame.number}: not printable]`;
      this.problems.sayAtOffset(frame.offset, message('problemFrameNotPrintable', { frame: frame.number, why: errorText(e) }));
    }
    this.onLine(line, frame.number);
  }

  onDamagedFrame(frameNumber: number, offset: number): void {
    this.onLine(this.formatter.damaged(frameNumber, offset), frameNumber);
  }
}

/**
 * Renders a capture given in chunks: `onLine` is called once per frame, in
 * frame order. `end()` returns the problems (damaged records, unreadable
 * input); it never throws.
 */
export class CaptureTextRenderer {
  private readonly problems = new ProblemLog();
  private readonly reader: CaptureReader;
  private failed = false;

  constructor(onLine: LineSink) {
    this.reader = new CaptureReader(new CaptureTextLines(onLine, this.problems), this.problems);
  }

  push(chunk: Uint8Array): void {
    if (this.failed) return;
    try {
      this.reader.push(chunk);
    } catch (e) {
      this.fail(e);
    }
  }

  end(): Problem[] {
    if (!this.failed) {
      try {
        this.reader.end();
      } catch (e) {
        this.fail(e);
      }
    }
    return finishTextProblems(this.problems, this.reader.unreadable);
  }

  private fail(e: unknown): void {
    this.failed = true;
    this.problems.sayAtOffset(0, renderingStopped(errorText(e)));
  }
}

/** The closing problem of a text view: why nothing could be read, unless already said. */
export function finishTextProblems(problems: ProblemLog, unreadable: Message | null): Problem[] {
  if (unreadable !== null) {
    const text = formatMessage(unreadable);
    if (!problems.items.some((p) => p.message === text)) problems.sayAtOffset(0, unreadable);
  }
  return problems.list();
}

export function renderingStopped(why: string): Message {
  return message('problemRenderingStopped', { why });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The text of the view from its lines: joined by '\n', with a final newline. */
export function textOfLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** The whole text view of a capture held in memory. */
export function renderCaptureText(bytes: Uint8Array): { text: string; problems: Problem[] } {
  const lines: string[] = [];
  const renderer = new CaptureTextRenderer((line) => lines.push(line));
  renderer.push(bytes);
  const problems = renderer.end();
  return { text: textOfLines(lines), problems };
}

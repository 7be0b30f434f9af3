/**
 * Frames passed over because what they carry is not decoded (a link type,
 * an EtherType, an encapsulation, an IP protocol that may hold TCP) or
 * cannot be (a later IP fragment): counted per kind, and said once per
 * kind at the end, at the first such frame ("812 frames of link type
 * ARCNET (7) not decoded, the first is frame 3").
 */
import { message, type Message } from '../explain/message';
import { ProblemLog } from '../problems';
import { SkippedPayload } from './encapsulation';

export const enum SkipKind {
  LINK_TYPE,
  ETHER_TYPE,
  ENCAPSULATION,
  IP_PROTOCOL,
  FRAGMENT,
  LINK_TRUNCATED,
}

interface Tally {
  kind: SkipKind;
  /** The link type, EtherType, IP protocol, or (ENCAPSULATION) the SkippedPayload. */
  value: number;
  /** ENCAPSULATION: the protocol or version the payload names. */
  detail: number;
  count: number;
  firstFrame: number;
  firstOffset: number;
}

/** LINKTYPE_* names (as tcpdump.org lists them) of link types people meet. */
const LINK_TYPE_NAMES: { [type: number]: string } = {
  3: 'AX.25',
  6: 'Token Ring',
  7: 'ARCNET',
  8: 'SLIP',
  10: 'FDDI',
  51: 'PPPoE',
  100: 'ATM RFC 1483',
  105: '802.11',
  107: 'Frame Relay',
  117: 'OpenBSD pflog',
  119: '802.11 Prism',
  122: 'IP over Fibre Channel',
  127: '802.11 radiotap',
  129: 'ARCNET (Linux)',
  143: 'DOCSIS',
  163: '802.11 AVS',
  187: 'Bluetooth HCI H4',
  189: 'USB (Linux)',
  192: 'PPI',
  195: 'IEEE 802.15.4',
  201: 'Bluetooth HCI H4 with pseudo-header',
  215: 'IEEE 802.15.4 without FCS',
  220: 'USB (Linux, memory-mapped)',
  231: 'D-Bus',
  239: 'Linux NFLOG',
  249: 'USBPcap',
  253: 'Linux netlink',
  254: 'Bluetooth Linux monitor',
};

/** IP protocols that may carry TCP and are not opened. */
const TUNNELLING_IP_PROTOCOLS: { [protocol: number]: string } = {
  50: 'ESP',
  51: 'AH',
  97: 'EtherIP',
  115: 'L2TPv3',
  137: 'MPLS-in-IP',
};

/** EtherTypes of frames that never hold TCP: passing over them is not worth a word. */
const QUIET_ETHER_TYPES = new Set([
  0, 0x0806, 0x0842, 0x22f0, 0x8035, 0x809b, 0x80f3, 0x8808, 0x8809, 0x8863, 0x886d, 0x888e, 0x8892, 0x889a, 0x88b5, 0x88b6,
  0x88b7, 0x88cc, 0x88e1, 0x88e3, 0x88f7, 0x88f8, 0x88fb, 0x8902, 0x8906, 0x8914, 0x8915, 0x892f, 0x893a, 0x9000,
]);

export function isTunnellingIpProtocol(protocol: number): boolean {
  return TUNNELLING_IP_PROTOCOLS[protocol] !== undefined;
}

export function isQuietEtherType(type: number): boolean {
  return QUIET_ETHER_TYPES.has(type);
}

function hex4(n: number): string {
  return '0x' + n.toString(16).padStart(4, '0');
}

export class SkippedFrames {
  private readonly tallies = new Map<number, Tally>();

  get total(): number {
    let n = 0;
    for (const t of this.tallies.values()) n += t.count;
    return n;
  }

  add(kind: SkipKind, value: number, detail: number, frame: number, offset: number): void {
    // One key per kind and value: the key is a number, so counting makes no string.
    const key = (kind * 0x100000000 + (value >>> 0)) * 0x10000 + (kind === SkipKind.ENCAPSULATION ? detail & 0xffff : 0);
    const tally = this.tallies.get(key);
    if (tally !== undefined) {
      tally.count++;
      return;
    }
    this.tallies.set(key, { kind, value, detail, count: 1, firstFrame: frame, firstOffset: offset });
  }

  /** One problem per kind, in the order the kinds were first met. */
  report(problems: ProblemLog): void {
    for (const t of this.tallies.values()) problems.sayAtOffset(t.firstOffset, skippedMessage(t));
  }
}

function skippedMessage(t: Tally): Message {
  const common = { count: t.count, frame: t.firstFrame };
  switch (t.kind) {
    case SkipKind.LINK_TYPE: {
      const name = LINK_TYPE_NAMES[t.value];
      return name === undefined
        ? message('problemFramesLinkTypeUnknown', { ...common, type: t.value })
        : message('problemFramesLinkType', { ...common, name, type: t.value });
    }
    case SkipKind.ETHER_TYPE:
      return message('problemFramesEtherType', { ...common, type: hex4(t.value) });
    case SkipKind.IP_PROTOCOL:
      return message('problemFramesIpProtocol', { ...common, name: TUNNELLING_IP_PROTOCOLS[t.value] ?? '?', number: t.value });
    case SkipKind.FRAGMENT:
      return message('problemFramesFragments', common);
    case SkipKind.LINK_TRUNCATED:
      return message('problemFramesLinkTruncated', common);
    case SkipKind.ENCAPSULATION:
      return message('problemFramesEncapsulation', { ...common, what: encapsulationWhat(t.value as SkippedPayload, t.detail) });
  }
}

function encapsulationWhat(what: SkippedPayload, detail: number): Message {
  switch (what) {
    case SkippedPayload.GRE_PROTOCOL:
      return message('readingGreProtocol', { type: hex4(detail) });
    case SkippedPayload.GRE_VERSION:
      return message('readingGreVersion', { version: detail });
    case SkippedPayload.MPLS_PAYLOAD:
      return message('readingMplsPayload');
    case SkippedPayload.PPP_PROTOCOL:
      return message('readingPppProtocol', { type: hex4(detail) });
    case SkippedPayload.GENEVE_PROTOCOL:
      return message('readingGeneveProtocol', { type: hex4(detail) });
    case SkippedPayload.ERSPAN_VERSION:
      return message('readingErspanVersion', { version: detail });
    default:
      return message('readingEncapsulationTruncated');
  }
}

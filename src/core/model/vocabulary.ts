/** RFC 793 states (plus UNKNOWN), and Wireshark's analysis events, as the JSON contract names them. */

export const enum TcpState {
  CLOSED,
  LISTEN,
  SYN_SENT,
  SYN_RECEIVED,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSE_WAIT,
  CLOSING,
  LAST_ACK,
  TIME_WAIT,
  UNKNOWN,
}

export const STATE_NAMES: readonly string[] = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'UNKNOWN',
];

/** Event bits; the order is the order of `EVENT_TAGS`. */
export const enum TcpEvent {
  RETRANSMISSION = 1 << 0,
  FAST_RETRANSMISSION = 1 << 1,
  SPURIOUS_RETRANSMISSION = 1 << 2,
  OUT_OF_ORDER = 1 << 3,
  DUPLICATE_ACK = 1 << 4,
  ZERO_WINDOW = 1 << 5,
  ZERO_WINDOW_PROBE = 1 << 6,
  ZERO_WINDOW_PROBE_ACK = 1 << 7,
  WINDOW_FULL = 1 << 8,
  WINDOW_UPDATE = 1 << 9,
  KEEP_ALIVE = 1 << 10,
  KEEP_ALIVE_ACK = 1 << 11,
  PREVIOUS_SEGMENT_NOT_CAPTURED = 1 << 12,
  ACKED_UNSEEN_SEGMENT = 1 << 13,
  PORT_NUMBERS_REUSED = 1 << 14,
}

/** Tag of each event bit, with the Wireshark expert field it stands for. */
export const EVENT_TAGS: readonly string[] = [
  'retransmission', // tcp.analysis.retransmission
  'fast-retransmission', // tcp.analysis.fast_retransmission
  'spurious-retransmission', // tcp.analysis.spurious_retransmission
  'out-of-order', // tcp.analysis.out_of_order
  'duplicate-ack', // tcp.analysis.duplicate_ack
  'zero-window', // tcp.analysis.zero_window
  'zero-window-probe', // tcp.analysis.zero_window_probe
  'zero-window-probe-ack', // tcp.analysis.zero_window_probe_ack
  'window-full', // tcp.analysis.window_full
  'window-update', // tcp.analysis.window_update
  'keep-alive', // tcp.analysis.keep_alive
  'keep-alive-ack', // tcp.analysis.keep_alive_ack
  'previous-segment-not-captured', // tcp.analysis.lost_segment
  'acked-unseen-segment', // tcp.analysis.ack_lost_segment
  'port-numbers-reused', // tcp.analysis.reused_ports
];

const tagListCache = new Map<number, readonly string[]>();

/** The tags of an event mask, in vocabulary order (cached: a capture uses few distinct masks). */
export function eventTags(mask: number): readonly string[] {
  let tags = tagListCache.get(mask);
  if (tags === undefined) {
    const list: string[] = [];
    for (let bit = 0; bit < EVENT_TAGS.length; bit++) if (mask & (1 << bit)) list.push(EVENT_TAGS[bit]);
    tags = list;
    tagListCache.set(mask, tags);
  }
  return tags;
}

/** The events counted at counts[at + bit] (bit k: `EVENT_TAGS[k]`), those with none left out, most frequent first (ties in vocabulary order). */
export function countedEvents(counts: ArrayLike<number>, at = 0): { tag: string; count: number }[] {
  const list: { tag: string; count: number }[] = [];
  for (let bit = 0; bit < EVENT_TAGS.length; bit++) if (counts[at + bit] > 0) list.push({ tag: EVENT_TAGS[bit], count: counts[at + bit] });
  return list.length > 1 ? list.sort((x, y) => y.count - x.count) : list;
}

export type Handshake = 'three-way' | 'simultaneous-open' | 'incomplete' | 'not-captured';
export type Close = 'four-way' | 'three-way' | 'simultaneous' | 'half-closed' | 'reset' | 'open';

/** Wireshark's tcp.completeness bits. */
export const enum Completeness {
  SYN = 1,
  SYN_ACK = 2,
  ACK = 4,
  DATA = 8,
  FIN = 16,
  RST = 32,
}

/** One line for each analysis event (Wireshark's tcp.analysis.* meaning) and for what each kind of finding means. */
import type { Finding, FindingKind } from '../model/captureModel';
import { eventTags } from '../model/vocabulary';
import { message, Message, MessageKey } from './message';

const EVENT_EXPLANATIONS: Readonly<Record<string, MessageKey>> = {
  retransmission: 'eventRetransmission',
  'fast-retransmission': 'eventFastRetransmission',
  'spurious-retransmission': 'eventSpuriousRetransmission',
  'out-of-order': 'eventOutOfOrder',
  'duplicate-ack': 'eventDuplicateAck',
  'zero-window': 'eventZeroWindow',
  'zero-window-probe': 'eventZeroWindowProbe',
  'zero-window-probe-ack': 'eventZeroWindowProbeAck',
  'window-full': 'eventWindowFull',
  'window-update': 'eventWindowUpdate',
  'keep-alive': 'eventKeepAlive',
  'keep-alive-ack': 'eventKeepAliveAck',
  'previous-segment-not-captured': 'eventPreviousSegmentNotCaptured',
  'acked-unseen-segment': 'eventAckedUnseenSegment',
  'port-numbers-reused': 'eventPortNumbersReused',
};

const FINDING_MEANINGS: Readonly<Record<FindingKind, MessageKey>> = {
  'syn-flood': 'findingMeaningSynFlood',
  'port-scan': 'findingMeaningPortScan',
  'close-wait': 'findingMeaningCloseWait',
  'syn-unanswered': 'findingMeaningSynUnanswered',
  'icmp-unreachable': 'findingMeaningIcmpUnreachable',
  reset: 'findingMeaningReset',
};

export interface EventExplanation {
  /** The JSON contract's tag, e.g. "duplicate-ack". */
  readonly tag: string;
  readonly explanation: Message;
}

/** The events of an event mask, in vocabulary order, each with its one-line explanation. */
export function explainEvents(mask: number): EventExplanation[] {
  return eventTags(mask).map((tag) => ({ tag, explanation: message(EVENT_EXPLANATIONS[tag]) }));
}

/** What a finding's kind means; a reset refused or ignored means something else than one that ends a connection. */
export function findingMeaning(finding: Finding): Message {
  if (finding.kind === 'reset' && finding.ignored) return message('findingMeaningResetIgnored');
  if (finding.kind === 'reset' && finding.refused) return message('findingMeaningResetRefused');
  return message(FINDING_MEANINGS[finding.kind]);
}

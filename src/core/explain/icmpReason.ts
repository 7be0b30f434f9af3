/**
 * The reason of an ICMP destination-unreachable error as a message: the
 * model keeps tcpdump's words (`icmpUnreachReason`, `icmp6UnreachReason`,
 * which the JSON shows); this names each of them in the catalogue so that
 * a finding's sentence is translated whole.
 */
import { message, type Message, type MessageKey } from './message';

const REASONS: Readonly<Record<string, MessageKey>> = {
  'net unreachable': 'icmpNetUnreachable',
  'host unreachable': 'icmpHostUnreachable',
  'protocol unreachable': 'icmpProtocolUnreachable',
  'port unreachable': 'icmpPortUnreachable',
  'need to frag': 'icmpNeedToFrag',
  'source route failed': 'icmpSourceRouteFailed',
  'net unknown': 'icmpNetUnknown',
  'host unknown': 'icmpHostUnknown',
  'source host isolated': 'icmpSourceHostIsolated',
  'admin prohibited': 'icmpAdminProhibited',
  'tos prohibited': 'icmpTosProhibited',
  'admin prohibited filter': 'icmpAdminProhibitedFilter',
  'host precedence violation': 'icmpHostPrecedenceViolation',
  'precedence cutoff': 'icmpPrecedenceCutoff',
  'unreachable route': 'icmp6UnreachableRoute',
  'unreachable prohibited': 'icmp6UnreachableProhibited',
  'beyond scope': 'icmp6BeyondScope',
  'unreachable address': 'icmp6UnreachableAddress',
  'unreachable port': 'icmp6UnreachablePort',
};

/** The message of a reason the readers record; every code's reason has one (a unit test goes through them all). */
export function icmpReasonMessage(reason: string): Message {
  const key = REASONS[reason];
  if (key !== undefined) return message(key);
  const unknown6 = /^unknown unreach code \((\d+)\)$/.exec(reason);
  if (unknown6 !== null) return message('icmp6UnknownCode', { code: Number(unknown6[1]) });
  // `#16`: a code tcpdump has no words for (and, never expected, anything else the readers might record).
  return message('icmpCode', { code: reason.startsWith('#') ? reason.slice(1) : reason });
}

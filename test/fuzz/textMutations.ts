/**
 * Mutations of tcpdump text: whole lines deleted, repeated, swapped or
 * taken from another input; tokens replaced by the fields tcpdump prints
 * and by values at their limits; characters that are hard on a reader
 * (non-breaking spaces, line separators, lone surrogates, a BOM, NUL).
 */
import { Random } from './random';

export const TEXT_TOKENS = [
  'Flags [S]', 'Flags [S.]', 'Flags [.]', 'Flags [P.]', 'Flags [F.]', 'Flags [R]', 'Flags [R.]', 'Flags [SEWUAPRF]', 'Flags []', '[|tcp]', '[|llc]',
  'seq 0', 'seq 4294967295', 'seq 1:1449', 'seq 4294967295:1', 'seq 99999999999999999999', 'ack 1', 'ack 4294967296', 'win 0', 'win 65535', 'win -1',
  'length 0', 'length 65536', 'length 4294967295', 'length -5', 'options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]', 'options [sack 2 {1:2}{3:4}]',
  'options [', 'TS val 4294967295 ecr 4294967295', 'wscale 255', 'mss 0', 'IP', 'IP6', 'ARP,', 'ICMP', 'tcp 0', 'tcp 94', 'UDP,', 'HBH', 'frag (0|1448)',
  '>', ':', ',', '.', '..', ' ', '  ', '\t', '(', ')', '[', ']', '{', '}', 'In', 'Out', 'eth0', 'lo', 'any',
  '10.0.0.1.80', '10.0.0.2.40000', '255.255.255.255.65535', '0.0.0.0.0', '1.2.3.4.99999', '::', '::1.80', 'fe80::1%eth0.22', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff.65535',
  '00:00:00.000000', '23:59:59.999999', '99:99:99.9999999999', '1700000000.000001', '2026-12-02 21:00:00.000000', '-0.000001', '+0.000001', '9999999999999999999.0',
  '1e308', 'NaN', 'Infinity', '-0', '0x', '0x10', '1.', '.1', 'IP (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto TCP (6), length 52)',
  '0x0000:  4500 0034 0000 4000 4006 0000 0a00 0001', '>>>', '$ tcpdump -n', '# comment', '```', '<b>', '&amp;', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ud800', '\u0000', '\r', 'é', '测试',
];

function lines(text: string): string[] {
  return text.split('\n');
}

type TextMutation = (text: string, random: Random, other: string) => string;

export const TEXT_MUTATIONS: readonly TextMutation[] = [
  // a line deleted
  (text, random) => {
    const all = lines(text);
    all.splice(random.below(all.length), random.small(4));
    return all.join('\n');
  },
  // a line repeated
  (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    const copies = random.small(16);
    for (let i = 0; i < copies; i++) all.splice(at, 0, all[at]);
    return all.join('\n');
  },
  // two lines swapped
  (text, random) => {
    const all = lines(text);
    const a = random.below(all.length);
    const b = random.below(all.length);
    [all[a], all[b]] = [all[b], all[a]];
    return all.join('\n');
  },
  // lines of another input
  (text, random, other) => {
    const all = lines(text);
    const theirs = lines(other);
    const from = random.below(theirs.length);
    all.splice(random.below(all.length + 1), 0, ...theirs.slice(from, from + random.small(8)));
    return all.join('\n');
  },
  // a token replaced, inserted or removed
  (text, random) => {
    const at = random.below(text.length + 1);
    const token = random.pick(TEXT_TOKENS);
    if (random.chance(0.3)) return text.slice(0, at) + token + text.slice(at);
    const word = /^[^\s]*/.exec(text.slice(at))![0].length;
    return text.slice(0, at) + (random.chance(0.8) ? token : '') + text.slice(at + word);
  },
  // a number changed
  (text, random) => {
    const numbers = [...text.matchAll(/\d+/g)];
    if (numbers.length === 0) return text;
    const found = random.pick(numbers);
    const value = random.pick(['0', '1', '4294967295', '4294967296', '65535', '65536', '18446744073709551616', String(random.next()), found[0] + '0', '-' + found[0]]);
    return text.slice(0, found.index!) + value + text.slice(found.index! + found[0].length);
  },
  // characters deleted or inserted
  (text, random) => {
    const at = random.below(text.length + 1);
    if (random.chance(0.5)) return text.slice(0, at) + text.slice(at + random.small(16));
    return text.slice(0, at) + String.fromCharCode(random.chance(0.7) ? 32 + random.below(95) : random.below(0x10000)) + text.slice(at);
  },
  // cut short
  (text, random) => text.slice(0, random.below(text.length + 1)),
];

/** A stack of 1 to 8 mutations, fewer more often. */
export function mutateText(text: string, random: Random, other: string, maxLength: number): string {
  let out = text;
  const count = random.small(8);
  for (let i = 0; i < count; i++) out = random.pick(TEXT_MUTATIONS)(out, random, other);
  return out.length > maxLength ? out.slice(0, maxLength) : out;
}

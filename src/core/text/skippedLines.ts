/**
 * Kinds of tcpdump lines read with less than a segment's fields, or not at
 * all, said once per kind at the end (at the first such line): `-q` lines
 * (`IP a.b > c.d: tcp 0`: no flags, no numbers) and tunnels tcpdump does not
 * open (`GREv0, seq 7, length 74: gre-proto-0x88be`, ERSPAN among them).
 */
import { message } from '../explain/message';
import { ProblemLog } from '../problems';
import { SPACE, findInLine, matchesAt } from './lineCursor';

const GRE_PROTOCOL = 'gre-proto-0x';

/** `tcp N` at text[at, end): tcpdump -q's whole TCP part; the payload length, or -1. */
export function quietTcpLength(text: string, at: number, end: number): number {
  if (!matchesAt(text, at, end, 'tcp ')) return -1;
  let p = at + 4;
  let length = 0;
  const digits = p;
  while (p < end && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57 && p - digits < 10) length = length * 10 + text.charCodeAt(p++) - 48;
  if (p === digits) return -1;
  while (p < end && text.charCodeAt(p) === SPACE) p++;
  return p === end ? length : -1;
}

interface LineTally {
  count: number;
  firstLine: number;
}

export class SkippedLines {
  private quiet: LineTally | null = null;
  private readonly greProtocols = new Map<string, LineTally>();

  quietLine(line: number): void {
    if (this.quiet === null) this.quiet = { count: 1, firstLine: line };
    else this.quiet.count++;
  }

  /** A frame line without TCP: counts it if it is a GRE tunnel tcpdump did not open. */
  lineWithoutTcp(text: string, start: number, end: number, line: number): void {
    const at = findInLine(text, GRE_PROTOCOL, start, end);
    if (at < 0) return;
    let p = at + GRE_PROTOCOL.length;
    while (p < end && p - at < GRE_PROTOCOL.length + 4 && /[0-9a-f]/.test(text[p])) p++;
    const type = '0x' + text.slice(at + GRE_PROTOCOL.length, p).padStart(4, '0');
    const tally = this.greProtocols.get(type);
    if (tally === undefined) this.greProtocols.set(type, { count: 1, firstLine: line });
    else tally.count++;
  }

  report(problems: ProblemLog): void {
    if (this.quiet !== null) problems.sayAtLine(this.quiet.firstLine, message('problemQuietLines', { count: this.quiet.count, line: this.quiet.firstLine }));
    for (const [type, tally] of this.greProtocols) {
      problems.sayAtLine(tally.firstLine, message('problemGreNotPrinted', { count: tally.count, type, line: tally.firstLine }));
    }
  }
}

import { LineCursor, findInLine } from './lineCursor';
import { isBlank, looksLikeUntimedFrame } from './lineKinds';
import { LeadingResidue, NumberPrefix } from './pastedLine';
import { Timestamp, readTimestamp } from './timestamps';

const LINES_TO_CHECK = 20;
/** The check reads no further into the text than this. */
export const DETECTION_CHARACTERS = 16384;

/**
 * Cheap format check: one of the first non-empty lines is a tcpdump packet
 * line (a timestamp, or none, then a protocol, link-layer prefix or address
 * pair). Banners, prompts and pasted text around it are allowed, and so
 * are quote markers, bullets, backticks or TCP/IP Illustrated's numbering
 * before the packet text.
 */
export function looksLikeTcpdumpText(text: string): boolean {
  const limit = Math.min(text.length, DETECTION_CHARACTERS);
  const cur = new LineCursor();
  const ts = new Timestamp();
  const residue = new LeadingResidue();
  const numberPrefix = new NumberPrefix();
  let start = 0;
  let checked = 0;
  while (start < limit && checked < LINES_TO_CHECK) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 || newline > limit ? limit : newline;
    if (!isBlank(text, start, end)) {
      checked++;
      let lineStart = start;
      if (residue.read(text, start, end)) lineStart = residue.end;
      else if (numberPrefix.read(text, start)) lineStart = numberPrefix.end;
      while (lineStart < end && text.charCodeAt(lineStart) === 32) lineStart++;
      cur.at(text, lineStart, end);
      const body = readTimestamp(cur, ts) ? cur.pos : lineStart;
      if (looksLikeUntimedFrame(text, body) || findInLine(text, ': Flags [', body, end) >= 0) return true;
      if (body > lineStart && (findInLine(text, ' > ', body, end) >= 0 || findInLine(text, ', length ', body, end) >= 0)) return true;
    }
    start = end + 1;
  }
  return false;
}

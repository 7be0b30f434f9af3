import { LineCursor, findInLine } from './line-cursor';
import { isBlank, looksLikeUntimedFrame } from './line-kinds';
import { Timestamp, readTimestamp } from './timestamps';

const LINES_TO_CHECK = 20;
const BYTES_TO_CHECK = 16384;

/**
 * Cheap format check: one of the first non-empty lines is a tcpdump packet
 * line (a timestamp, or none, then a protocol, link-layer prefix or address
 * pair). Banners, prompts and pasted text around it are allowed.
 */
export function looksLikeTcpdumpText(text: string): boolean {
  const limit = Math.min(text.length, BYTES_TO_CHECK);
  const cur = new LineCursor();
  const ts = new Timestamp();
  let start = 0;
  let checked = 0;
  while (start < limit && checked < LINES_TO_CHECK) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 || newline > limit ? limit : newline;
    if (!isBlank(text, start, end)) {
      checked++;
      cur.at(text, start, end);
      const body = readTimestamp(cur, ts) ? cur.pos : start;
      if (looksLikeUntimedFrame(text, body) || findInLine(text, ': Flags [', body, end) >= 0) return true;
      if (body > start && (findInLine(text, ' > ', body, end) >= 0 || findInLine(text, ', length ', body, end) >= 0)) return true;
    }
    start = end + 1;
  }
  return false;
}

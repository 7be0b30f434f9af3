/**
 * The encapsulations in tcpdump's text: the tunnel a packet line's TCP was
 * inside of (a GRE key, a VXLAN or Geneve VNI: the same identity as the
 * binary decoder's `tunnelScope`), and the lines of -v output, and VXLAN's,
 * that say the inner packet comes on the next line.
 */
import { TunnelKind, tunnelScope } from '../capture/encapsulation';
import { findInLine } from './lineCursor';

const GRE_KEY = 'key=0x';
const VNI = 'vni ';

/**
 * The innermost keyed tunnel named in text[start, end) (the part of a
 * line before the inner endpoints, or a whole -v line): `GREv0, key=0x1`,
 * `VXLAN, flags [I] (0x08), vni 100`, `Geneve, Flags [none], vni 0x64`;
 * '' when there is none.
 */
export function tunnelScopeIn(text: string, start: number, end: number): string {
  let kind = TunnelKind.NONE;
  let key = 0;
  let at = start;
  for (;;) {
    const gre = findInLine(text, GRE_KEY, at, end);
    const vni = findInLine(text, VNI, at, end);
    if (gre < 0 && vni < 0) break;
    if (gre >= 0 && (vni < 0 || gre < vni)) {
      const value = readNumber(text, gre + GRE_KEY.length, end, 16);
      if (value >= 0 && findInLine(text, 'GRE', start, gre) >= 0) {
        kind = TunnelKind.GRE_KEY;
        key = value;
      }
      at = gre + GRE_KEY.length;
    } else {
      const hex = text.startsWith('0x', vni + VNI.length);
      const value = readNumber(text, vni + VNI.length + (hex ? 2 : 0), end, hex ? 16 : 10);
      if (value >= 0) {
        if (findInLine(text, 'Geneve', start, vni) >= 0 && hex) {
          kind = TunnelKind.GENEVE;
          key = value;
        } else if (findInLine(text, 'VXLAN', start, vni) >= 0 && !hex) {
          kind = TunnelKind.VXLAN;
          key = value;
        }
      }
      at = vni + VNI.length;
    }
  }
  return tunnelScope(kind, key);
}

function readNumber(text: string, at: number, end: number, radix: number): number {
  let value = 0;
  let p = at;
  for (; p < end && p - at < 10; p++) {
    const digit = parseInt(text[p], radix);
    if (Number.isNaN(digit)) break;
    value = value * radix + digit;
  }
  return p === at ? -1 : value;
}

/**
 * A line without TCP that opens an inner packet whose TCP comes on a later
 * line: -v's outer header lines of a tunnel (`GREv0, Flags [key present],
 * key=0x1, length 52`, `Geneve, Flags [none], vni 0x64`, an MPLS label
 * `(label 200, ...)`, an inner `IP (tos ...` header), and VXLAN's line. An
 * ICMP error's quote is never one: its TCP is not a segment.
 */
export function opensInnerPacket(text: string, start: number, end: number): boolean {
  let p = start;
  while (p < end && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  // An inner -v header (`IP (tos ..., proto ICMP (1), ...)`) opens a packet; the ICMP message's own line does not.
  if (text.startsWith('(label ', p) || text.startsWith('IP (', p) || text.startsWith('IP6 (', p)) return true;
  if (findInLine(text, 'ICMP', p, end) >= 0) return false;
  return (
    findInLine(text, 'GREv', p, end) >= 0 ||
    findInLine(text, 'VXLAN, flags', p, end) >= 0 ||
    findInLine(text, 'Geneve, Flags', p, end) >= 0 ||
    findInLine(text, ': IP (', p, end) >= 0 ||
    findInLine(text, ': IP6 (', p, end) >= 0
  );
}

/** VXLAN's line (`... VXLAN, flags [I] (0x08), vni 100`): tcpdump prints the inner frame on the next, unindented line. */
export function endsWithVxlanHeader(text: string, start: number, end: number): boolean {
  const at = findInLine(text, 'VXLAN, flags [', start, end);
  if (at < 0) return false;
  return findInLine(text, ': ', at, end) < 0;
}

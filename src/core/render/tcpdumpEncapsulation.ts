/**
 * The outer layers of an encapsulated frame as tcpdump 4.99 prints them
 * without -v or -e, before the inner packet: `PPPoE  [ses 0x1234] `,
 * `MPLS (label 100, tc 0, ttl 64) (label 200, tc 0, [S], ttl 64) `,
 * `IP 192.0.2.1 > 192.0.2.2: GREv0, key=0x1, length 52: `,
 * `IP 192.0.2.1 > 192.0.2.2: ` (IP-in-IP, 6in4), `IP a.p > b.4789: VXLAN,
 * flags [I] (0x08), vni 100: ` and `... Geneve, Flags [none], vni 0x64: `.
 * Two departures keep one line per frame and the inner TCP on it: VXLAN's
 * inner frame, which tcpdump prints on a line of its own, follows after
 * `: `; and ERSPAN, which tcpdump leaves as `gre-proto-0x88be`, is named
 * (`ERSPAN type II, session 5: `) and opened.
 */
import { u16be, u32be } from '../capture/bytes';
import { GreHeader, LayerKind, OuterLayers, parseGre } from '../capture/encapsulation';
import { ipv4Text, ipv6Text } from '../names';

const gre = new GreHeader();

/** The text before the inner packet's `IP `/`IP6 `. */
export function encapsulationPrefix(data: Uint8Array, layers: OuterLayers): string {
  let text = '';
  for (let i = 0; i < layers.count; i++) {
    const at = layers.at[i];
    const next = i + 1 < layers.count ? layers.kind[i + 1] : 0;
    switch (layers.kind[i]) {
      case LayerKind.IPV4:
      case LayerKind.IPV6:
        text += outerIp(data, at, layers.kind[i] === LayerKind.IPV4, next === LayerKind.VXLAN || next === LayerKind.GENEVE ? layers.at[i + 1] - 8 : -1);
        break;
      case LayerKind.PPPOE:
        text += `PPPoE  [ses 0x${u16be(data, at + 2).toString(16)}] `;
        break;
      case LayerKind.MPLS:
        text += mplsLabels(data, at) + ' ';
        break;
      case LayerKind.GRE:
        text += greText(data, at, i > 0 ? outerPayloadLength(data, layers.at[i - 1], layers.kind[i - 1] === LayerKind.IPV4) : 0);
        break;
      case LayerKind.ERSPAN:
        text += erspanText(data, at, i > 0 && layers.kind[i - 1] === LayerKind.GRE ? layers.at[i - 1] : -1);
        break;
      case LayerKind.VXLAN:
        text += `VXLAN, flags [${data[at] & 0x08 ? 'I' : '.'}] (0x${hex2(data[at])}), vni ${(data[at + 4] << 16) | (data[at + 5] << 8) | data[at + 6]}: `;
        break;
      case LayerKind.GENEVE:
        text += `Geneve, Flags [${geneveFlags(data[at + 1])}], vni 0x${((data[at + 4] << 16) | (data[at + 5] << 8) | data[at + 6]).toString(16)}: `;
        break;
      default:
        // An inner Ethernet header: tcpdump shows it only with -e.
        break;
    }
  }
  return text;
}

function hex2(b: number): string {
  return (b < 16 ? '0' : '') + b.toString(16);
}

/** `IP 192.0.2.1 > 192.0.2.2: `, with the UDP ports when a UDP tunnel follows (`udpAt` ≥ 0). */
function outerIp(data: Uint8Array, at: number, v4: boolean, udpAt: number): string {
  const src = v4 ? ipv4Text(u32be(data, at + 12)) : ipv6Text(data, at + 8);
  const dst = v4 ? ipv4Text(u32be(data, at + 16)) : ipv6Text(data, at + 24);
  const name = v4 ? 'IP' : 'IP6';
  if (udpAt < 0) return `${name} ${src} > ${dst}: `;
  return `${name} ${src}.${u16be(data, udpAt)} > ${dst}.${u16be(data, udpAt + 2)}: `;
}

function outerPayloadLength(data: Uint8Array, at: number, v4: boolean): number {
  return v4 ? u16be(data, at + 2) - (data[at] & 0x0f) * 4 : u16be(data, at + 4);
}

function mplsLabels(data: Uint8Array, at: number): string {
  let text = 'MPLS';
  for (let p = at; p + 4 <= data.length; p += 4) {
    const entry = u32be(data, p);
    const bottom = (entry & 0x100) !== 0;
    text += ` (label ${entry >>> 12}, tc ${(entry >>> 9) & 7}, ${bottom ? '[S], ' : ''}ttl ${entry & 0xff})`;
    if (bottom) break;
  }
  return text;
}

function greText(data: Uint8Array, at: number, length: number): string {
  if (!parseGre(data, at, data.length, gre)) return `GREv${data[at + 1] & 7}, length ${length}: `;
  let text = 'GREv0, ';
  if (gre.keyPresent) text += `key=0x${gre.key.toString(16)}, `;
  if (gre.sequencePresent) text += `seq ${gre.sequence}, `;
  return text + `length ${length}: `;
}

/** ERSPAN, which tcpdump 4.99 does not open: `ERSPAN type II, session 5: ` (type I has no header: no session). */
function erspanText(data: Uint8Array, at: number, greAt: number): string {
  const type3 = greAt >= 0 && u16be(data, greAt + 2) === 0x22eb;
  const type2 = !type3 && greAt >= 0 && (u16be(data, greAt) & 0x1000) !== 0;
  if (!type2 && !type3) return 'ERSPAN type I: ';
  return `ERSPAN type ${type3 ? 'III' : 'II'}, session ${u16be(data, at + 2) & 0x3ff}: `;
}

function geneveFlags(b: number): string {
  const flags = (b & 0x80 ? 'O' : '') + (b & 0x40 ? 'C' : '');
  return flags === '' ? 'none' : flags;
}

/**
 * The outer layers of an encapsulated packet, read from its tcpdump line
 * (the input's own, or the text view's of a pcap, which prints them the
 * same way): PPPoE session, MPLS labels, IP-in-IP, GRE (key), VXLAN and
 * Geneve (VNI), ERSPAN; outermost first. Only the hovered line is read,
 * never the whole input; the patterns cannot backtrack far on a long line.
 */
import { message, type Message } from './message';

const MAX_LINE = 1024;
const LAYER =
  /PPPoE +\[ses (0x[0-9a-f]+)\]|\(label (\d+), tc \d+, (\[S\], )?ttl \d+\)|(?:IP6? )?([\w.:-]+) > ([\w.:-]+): (?:(GREv\d), (?:key=(0x[0-9a-f]+), )?|(VXLAN), flags \[\w*\] \(0x[0-9a-f]+\), vni (\d+)|(Geneve), Flags \[\w*\], vni (0x[0-9a-f]+)|(?=IP6? ))|ERSPAN type (I{1,3})(?:, session (\d+))?/g;

export function outerLayersOfLine(line: string): Message[] {
  const layers: Message[] = [];
  const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  LAYER.lastIndex = 0;
  for (let m = LAYER.exec(text); m !== null; m = LAYER.exec(text)) {
    if (m[1] !== undefined) layers.push(message('layerPppoe', { session: m[1] }));
    else if (m[2] !== undefined) layers.push(message(m[3] ? 'layerMplsBottom' : 'layerMpls', { label: Number(m[2]) }));
    else if (m[6] !== undefined) {
      layers.push(m[7] !== undefined ? message('layerGreKey', { source: m[4], target: m[5], key: m[7] }) : message('layerGre', { source: m[4], target: m[5] }));
    } else if (m[8] !== undefined) layers.push(message('layerVxlan', { source: m[4], target: m[5], vni: Number(m[9]) }));
    else if (m[10] !== undefined) layers.push(message('layerGeneve', { source: m[4], target: m[5], vni: parseInt(m[11], 16) }));
    else if (m[4] !== undefined) layers.push(message('layerIpInIp', { source: m[4], target: m[5] }));
    else if (m[12] !== undefined) {
      layers.push(m[13] !== undefined ? message('layerErspanSession', { type: m[12], session: Number(m[13]) }) : message('layerErspan', { type: m[12] }));
    }
    if (layers.length >= 16) break;
  }
  return layers;
}

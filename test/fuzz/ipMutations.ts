/**
 * An IP header made longer by what the decoder has to walk: IPv4 options
 * (the header length raised to match), or IPv6 extension headers chained in
 * front of the transport header (hop-by-hop, routing, fragment, destination
 * options, AH, mobility, unknown), with the lengths made to agree.
 */
import { frameLayout } from './frameSeeds';
import { Random } from './random';

const EXTENSIONS = [0, 43, 44, 60, 51, 135, 139, 140, 59, 50, 253];

function extension(kind: number, next: number, random: Random): number[] {
  if (kind === 44) return [next, 0, random.below(256), random.pick([0, 1, 8, 9, 0xf8]), ...random.bytes(4)];
  if (kind === 51) {
    const words = random.pick([1, 4, 0, 255]);
    return [next, words, ...random.bytes(Math.min(64, (words + 2) * 4) - 2)];
  }
  const units = random.pick([0, 0, 1, 2, 255]);
  return [next, units, ...random.bytes(Math.min(64, (units + 1) * 8) - 2)];
}

export function rewriteIpHeader(linkType: number, frame: Uint8Array, random: Random): Uint8Array {
  const layout = frameLayout(linkType, frame);
  if (layout === null || layout.network >= frame.length) return frame;
  const ip = layout.network;
  const version = frame[ip] >> 4;
  let inserted: number[];
  let at: number;
  if (version === 4 && ip + 20 <= frame.length) {
    inserted = [];
    while (inserted.length < 40 && random.chance(0.7)) {
      const kind = random.pick([0, 1, 7, 68, 130, 131, 137, 148, random.below(256)]);
      inserted.push(...(kind <= 1 ? [kind] : [kind, random.pick([2, 3, 4, 8, 0, 1, 40]), ...random.bytes(random.below(6))]));
    }
    inserted.length = Math.min(inserted.length, 40);
    while (inserted.length % 4 !== 0) inserted.push(0);
    at = ip + (frame[ip] & 0x0f) * 4;
  } else if (version === 6 && ip + 40 <= frame.length) {
    inserted = [];
    let next = frame[ip + 6];
    const count = random.small(4);
    for (let i = 0; i < count; i++) {
      const kind = random.pick(EXTENSIONS);
      inserted = [...extension(kind, next, random), ...inserted];
      next = kind;
    }
    frame = frame.slice();
    frame[ip + 6] = next;
    at = ip + 40;
  } else return frame;
  at = Math.min(at, frame.length);
  const out = new Uint8Array(frame.length + inserted.length);
  out.set(frame.subarray(0, at));
  out.set(inserted, at);
  out.set(frame.subarray(at), at + inserted.length);
  const view = new DataView(out.buffer);
  if (version === 4) {
    out[ip] = 0x40 | Math.min(15, (out[ip] & 0x0f) + inserted.length / 4);
    view.setUint16(ip + 2, (view.getUint16(ip + 2) + inserted.length) & 0xffff);
  } else {
    view.setUint16(ip + 4, (view.getUint16(ip + 4) + inserted.length) & 0xffff);
  }
  return out;
}

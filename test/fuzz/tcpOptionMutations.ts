/**
 * A frame's TCP options replaced by a list made here: every option the
 * decoder reads (MSS, window scale, SACK permitted, SACK blocks, timestamps),
 * unknown kinds, and lengths that lie (0, 1, past the header), with the data
 * offset and the IP length made to agree, so that the options are read.
 */
import { frameLayout } from './frameSeeds';
import { Random } from './random';

function oneOption(random: Random): number[] {
  switch (random.below(10)) {
    case 0:
      return [1];
    case 1:
      return [0];
    case 2:
      return [2, 4, random.below(256), random.below(256)];
    case 3:
      return [3, 3, random.pick([0, 7, 14, 15, 255])];
    case 4:
      return [4, 2];
    case 5: {
      const blocks = random.below(5);
      return [5, 2 + 8 * blocks, ...random.bytes(8 * blocks)];
    }
    case 6:
      return [8, 10, ...random.bytes(8)];
    case 7:
      return [random.pick([2, 3, 5, 8]), random.pick([0, 1, 2, 39, 40, 255])];
    default: {
      const length = random.below(12);
      return [random.below(256), length, ...random.bytes(Math.max(0, length - 2))];
    }
  }
}

export function rewriteTcpOptions(linkType: number, frame: Uint8Array, random: Random): Uint8Array {
  const layout = frameLayout(linkType, frame);
  if (layout === null || layout.transport + 20 > frame.length) return frame;
  const options: number[] = [];
  const count = random.small(8);
  for (let i = 0; i < count && options.length < 40; i++) options.push(...oneOption(random));
  options.length = Math.min(options.length, 40);
  if (random.chance(0.8)) while (options.length % 4 !== 0) options.push(1);
  const tcp = layout.transport;
  const oldHeader = Math.max(20, (frame[tcp + 12] >> 4) * 4);
  const payloadAt = Math.min(frame.length, tcp + oldHeader);
  const out = new Uint8Array(tcp + 20 + options.length + (frame.length - payloadAt));
  out.set(frame.subarray(0, tcp + 20));
  out.set(options, tcp + 20);
  out.set(frame.subarray(payloadAt), tcp + 20 + options.length);
  out[tcp + 12] = (Math.min(15, Math.floor((20 + options.length) / 4)) << 4) | (out[tcp + 12] & 0x0f);
  const delta = out.length - frame.length;
  const view = new DataView(out.buffer);
  const version = out[layout.network] >> 4;
  if (version === 4) view.setUint16(layout.network + 2, (view.getUint16(layout.network + 2) + delta) & 0xffff);
  else if (version === 6) view.setUint16(layout.network + 4, (view.getUint16(layout.network + 4) + delta) & 0xffff);
  return out;
}

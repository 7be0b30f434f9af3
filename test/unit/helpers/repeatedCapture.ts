/**
 * A large capture made of a real one: the records of a classic pcap file repeated, each copy later in
 * time than the one before, so that a test has an input big enough to report progress and to be
 * cancelled part-way.
 */
export function repeatedPcap(pcap: Uint8Array, minimumBytes: number): Uint8Array {
  const view = new DataView(pcap.buffer, pcap.byteOffset, pcap.byteLength);
  const magic = view.getUint32(0, true);
  const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!littleEndian && view.getUint32(0, false) !== 0xa1b2c3d4 && view.getUint32(0, false) !== 0xa1b23c4d) {
    throw new Error('not a classic pcap file');
  }
  const HEADER = 24;
  const records = pcap.subarray(HEADER);
  let firstSecond = Infinity;
  let lastSecond = 0;
  for (let at = HEADER; at + 16 <= pcap.length; at += 16 + view.getUint32(at + 8, littleEndian)) {
    const second = view.getUint32(at, littleEndian);
    firstSecond = Math.min(firstSecond, second);
    lastSecond = Math.max(lastSecond, second);
  }
  const span = lastSecond - firstSecond + 60;
  const copies = Math.max(1, Math.ceil(minimumBytes / records.length));
  const out = new Uint8Array(HEADER + copies * records.length);
  out.set(pcap.subarray(0, HEADER));
  const outView = new DataView(out.buffer);
  for (let copy = 0; copy < copies; copy++) {
    const base = HEADER + copy * records.length;
    out.set(records, base);
    for (let at = base; at + 16 <= base + records.length; at += 16 + outView.getUint32(at + 8, littleEndian)) {
      outView.setUint32(at, outView.getUint32(at, littleEndian) + copy * span, littleEndian);
    }
  }
  return out;
}

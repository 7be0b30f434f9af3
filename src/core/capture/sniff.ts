/** The container formats TCP Lens reads, recognised by their first bytes. */
export type CaptureFormat = 'gzip' | 'pcap' | 'pcapng';

/** Classic pcap magic numbers as read big-endian from the first four bytes. */
export const enum PcapMagic {
  MICROS_BE = 0xa1b2c3d4,
  MICROS_LE = 0xd4c3b2a1,
  NANOS_BE = 0xa1b23c4d,
  NANOS_LE = 0x4d3cb2a1,
  /** Alexey Kuznetzov's patched libpcap: 24-byte record headers, microseconds. */
  KUZNETZOV_BE = 0xa1b2cd34,
  KUZNETZOV_LE = 0x34cdb2a1,
}

/** Bytes enough to tell every format apart (pcapng's byte-order magic ends at byte 12). */
export const SNIFF_BYTES = 12;

export const PCAPNG_SECTION_HEADER = 0x0a0d0d0a;
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;

function u32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

export function isPcapMagic(magic: number): boolean {
  switch (magic) {
    case PcapMagic.MICROS_BE:
    case PcapMagic.MICROS_LE:
    case PcapMagic.NANOS_BE:
    case PcapMagic.NANOS_LE:
    case PcapMagic.KUZNETZOV_BE:
    case PcapMagic.KUZNETZOV_LE:
      return true;
    default:
      return false;
  }
}

/**
 * The capture format of a file from its first bytes, or null when they are
 * none of the known magics. Needs 2 bytes for gzip, 4 for pcap and 12 for
 * pcapng (the byte-order magic follows the block type and length).
 */
export function sniffCaptureFormat(bytes: Uint8Array): CaptureFormat | null {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes.length < 4) return null;
  const magic = u32be(bytes, 0);
  if (isPcapMagic(magic)) return 'pcap';
  if (magic === PCAPNG_SECTION_HEADER && bytes.length >= 12) {
    const order = u32be(bytes, 8);
    if (order === PCAPNG_BYTE_ORDER_MAGIC || order === 0x4d3c2b1a) return 'pcapng';
  }
  return null;
}

/** How far into a file `looksLikeBinaryData` looks. */
const BINARY_SNIFF_BYTES = 512;

/**
 * Whether the first bytes of a file that is no capture are binary data (a
 * NUL byte: tcpdump text never holds one), so that an image or a disk image
 * is turned away at once instead of being read through as text.
 */
export function looksLikeBinaryData(head: Uint8Array): boolean {
  return head.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) >= 0;
}

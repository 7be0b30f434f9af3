/**
 * pcapng files (draft-ietf-opsawg-pcapng): sections (SHB, either byte
 * order), interfaces (IDB, with if_tsresol and if_tsoffset), and packets
 * from enhanced (EPB), simple (SPB) and obsolete (PB) packet blocks; every
 * other block is skipped by its length.
 *
 * Hand-written: there is no maintained pure-JS pcapng reader that runs in a
 * browser and streams into reused records (the npm ones need Node streams
 * and build an object per block).
 */
import { u16, u32 } from './bytes';
import { CapturedFrame, FrameSink, MAX_RECORD_BYTES } from './frame';
import { TimestampResolution, setPcapngTime } from './pcapngTime';
import { message, type Message } from '../explain/message';
import { ProblemLog } from '../problems';
import { RecordStream, needBytes } from './recordStream';
import { PCAPNG_BYTE_ORDER_MAGIC } from './sniff';

export const enum PcapngBlock {
  INTERFACE_DESCRIPTION = 1,
  OBSOLETE_PACKET = 2,
  SIMPLE_PACKET = 3,
  NAME_RESOLUTION = 4,
  INTERFACE_STATISTICS = 5,
  ENHANCED_PACKET = 6,
  IRIG_TIMESTAMP = 7,
  ARINC_429 = 8,
  SYSTEMD_JOURNAL = 9,
  DECRYPTION_SECRETS = 10,
  CUSTOM = 0x00000bad,
  CUSTOM_NO_COPY = 0x40000bad,
  SECTION_HEADER = 0x0a0d0d0a,
}

const OPTION_END = 0;
const OPTION_IF_TSRESOL = 9;
const OPTION_IF_TSOFFSET = 14;

/** Section and interface blocks are read whole; larger ones are taken as corrupt. */
const MAX_METADATA_BLOCK = 1 << 20;
/** Wireshark's limit for any block. */
const MAX_BLOCK = 16 << 20;
/** Room for a packet block's fixed fields, padding and options around the packet bytes. */
const PACKET_BLOCK_OVERHEAD = 32 + 65536;

interface PcapngInterface {
  linkType: number;
  snapLength: number;
  resolution: TimestampResolution;
}

function isKnownBlockType(type: number): boolean {
  return (
    (type >= PcapngBlock.INTERFACE_DESCRIPTION && type <= PcapngBlock.DECRYPTION_SECRETS) ||
    type === PcapngBlock.CUSTOM ||
    type === PcapngBlock.CUSTOM_NO_COPY ||
    type === PcapngBlock.SECTION_HEADER
  );
}

function isPacketBlock(type: number): boolean {
  return type === PcapngBlock.ENHANCED_PACKET || type === PcapngBlock.SIMPLE_PACKET || type === PcapngBlock.OBSOLETE_PACKET;
}

export class PcapngReader extends RecordStream {
  private littleEndian = false;
  private sawSection = false;
  private interfaces: PcapngInterface[] = [];
  private frameNumber = 0;
  private previousSeconds = 0;
  private previousNanos = 0;
  private resyncing = false;
  private resyncFrom = 0;
  private readonly maxPacketBlock = MAX_RECORD_BYTES + PACKET_BLOCK_OVERHEAD;
  private readonly frame = new CapturedFrame();

  constructor(
    private readonly sink: FrameSink,
    private readonly problems: ProblemLog,
  ) {
    super();
  }

  get frameCount(): number {
    return this.frameNumber;
  }

  /** Whether a section header has been read; false means nothing of the file could be used. */
  get headerRead(): boolean {
    return this.sawSection;
  }

  protected step(buf: Uint8Array, pos: number, end: number, offset: number, atEnd: boolean): number {
    if (this.resyncing) return this.resync(buf, pos, end, offset, atEnd);
    if (end - pos < 12) return needBytes(12);
    const type = u32(buf, pos, this.littleEndian);
    if (type === PcapngBlock.SECTION_HEADER) {
      const order = u32(buf, pos + 8, false);
      if (order === PCAPNG_BYTE_ORDER_MAGIC) this.littleEndian = false;
      else if (order === 0x4d3c2b1a) this.littleEndian = true;
      else return this.corrupt(offset, message('damageUnknownByteOrder'));
    } else if (!this.sawSection) {
      this.problems.sayAtOffset(offset, message('problemPcapngNoSectionHeader'));
      this.stop();
      return end - pos;
    }
    const length = u32(buf, pos + 4, this.littleEndian);
    const damage = this.lengthProblem(type, length);
    if (damage !== null) return this.corrupt(offset, damage, type);

    if (!isPacketBlock(type) && type !== PcapngBlock.SECTION_HEADER && type !== PcapngBlock.INTERFACE_DESCRIPTION) {
      return length; // skipped unread, possibly across chunks
    }
    if (end - pos < length) return needBytes(length);
    if (u32(buf, pos + length - 4, this.littleEndian) !== length) {
      return this.corrupt(offset, message('damageLengthMismatch', { length }), type);
    }
    switch (type) {
      case PcapngBlock.SECTION_HEADER:
        this.readSectionHeader(buf, pos, offset);
        break;
      case PcapngBlock.INTERFACE_DESCRIPTION:
        this.readInterface(buf, pos, length);
        break;
      default:
        this.readPacket(type, buf, pos, length, offset);
    }
    return length;
  }

  protected truncated(offset: number, have: number, need: number): void {
    if (this.resyncing) {
      this.problems.sayAtOffset(this.resyncFrom, message('problemPcapngNoBlockAfterDamage'));
    } else if (!this.sawSection) {
      this.problems.sayAtOffset(offset, message('problemPcapngSectionTruncated', { have }));
    } else {
      this.problems.sayAtOffset(offset, message('problemPcapngBlockTruncated', { have, need }));
    }
  }

  /** Why a block header's length cannot be right, or null. */
  private lengthProblem(type: number, length: number): Message | null {
    if (length < 12) return message('damageBlockShorterThanHeader', { length });
    if (length % 4 !== 0) return message('damageLengthNotMultipleOf4', { length });
    if (type === PcapngBlock.SECTION_HEADER && length < 28) return message('damageSectionHeaderTooShort', { length });
    if (isPacketBlock(type) && length > this.maxPacketBlock) return message('damagePacketBlockOverLimit', { length });
    if ((type === PcapngBlock.SECTION_HEADER || type === PcapngBlock.INTERFACE_DESCRIPTION) && length > MAX_METADATA_BLOCK) {
      return message('damageBlockOverLimit', { length });
    }
    if (length > MAX_BLOCK) return message('damageBlockOverLimit', { length });
    return null;
  }

  /** A block that cannot be read: a packet block still uses up its frame number; then look for the next block. */
  private corrupt(offset: number, what: Message, type = -1): number {
    if (!this.sawSection) {
      this.problems.sayAtOffset(offset, message('problemPcapngUnreadable', { what }));
      this.stop();
      return 4;
    }
    if (isPacketBlock(type)) {
      this.frameNumber++;
      this.problems.sayAtOffset(offset, message('problemPcapngPacketCorrupt', { packet: this.frameNumber, what }));
      this.sink.onDamagedFrame?.(this.frameNumber, offset);
    } else {
      this.problems.sayAtOffset(offset, message('problemPcapngBlockCorrupt', { what }));
    }
    this.resyncing = true;
    this.resyncFrom = offset;
    return 4;
  }

  private readSectionHeader(buf: Uint8Array, pos: number, offset: number): void {
    const major = u16(buf, pos + 12, this.littleEndian);
    if (major !== 1) this.problems.sayAtOffset(offset, message('problemPcapngSectionVersion', { version: major }));
    this.sawSection = true;
    this.interfaces = [];
  }

  private readInterface(buf: Uint8Array, pos: number, length: number): void {
    const le = this.littleEndian;
    const resolution = new TimestampResolution();
    const iface: PcapngInterface = { linkType: u16(buf, pos + 8, le), snapLength: u32(buf, pos + 12, le), resolution };
    const optionsEnd = pos + length - 4;
    for (let at = pos + 16; at + 4 <= optionsEnd; ) {
      const code = u16(buf, at, le);
      const valueLength = u16(buf, at + 2, le);
      const value = at + 4;
      if (code === OPTION_END || value + valueLength > optionsEnd) break;
      if (code === OPTION_IF_TSRESOL && valueLength >= 1) resolution.setFromOption(buf[value]);
      else if (code === OPTION_IF_TSOFFSET && valueLength >= 8) {
        const first = u32(buf, value, le);
        const second = u32(buf, value + 4, le);
        const [high, low] = le ? [second, first] : [first, second];
        resolution.offsetSeconds = (high | 0) * 4294967296 + low;
      }
      at = value + ((valueLength + 3) & ~3);
    }
    this.interfaces.push(iface);
  }

  private readPacket(type: number, buf: Uint8Array, pos: number, length: number, offset: number): void {
    const le = this.littleEndian;
    const f = this.frame;
    const number = ++this.frameNumber;
    let interfaceId: number;
    let capturedLength: number;
    let originalLength: number;
    let dataStart: number;
    const bodyEnd = pos + length - 4;
    if (type === PcapngBlock.SIMPLE_PACKET) {
      interfaceId = 0;
      originalLength = u32(buf, pos + 8, le);
      dataStart = pos + 12;
      capturedLength = Math.min(originalLength, bodyEnd - dataStart);
    } else {
      if (length < 32) return this.damagedPacket(number, offset, message('damagePacketBlockTooShort', { length }));
      interfaceId = type === PcapngBlock.OBSOLETE_PACKET ? u16(buf, pos + 8, le) : u32(buf, pos + 8, le);
      capturedLength = u32(buf, pos + 20, le);
      originalLength = u32(buf, pos + 24, le);
      dataStart = pos + 28;
      if (capturedLength > bodyEnd - dataStart) {
        return this.damagedPacket(number, offset, message('damageCapturedOverBlock', { length: capturedLength }));
      }
    }
    const iface = this.interfaces[interfaceId];
    if (iface === undefined) return this.damagedPacket(number, offset, message('damageInterfaceUndescribed', { interface: interfaceId }));
    if (type === PcapngBlock.SIMPLE_PACKET && iface.snapLength > 0) capturedLength = Math.min(capturedLength, iface.snapLength);
    if (capturedLength > MAX_RECORD_BYTES) {
      return this.damagedPacket(number, offset, message('damageCapturedOverLimit', { length: capturedLength, limit: MAX_RECORD_BYTES }));
    }
    f.number = number;
    if (type === PcapngBlock.SIMPLE_PACKET) {
      // A simple packet block has no timestamp: keep the previous frame's time so times stay ordered.
      f.setTime(this.previousSeconds, this.previousNanos);
    } else {
      setPcapngTime(f, u32(buf, pos + 12, le), u32(buf, pos + 16, le), iface.resolution);
    }
    this.previousSeconds = f.seconds;
    this.previousNanos = f.nanos;
    f.linkType = iface.linkType;
    f.originalLength = originalLength;
    f.setBytes(buf, dataStart, dataStart + capturedLength);
    f.offset = offset;
    f.interfaceId = interfaceId;
    this.sink.onFrame(f);
  }

  private damagedPacket(number: number, offset: number, what: Message): void {
    this.problems.sayAtOffset(offset, message('problemPcapngPacketDamaged', { packet: number, what }));
    this.sink.onDamagedFrame?.(number, offset);
  }

  /**
   * Every 4 bytes after a damaged block, look for a block of a known type
   * whose length is sane and whose trailing length copy matches.
   */
  private resync(buf: Uint8Array, pos: number, end: number, offset: number, atEnd: boolean): number {
    const le = this.littleEndian;
    for (let at = pos; ; at += 4) {
      if (end - at < 12) {
        if (at > pos) return at - pos;
        if (!atEnd) return needBytes(12);
        this.problems.sayAtOffset(this.resyncFrom, message('problemPcapngNoBlockAfterDamage'));
        this.stop();
        return end - pos;
      }
      const type = u32(buf, at, le);
      if (!isKnownBlockType(type)) continue;
      const length = u32(buf, at + 4, le);
      if (length < 12 || length % 4 !== 0 || length > MAX_METADATA_BLOCK || this.lengthProblem(type, length) !== null) continue;
      if (end - at < length) {
        if (atEnd) continue;
        if (at > pos) return at - pos;
        return needBytes(length);
      }
      if (u32(buf, at + length - 4, le) !== length) continue;
      if (at > pos) return at - pos;
      this.resyncing = false;
      this.problems.sayAtOffset(offset, message('problemPcapngResynchronised', { offset, skipped: offset - this.resyncFrom }));
      return this.step(buf, pos, end, offset, atEnd);
    }
  }
}

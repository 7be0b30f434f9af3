/**
 * Classic libpcap files: a 24-byte file header, then records of a 16-byte
 * header (24 bytes in Kuznetzov's modified format) and the captured bytes.
 *
 * Hand-written rather than taken from a package: the npm pcap readers are
 * Node-stream based (Buffer, fs) or unmaintained, and none streams into
 * reused records without an object per packet, which the core requires.
 */
import { u32 } from './bytes';
import { CapturedFrame, FrameSink, MAX_RECORD_BYTES } from './frame';
import { message } from '../explain/message';
import { ProblemLog } from '../problems';
import { RecordStream, needBytes } from './recordStream';
import { PcapMagic } from './sniff';

const FILE_HEADER_BYTES = 24;
/** Records whose time is further than this from the previous record's are not taken for the next record after damage. */
const RESYNC_TIME_WINDOW_SECONDS = 86400;

export class PcapReader extends RecordStream {
  private haveHeader = false;
  private littleEndian = false;
  private nanosecond = false;
  private recordHeaderBytes = 16;
  private linkType = 0;
  private maxCapturedLength = MAX_RECORD_BYTES;
  private frameNumber = 0;
  private previousSeconds = -1;
  private resyncing = false;
  private resyncFrom = 0;
  private readonly frame = new CapturedFrame();
  private readonly direct: boolean;

  constructor(
    private readonly sink: FrameSink,
    private readonly problems: ProblemLog,
  ) {
    super();
    this.direct = sink.takeCommonFrame !== undefined;
  }

  /** Frames seen so far (including damaged ones). */
  get frameCount(): number {
    return this.frameNumber;
  }

  /** Whether the file header has been read; false means nothing of the file could be used. */
  get headerRead(): boolean {
    return this.haveHeader;
  }

  protected step(buf: Uint8Array, pos: number, end: number, offset: number, atEnd: boolean): number {
    if (!this.haveHeader) return this.readFileHeader(buf, pos, end);
    if (this.resyncing) return this.resync(buf, pos, end, offset, atEnd);
    const whole = this.emitWholeRecords(buf, pos, end, offset);
    if (whole > 0) return whole;
    const headerBytes = this.recordHeaderBytes;
    const le = this.littleEndian;
    if (end - pos < headerBytes) return needBytes(headerBytes);
    const capturedLength = u32(buf, pos + 8, le);
    if (capturedLength > this.maxCapturedLength) {
      this.frameNumber++;
      this.problems.sayAtOffset(
        offset,
        message('problemPcapRecordTooLong', { record: this.frameNumber, length: capturedLength, limit: this.maxCapturedLength }),
      );
      this.sink.onDamagedFrame?.(this.frameNumber, offset);
      this.resyncing = true;
      this.resyncFrom = offset;
      return headerBytes;
    }
    // Not taken above, so not all here yet.
    return needBytes(headerBytes + capturedLength);
  }

  /**
   * The whole records in view, in one call per chunk rather than per record; the bytes they take.
   * A loop of its own: the optimised loop then never runs into code after it that it has no type
   * feedback for, which would throw it back to the interpreter once per chunk.
   */
  private emitWholeRecords(buf: Uint8Array, pos: number, end: number, offset: number): number {
    const headerBytes = this.recordHeaderBytes;
    const le = this.littleEndian;
    const maxCapturedLength = this.maxCapturedLength;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let at = pos;
    for (;;) {
      if (end - at < headerBytes) break;
      const length = view.getUint32(at + 8, le);
      if (length > maxCapturedLength || end - at < headerBytes + length) break;
      this.emit(buf, view, at, offset + (at - pos), length);
      at += headerBytes + length;
    }
    return at - pos;
  }

  protected truncated(offset: number, have: number, need: number): void {
    if (!this.haveHeader) {
      this.problems.sayAtOffset(offset, message('problemPcapHeaderTruncated', { have, need: FILE_HEADER_BYTES }));
    } else if (this.resyncing) {
      this.problems.sayAtOffset(this.resyncFrom, message('problemPcapNoRecordAfterDamage'));
    } else {
      this.problems.sayAtOffset(offset, message('problemPcapRecordTruncated', { record: this.frameNumber + 1, have, need }));
    }
  }

  private readFileHeader(buf: Uint8Array, pos: number, end: number): number {
    if (end - pos < FILE_HEADER_BYTES) return needBytes(FILE_HEADER_BYTES);
    const magic = u32(buf, pos, false);
    switch (magic) {
      case PcapMagic.MICROS_BE:
        break;
      case PcapMagic.MICROS_LE:
        this.littleEndian = true;
        break;
      case PcapMagic.NANOS_BE:
        this.nanosecond = true;
        break;
      case PcapMagic.NANOS_LE:
        this.nanosecond = this.littleEndian = true;
        break;
      case PcapMagic.KUZNETZOV_BE:
        this.recordHeaderBytes = 24;
        break;
      case PcapMagic.KUZNETZOV_LE:
        this.recordHeaderBytes = 24;
        this.littleEndian = true;
        break;
      default:
        this.problems.sayAtOffset(0, message('problemPcapNotPcap'));
        this.stop();
        return FILE_HEADER_BYTES;
    }
    const snapLength = u32(buf, pos + 16, this.littleEndian);
    // Some writers put 0 or a wrong small value here; libpcap then still reads records up to its own maximum.
    if (snapLength > MAX_RECORD_BYTES) this.maxCapturedLength = Math.min(snapLength, 16 * MAX_RECORD_BYTES);
    // The upper bits carry the FCS length flags (pcap-savefile(5)); the link type is the low 16 bits.
    this.linkType = u32(buf, pos + 20, this.littleEndian) & 0xffff;
    this.haveHeader = true;
    return FILE_HEADER_BYTES;
  }

  /** The record at `pos` of `buf` (`view`: a DataView of it), whose data is `capturedLength` bytes. */
  private emit(buf: Uint8Array, view: DataView, pos: number, offset: number, capturedLength: number): void {
    const le = this.littleEndian;
    const seconds = view.getUint32(pos, le);
    const fraction = view.getUint32(pos + 4, le);
    const nanos = this.nanosecond ? fraction : fraction * 1000;
    const number = ++this.frameNumber;
    const originalLength = view.getUint32(pos + 12, le);
    const dataStart = pos + this.recordHeaderBytes;
    const dataEnd = dataStart + capturedLength;
    this.previousSeconds = seconds;
    if (this.direct && this.sink.takeCommonFrame!(this.linkType, buf, view, dataStart, dataEnd, originalLength, number, seconds, nanos, offset)) return;
    const f = this.frame;
    f.number = number;
    f.setTime(seconds, nanos);
    f.linkType = this.linkType;
    f.originalLength = originalLength;
    f.setBytes(buf, dataStart, dataEnd);
    f.offset = offset;
    f.interfaceId = 0;
    this.sink.onFrame(f);
  }

  /** Whether a record header at `at` could be a real one. */
  private plausibleHeader(buf: Uint8Array, at: number): boolean {
    const le = this.littleEndian;
    const seconds = u32(buf, at, le);
    const fraction = u32(buf, at + 4, le);
    const captured = u32(buf, at + 8, le);
    const original = u32(buf, at + 12, le);
    if (fraction >= (this.nanosecond ? 1e9 : 1e6)) return false;
    if (captured > this.maxCapturedLength || captured > original || original > 16 * MAX_RECORD_BYTES) return false;
    if (this.previousSeconds >= 0 && Math.abs(seconds - this.previousSeconds) > RESYNC_TIME_WINDOW_SECONDS) return false;
    return true;
  }

  /**
   * Byte by byte after a damaged record header, look for a record header
   * that is plausible and followed by another plausible header (or the end
   * of the file); rejected positions are consumed in one run.
   */
  private resync(buf: Uint8Array, pos: number, end: number, offset: number, atEnd: boolean): number {
    const headerBytes = this.recordHeaderBytes;
    for (let at = pos; at < end; at++) {
      if (end - at < headerBytes) {
        if (at > pos) return at - pos;
        if (!atEnd) return needBytes(headerBytes);
        this.problems.sayAtOffset(this.resyncFrom, message('problemPcapNoRecordAfterDamage'));
        this.stop();
        return end - pos;
      }
      if (!this.plausibleHeader(buf, at)) continue;
      const recordEnd = at + headerBytes + u32(buf, at + 8, this.littleEndian);
      let confirmed: boolean;
      if (end - recordEnd >= headerBytes) confirmed = this.plausibleHeader(buf, recordEnd);
      else if (atEnd) confirmed = recordEnd === end;
      else {
        // Need the candidate and the header after it before deciding.
        if (at > pos) return at - pos;
        return needBytes(recordEnd - pos + headerBytes);
      }
      if (!confirmed) continue;
      if (at > pos) return at - pos;
      this.resyncing = false;
      this.problems.sayAtOffset(offset, message('problemPcapResynchronised', { offset, skipped: offset - this.resyncFrom }));
      return this.step(buf, pos, end, offset, atEnd);
    }
    return end - pos;
  }
}

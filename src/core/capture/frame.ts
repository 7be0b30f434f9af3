/**
 * What a container reader (pcap, pcapng) hands on for every record: one
 * reused instance, valid only during the callback, so reading a capture
 * allocates nothing per frame.
 */
const EMPTY = new Uint8Array(0);

export class CapturedFrame {
  /** 1-based, counting every packet record of the file (Wireshark's frame.number). */
  number = 0;
  /** Seconds since the Unix epoch, as a float. */
  time = 0;
  /** The same instant exactly: whole seconds and nanoseconds (a float cannot keep nanoseconds at today's epoch). */
  seconds = 0;
  nanos = 0;
  /** LINKTYPE_* value of the frame's interface. */
  linkType = 0;
  /** The captured bytes are bytes[start, end): the reader's buffer, not a copy. */
  bytes: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  private view: Uint8Array | null = EMPTY;
  /** Length of the frame on the wire (may exceed data.length when a snap length cut it). */
  originalLength = 0;
  /** Byte offset of the record in the (decompressed) file. */
  offset = 0;
  /** pcapng interface id (0 for pcap). */
  interfaceId = 0;

  /** The captured bytes as an array of their own (a view made on first use: the decoder reads `bytes` in place). */
  get data(): Uint8Array {
    return (this.view ??= this.bytes.subarray(this.start, this.end));
  }

  set data(data: Uint8Array) {
    this.bytes = this.view = data;
    this.start = 0;
    this.end = data?.length ?? 0;
  }

  /** Where the captured bytes are, without making a view of them. */
  setBytes(bytes: Uint8Array, start: number, end: number): void {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.view = null;
  }

  setTime(seconds: number, nanos: number): void {
    this.seconds = seconds;
    this.nanos = nanos;
    this.time = seconds + nanos / 1e9;
  }
}

export interface FrameSink {
  onFrame(frame: CapturedFrame): void;
  /**
   * A record too damaged to read: its frame number is used up, so that the
   * frames after a resynchronisation keep numbers one per record.
   */
  onDamagedFrame?(frameNumber: number, offset: number): void;
  /**
   * Offered each frame first, as bytes rather than a CapturedFrame (its time
   * as whole seconds and nanoseconds, as CapturedFrame.setTime takes them:
   * small integers, where a time in seconds would be a number boxed per
   * frame), with a DataView of the same bytes: true when the sink took it
   * whole, and `onFrame` is then not called for it.
   */
  takeCommonFrame?(linkType: number, bytes: Uint8Array, view: DataView, start: number, end: number, originalLength: number, frameNumber: number, seconds: number, nanos: number, offset: number): boolean;
}

/** Linux and Wireshark refuse records larger than this (WTAP_MAX_PACKET_SIZE_STANDARD). */
export const MAX_RECORD_BYTES = 262144;

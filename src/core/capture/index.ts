/**
 * Binary captures (pcap, pcapng, optionally gzip-compressed) to the
 * DecodedCapture every analysis starts from. `decodeBinaryCapture` takes the
 * whole file; `BinaryCaptureDecoder` takes it in chunks.
 */
import { CaptureReader } from './captureReader';
import { CapturedFrame, FrameSink } from './frame';
import { DecodedCapture, UnreadableInputError } from '../decoded';
import { message, type Message } from '../explain/message';
import { FrameOffsetRecorder } from '../frameLines';
import { NameTable } from '../names';
import { PacketTable, SegmentFields } from '../packets';
import { FanOutProblemLog, ProblemLog } from '../problems';
import { SegmentDecoder } from './segmentDecoder';
import { DirectSegments } from './directSegments';

export { sniffCaptureFormat, type CaptureFormat } from './sniff';
export { CaptureReader } from './captureReader';
export { CapturedFrame, type FrameSink, MAX_RECORD_BYTES } from './frame';
export { LinkType, EtherType, LinkLayer, locateNetworkLayer } from './linkLayer';
export { IpPacket, IpResult, IpProtocol, parseIp } from './ip';
export { parseTcp, TcpResult, TcpOptionKind } from './tcp';
export { SegmentDecoder } from './segmentDecoder';
export { IcmpQuote, parseIcmpUnreachable } from './icmpUnreachable';

export interface FrameObserver {
  /** Sees every frame before its segment is decoded (the text view, rendered in the same pass). */
  readonly frames: FrameSink;
  /** Receives the container reader's problems (damaged records, unreadable input) as well. */
  readonly readerProblems: ProblemLog;
}

export class BinaryCaptureDecoder implements FrameSink {
  readonly packets: PacketTable;
  readonly problems = new ProblemLog();
  private readonly reader: CaptureReader;
  private readonly segments: SegmentDecoder;
  /** Common frames straight into the table; null when every frame must go through `onFrame` (an observer sees each). */
  private readonly direct: DirectSegments | null;
  private readonly segment = new SegmentFields();
  private readonly offsets = new FrameOffsetRecorder();
  private failure: string | null = null;
  /** TCP segments decoded in all (a summary clears the table between chunks). */
  private segmentCount = 0;
  /** Of which taken by the direct path. */
  private directCount = 0;

  /**
   * `frameOffsets`: whether to record where each frame starts (the model's `frameLines`; a summary does without).
   * `directDecoding`: whether common frames skip the general decoder (the same packets either way; tests compare).
   */
  constructor(
    names: NameTable = new NameTable(),
    private readonly observer?: FrameObserver,
    private readonly frameOffsetsWanted = true,
    directDecoding = true,
  ) {
    this.packets = new PacketTable(names);
    // Read once decoded (`end` joins the blocks), unless a reader takes it over to read as it goes (a summary).
    this.packets.growsInBlocks = true;
    // Frame k is line k of the text view: a packet's line is its frame number.
    this.packets.shareLinesWithFrames();
    const readerProblems = observer ? new FanOutProblemLog([this.problems, observer.readerProblems]) : this.problems;
    this.segments = new SegmentDecoder(names, this.problems, this.packets.icmpErrors);
    this.direct = directDecoding && !observer ? new DirectSegments(this.packets, names) : null;
    this.reader = new CaptureReader(this, readerProblems);
  }

  /** Why reading stopped early because of a defect in TCP Lens (never the input's fault), or null. */
  get internalError(): string | null {
    return this.failure;
  }

  /** Frames read so far. */
  get framesRead(): number {
    return this.reader.frameCount;
  }

  /** TCP segments that common frames gave straight to the table (see directSegments.ts). */
  get directSegments(): number {
    return this.directCount;
  }

  /** Where each frame's record starts in the (decompressed) input, frame k at index k - 1. */
  get frameOffsets(): Float64Array {
    return this.offsets.result(this.reader.frameCount);
  }

  /** Why nothing of the input can be read, once that is certain; null otherwise. */
  get unreadable(): Message | null {
    return this.reader.unreadable;
  }

  /** Feeds the next bytes of the file. Throws UnreadableInputError as soon as the file is known to be unreadable. */
  push(chunk: Uint8Array): void {
    if (this.failure !== null) return;
    try {
      this.reader.push(chunk);
    } catch (e) {
      this.internalFailure(e);
    }
    if (this.reader.unreadable !== null) throw new UnreadableInputError(this.reader.unreadable);
  }

  /** Ends the input and returns the decoded capture. Throws UnreadableInputError when nothing could be read. */
  end(): DecodedCapture {
    if (this.failure === null) {
      try {
        this.reader.end();
      } catch (e) {
        this.internalFailure(e);
      }
    }
    if (this.reader.unreadable !== null) throw new UnreadableInputError(this.reader.unreadable);
    this.segments.finish();
    if (this.packets.growsInBlocks) this.packets.joinBlocks();
    if (this.segmentCount === 0 && this.reader.frameCount > 0 && this.problems.count === 0) {
      // Never silently empty: a capture that gives no packet and no other problem says so.
      this.problems.sayAtOffset(0, message('problemNoTcpInFrames', { count: this.reader.frameCount }));
    }
    return {
      format: this.reader.format ?? 'pcap',
      gzip: this.reader.gzip,
      packets: this.packets,
      frameCount: this.reader.frameCount,
      problems: this.problems,
    };
  }

  onFrame(frame: CapturedFrame): void {
    if (this.frameOffsetsWanted) this.offsets.record(frame.number, frame.offset);
    this.observer?.frames.onFrame(frame);
    const s = this.segment;
    if (this.segments.decode(frame, s)) {
      this.packets.append(s);
      this.segmentCount++;
    }
  }

  takeCommonFrame(linkType: number, bytes: Uint8Array, view: DataView, start: number, end: number, originalLength: number, frameNumber: number, seconds: number, nanos: number, offset: number): boolean {
    if (this.direct === null || !this.direct.append(linkType, bytes, view, start, end, originalLength, frameNumber, seconds, nanos)) return false;
    if (this.frameOffsetsWanted) this.offsets.record(frameNumber, offset);
    this.segmentCount++;
    this.directCount++;
    return true;
  }

  onDamagedFrame(frameNumber: number, offset: number): void {
    if (this.frameOffsetsWanted) this.offsets.record(frameNumber, offset);
    this.observer?.frames.onDamagedFrame?.(frameNumber, offset);
  }

  /** A bug must not lose the packets read so far: it becomes a problem and reading stops. */
  private internalFailure(e: unknown): void {
    const why = e instanceof Error ? e.message : String(e);
    this.failure = why;
    this.problems.sayAtOffset(0, message('problemReadingStopped', { why }));
  }
}

/** Decodes a whole binary capture held in memory. Throws only UnreadableInputError. */
export function decodeBinaryCapture(bytes: Uint8Array, names?: NameTable): DecodedCapture {
  const decoder = new BinaryCaptureDecoder(names);
  decoder.push(bytes);
  return decoder.end();
}

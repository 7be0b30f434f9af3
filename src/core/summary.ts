/**
 * A capture's summary, streamed: its connections, findings and problems,
 * without the per-packet table, in memory bounded by the connections open at
 * once rather than by the packets. Packets are read a chunk at a time through
 * a small table, analysed by the same steps as the whole model
 * (`PacketAnalysis`) and let go; a connection is written out (`onConnection`)
 * once it has closed (both endpoints CLOSED or TIME_WAIT) and been silent for
 * `closeDelay` seconds of capture time, as Zeek writes its conn.log, and the
 * rest at the end. Its summary then agrees with the whole model's, except
 * where a packet of its 4-tuple comes after it was written out: that packet
 * begins a new connection. What the capture-wide findings (SYN floods, port
 * scans) need is kept of every connection: a few numbers each.
 */
import { BinaryCaptureDecoder, sniffCaptureFormat } from './capture';
import { looksLikeBinaryData } from './capture/sniff';
import { ChunkIntake, type ChunkReader } from './chunkIntake';
import type { AnalysisOptions } from './analyze';
import { UnreadableInputError, type InputFormat } from './decoded';
import { endpointOf } from './endpointText';
import { formatMessage, message } from './explain/message';
import type { ConnectionRecord, Finding } from './model/captureModel';
import { PacketAnalysis } from './model/analysis';
import { C2S, type Connection, S2C } from './model/connection';
import { FindingCollector } from './model/findings';
import { countedEvents, STATE_NAMES, TcpState } from './model/vocabulary';
import type { TcpStateName } from './model/captureModel';
import { NameTable } from './names';
import { PacketTable } from './packets';
import { Problem, ProblemLog } from './problems';
import { TcpdumpTextDecoder } from './text/decoder';
import { TextBytes } from './text/textBytes';
import { TextChunkReader } from './text/textChunkReader';
import { TextPieceReader } from './text/textReading';

export interface SummaryOptions extends AnalysisOptions {
  /**
   * Seconds of capture time a closed connection is kept after its last
   * packet before it is written out: 5 by default (Zeek's
   * `tcp_close_delay`); Infinity keeps every connection to the end.
   */
  readonly closeDelay?: number;
}

export const DEFAULT_CLOSE_DELAY = 5;

/** How many packets carried an analysis event (Wireshark's tag). */
export interface EventCount {
  readonly tag: string;
  readonly count: number;
}

/** A connection as the analysis JSON lists it, with how many of its packets carried each event. */
export type ConnectionSummary = Pick<
  ConnectionRecord,
  'id' | 'client' | 'server' | 'firstN' | 'lastN' | 'packets' | 'bytes' | 'start' | 'end' | 'handshake' | 'close' | 'finalState' | 'completeness' | 'rtt'
> & { readonly events: readonly EventCount[] };

export interface CaptureSummary {
  readonly fileName: string;
  readonly format: InputFormat;
  readonly gzip: boolean;
  /** Every frame or packet line of the input, TCP or not. */
  readonly frameCount: number;
  readonly packetCount: number;
  readonly connectionCount: number;
  /** Packets that carried each event, over the whole capture. */
  readonly events: readonly EventCount[];
  readonly findings: readonly Finding[];
  readonly problems: readonly Problem[];
  /** Set when nothing of the input could be read: a one-line reason (then no connection was written). */
  readonly unreadable?: string;
  /** Set when an exception escaped the analysis (a defect in TCP Lens). */
  readonly internalError?: string;
}

/**
 * Summarises a capture read in chunks (binary or tcpdump text), calling
 * `onConnection` for each connection as it is written out. Never throws.
 */
export function summarizeChunks(
  chunks: Iterable<Uint8Array>,
  fileName: string,
  onConnection: (connection: ConnectionSummary) => void,
  options: SummaryOptions = {},
): CaptureSummary {
  const summary = new ChunkedSummary(fileName, onConnection, options);
  for (const chunk of chunks) {
    summary.push(chunk);
    if (summary.stopped) break;
  }
  return summary.end();
}

/**
 * The same, for a caller that pushes the chunks (a worker reading a file,
 * reporting progress and checking for a cancel between chunks). Text is read
 * once: text that stops being UTF-8 after some non-ASCII text is read on as
 * Latin-1 (the whole model reads it again).
 */
export class ChunkedSummary {
  private readonly summary: Summary;
  private binary: BinaryCaptureDecoder | null = null;
  private text: { decoder: TcpdumpTextDecoder; reader: TextChunkReader; problems: ProblemLog } | null = null;
  private readonly intake: ChunkIntake;

  constructor(
    private readonly fileName: string,
    onConnection: (connection: ConnectionSummary) => void,
    options: SummaryOptions = {},
  ) {
    this.summary = new Summary(new NameTable(), onConnection, options);
    this.intake = new ChunkIntake((first) => this.start(first), options.onProgress, options.inputBytes);
  }

  push(chunk: Uint8Array): void {
    this.intake.push(chunk);
  }

  /** Whether reading has stopped (the input is known to be unreadable): the chunks left need not be read. */
  get stopped(): boolean {
    return this.intake.stopped;
  }

  /** The end of the input: the connections not written yet are, and the summary is complete. Never throws. */
  end(): CaptureSummary {
    try {
      this.intake.finish();
      return this.binary !== null ? this.endBinary(this.binary) : this.endText();
    } catch (e) {
      const reason = e instanceof UnreadableInputError ? e.reason : message('problemInternalError', { why: e instanceof Error ? e.message : String(e) });
      const problems = new ProblemLog();
      problems.say(null, null, reason);
      return {
        ...this.summary.end(this.fileName, 'tcpdump-text', false, 0, problems.list()),
        unreadable: formatMessage(reason),
        ...(!(e instanceof UnreadableInputError) && { internalError: e instanceof Error ? e.message : String(e) }),
      };
    }
  }

  private start(first: Uint8Array): ChunkReader {
    const summary = this.summary;
    if (sniffCaptureFormat(first) !== null) {
      const binary = (this.binary = new BinaryCaptureDecoder(summary.packets.names, undefined, false));
      // The decoder's table is the summary's: read through a chunk at a time.
      summary.readThrough(binary.packets);
      return (chunk) => {
        binary.push(chunk);
        summary.analyseRead();
      };
    }
    if (looksLikeBinaryData(first)) throw new UnreadableInputError(message('unreadableNotACapture'));
    const problems = new ProblemLog();
    const decoder = new TcpdumpTextDecoder(summary.packets, problems, false);
    // Times printed with -ttt or -ttttt are final only at the end: the packets are then held until it.
    const reader = new TextPieceReader(decoder, problems, undefined, () => {
      if (decoder.packetsFinal) summary.analyseRead();
    });
    const chunks = new TextChunkReader(decoder, new TextBytes(false, false), reader);
    this.text = { decoder, reader: chunks, problems };
    return (chunk) => chunks.push(chunk);
  }

  private endBinary(decoder: BinaryCaptureDecoder): CaptureSummary {
    const decoded = decoder.end();
    this.summary.analyseRead();
    const result = this.summary.end(this.fileName, decoded.format, decoded.gzip, decoded.frameCount, decoded.problems.list());
    return decoder.internalError === null ? result : { ...result, internalError: decoder.internalError };
  }

  private endText(): CaptureSummary {
    const { decoder, reader, problems } = this.text!;
    reader.end();
    const { frameCount } = decoder.end();
    this.summary.analyseRead();
    if (frameCount === 0) throw new UnreadableInputError(message('unreadableNotACapture'));
    return this.summary.end(this.fileName, 'tcpdump-text', false, frameCount, problems.list());
  }
}


class Summary {
  packets: PacketTable;
  private readonly live = new Set<Connection>();
  private readonly analysis: PacketAnalysis;
  private readonly findings: FindingCollector;
  private readonly closeDelay: number;
  /** Packets analysed before the table's first row. */
  private analysed = 0;
  private readonly eventTotals = new Float64Array(16);

  constructor(
    private readonly names: NameTable,
    private readonly onConnection: (connection: ConnectionSummary) => void,
    options: SummaryOptions,
  ) {
    this.packets = new PacketTable(names);
    this.analysis = new PacketAnalysis(null, this.live, true, true);
    this.findings = new FindingCollector(names, options.thresholds);
    this.closeDelay = options.closeDelay ?? DEFAULT_CLOSE_DELAY;
  }

  /** The table a decoder fills: the one `analyseRead` reads. */
  readThrough(packets: PacketTable): void {
    packets.growsInBlocks = false;
    this.packets = packets;
  }

  /** Analyses the packets read since the last call, empties the table, and writes out the connections that are done. */
  analyseRead(): void {
    const p = this.packets;
    if (p.length === 0) return;
    for (let row = 0; row < p.length; row++) this.analysis.step(p, row, this.analysed + row);
    this.analysed += p.length;
    p.clear();
    this.analysis.dropMatchedIcmpErrors(p.icmpErrors);
    if (this.closeDelay !== Infinity) this.writeClosed();
  }

  /** The connections closed and silent for closeDelay, oldest first. */
  private writeClosed(): void {
    const quietSince = this.analysis.lastTime - this.closeDelay;
    // forEach rather than for…of: run after every chunk over every live connection, an iterator result each would add up.
    this.live.forEach((c) => {
      if (c.lastTime <= quietSince && c.pendingStates === null && closed(c)) this.write(c);
    });
  }

  private write(c: Connection): void {
    this.analysis.finish(c);
    this.findings.add(c);
    if (c.eventCounts !== null) for (let bit = 0; bit < 16; bit++) this.eventTotals[bit] += c.eventCounts[bit];
    const summary = connectionSummary(c, this.names);
    this.analysis.forget(c);
    this.onConnection(summary);
  }

  /** The end of the capture: the ICMP errors after the last packet, the connections still open, the findings. */
  end(fileName: string, format: InputFormat, gzip: boolean, frameCount: number, problems: Problem[]): CaptureSummary {
    this.analysis.icmpErrorsBefore(this.packets.icmpErrors, Infinity);
    for (const c of [...this.live]) this.write(c);
    return {
      fileName,
      format,
      gzip,
      frameCount,
      packetCount: this.analysed,
      connectionCount: this.analysis.tracker.count,
      events: countedEvents(this.eventTotals),
      findings: this.findings.findings(this.analysis.lastTime),
      problems,
    };
  }
}

function closed(c: Connection): boolean {
  const done = (state: TcpState) => state === TcpState.CLOSED || state === TcpState.TIME_WAIT;
  return done(c.endpointState(C2S)) && done(c.endpointState(S2C));
}

function connectionSummary(c: Connection, names: NameTable): ConnectionSummary {
  return {
    id: c.id,
    client: endpointOf(names, c.clientAddress, c.clientPort),
    server: endpointOf(names, c.serverAddress, c.serverPort),
    firstN: c.firstFrame,
    lastN: c.lastFrame,
    packets: c.packets,
    bytes: { c2s: c.bytesSent(C2S), s2c: c.bytesSent(S2C) },
    start: c.firstTime,
    end: c.lastTime,
    handshake: c.handshake,
    close: c.close,
    finalState: { client: STATE_NAMES[c.finalClientState] as TcpStateName, server: STATE_NAMES[c.finalServerState] as TcpStateName },
    completeness: c.completeness,
    rtt: c.rtt < 0 ? null : c.rtt,
    events: c.eventCounts === null ? [] : countedEvents(c.eventCounts),
  };
}


/**
 * Reads tcpdump 4.x (and 3.x-style) text output line by line into a
 * PacketTable. Every line that starts a frame counts in `n`, TCP or not;
 * lines that continue a frame (the -v TCP line, hex and ASCII dumps, HTTP
 * headers, the quote of an ICMP error) belong to it; anything else is
 * reported as a problem and skipped. ICMP unreachables about TCP go to the
 * table's icmpErrors.
 *
 * Text pasted from tutorials, chat and tickets (pasted-line.ts, looseTcp.ts)
 * is read as the segments it most plausibly shows, each such line with one
 * problem saying what was assumed. A frame that names a TCP segment it
 * cannot give is never dropped without a problem.
 */
import { FrameLineRecorder } from '../frameLines';
import { IcmpError } from '../icmpErrors';
import type { FrameLines } from '../model/captureModel';
import { PacketTable, SegmentFields } from '../packets';
import { message } from '../explain/message';
import { ProblemLog } from '../problems';
import { EndpointReader } from './endpoints';
import { FramePlace, IcmpErrorReader } from './icmpErrors';
import { LineCursor, SPACE, TAB, findInLine, matchesAt, tokenStart } from './lineCursor';
import { isBlank, isIndentedContinuation, looksLikeAsciiDumpStart, looksLikeDecoderDetail, looksLikeUntimedFrame } from './lineKinds';
import { LooseRead, LooseTcpReader } from './looseTcp';
import {
  LeadingResidue,
  NotePlace,
  NumberPrefix,
  ReadingNotes,
  isOnlyResidue,
  leadingResidueNote,
  mayHoldEndpointPair,
  readingProblem,
  trailingResidueNote,
  trailingResidueStart,
} from './pastedLine';
import { PlainFrameLine } from './plainFrameLine';
import { SequenceResolver } from './sequenceNumbers';
import { PrintedNumbers, isOldStyleTcp, readModernTcp } from './tcpFields';
import { TimeStyle, Timestamp, readTimestamp } from './timestamps';
import { endsWithVxlanHeader, opensInnerPacket, tunnelScopeIn } from './tunnelLines';
import { SkippedLines, quietTcpLength } from './skippedLines';

const enum TcpPart {
  /** The line holds no TCP segment (ARP, UDP, the -v IPv4 header line ...). */
  None,
  Read,
  /** It has a TCP segment that could not be read. */
  Unreadable,
  /** The loose reader (loose-tcp.ts) has read it already. */
  ReadLoosely,
}

const FLAGS_MARKER = ': Flags [';
const QUIET_MARKER = ': tcp ';
const PREVIEW_LENGTH = 80;
const PROGRESS_STEP = 1 << 18;
/** Relative times are read as -ttt deltas when more than 1 in this many do not go up. */
const DELTA_STALL_SHARE = 5;

export class TcpdumpTextDecoder {
  private readonly cursor = new LineCursor();
  private readonly timestamp = new Timestamp();
  private readonly fields = new SegmentFields();
  private readonly printed = new PrintedNumbers();
  private readonly endpoints: EndpointReader;
  private readonly sequences = new SequenceResolver();
  private readonly icmpErrors: IcmpErrorReader;
  private readonly place: FramePlace = { frame: 0, line: 0, time: 0 };
  private readonly frameLines: FrameLineRecorder;
  private readonly loose: LooseTcpReader;
  /** What was assumed to read the open frame's line, for the problem put on it. */
  private readonly notes = new ReadingNotes();
  private readonly leadingResidue = new LeadingResidue();
  private readonly numberPrefix = new NumberPrefix();
  /** Reads frame lines of tcpdump's plainest form from their bytes (see `readPlainLine`). */
  readonly plainLine: PlainFrameLine;

  private text = '';
  /** The start of a line that the last piece ended inside of. */
  private carry = '';
  private lineNumber = 0;
  /** Characters of the text read in the pieces before the one being read, and when progress is next said. */
  private charsRead = 0;
  private nextProgress = PROGRESS_STEP;
  /** Whether the line before the one being read is blank (the first line counts as following one). */
  private previousLineBlank = true;
  /** Next index of FLAGS_MARKER at or after the current line, so the search never rescans the text. */
  private flagsMarkerAt = -1;
  private icmpMarkerAt = -1;

  private frameCount = 0;
  /** The last frame is still open: continuation lines belong to it. */
  private inFrame = false;
  /** The open frame's -A dump has started: every line up to the next frame is part of it. */
  private inAsciiDump = false;
  /** The open frame's line showed no TCP part, which -v prints on the next, indented line. */
  private tcpMayFollow = false;
  private frameLine = 0;
  private frameTime = 0;
  private frameIsRelative = false;
  /** Pasted text: the open frame's line was indented by this much (a markdown code block), or quoted. */
  private frameIndent = 0;
  private frameQuoted = false;
  /** The tunnel the open frame's TCP is inside of ("GRE key 1"), or ''; and VXLAN's inner frame still to come on the next line. */
  private frameTunnel = '';
  private innerLineFollows = false;
  /** Where the source endpoint of the last TCP part read starts. */
  private endpointsStart = 0;
  private lastTunnel = '';
  private lastTunnelScope = 0;
  private readonly skippedLines = new SkippedLines();

  /**
   * -ttt and -ttttt print alike. Times since the first frame rarely stay or
   * go down (only where frames share a time or are out of order), deltas
   * often do: see finish.
   */
  private previousRelative = 0;
  private relativeSum = 0;
  private relativeFrames = 0;
  private relativeStalls = 0;
  private readonly relativePackets: number[] = [];
  private readonly relativeSums: number[] = [];
  private readonly relativeIcmpErrors: IcmpError[] = [];
  private readonly relativeIcmpSums: number[] = [];

  /** `frameLines`: whether to record which lines each frame spans (the model's; a summary does without). */
  constructor(
    private readonly packets: PacketTable,
    private readonly problems: ProblemLog,
    frameLines = true,
  ) {
    this.frameLines = frameLines ? new FrameLineRecorder() : new FrameLineRecorder(false);
    this.endpoints = new EndpointReader(packets.names);
    this.icmpErrors = new IcmpErrorReader(packets.icmpErrors, this.endpoints);
    this.loose = new LooseTcpReader(this.endpoints);
    this.plainLine = new PlainFrameLine(packets.names);
  }

  /** Frames read so far. */
  get framesRead(): number {
    return this.frameCount;
  }

  /** `onProgress` hears the characters read so far, about every PROGRESS_STEP of them. */
  decode(text: string, onProgress?: (done: number, total: number) => void): { frameCount: number; frameLines: FrameLines } {
    this.push(text, onProgress && ((done) => onProgress(done, text.length)));
    return this.end();
  }

  /**
   * The next piece of the text, cut anywhere: its lines are read now, except
   * from the start of the last line the piece shows the first character of
   * that is not a space or a tab: that line, a line it ends inside of, and a
   * line whose continuation may still come (a pasted line reads fields
   * wrapped onto the indented lines after it: looseTcp.ts) are read once the
   * rest comes. Only the piece being read and those lines are held, never the
   * whole text.
   */
  push(piece: string, onProgress?: (done: number) => void): void {
    // Lines before `from` go with the held text: those up to the piece's first line that starts unindented.
    let from = 0;
    if (this.carry !== '') {
      const lineStart = this.atLineStart ? 0 : piece.indexOf('\n') + 1;
      from = lineStart === 0 && !this.atLineStart ? -1 : firstUnindentedLineStart(piece, lineStart);
    }
    if (from < 0) {
      this.carry += piece;
      return;
    }
    const held = lastUnindentedLineStart(piece, from);
    if (this.carry !== '') {
      // The held lines and the piece's lines that may continue them, on their own: the piece itself is read where it is, not copied.
      const lines = this.carry + piece.slice(0, from);
      this.carry = '';
      this.readLines(lines, 0, lines.length, onProgress);
    }
    this.readLines(piece, from, held, onProgress);
    this.carry = held < piece.length ? piece.slice(held) : '';
  }

  /** Whether the text pushed so far ends with a whole line (or is empty): the next text starts a line. */
  get atLineStart(): boolean {
    return this.carry === '' || this.carry.endsWith('\n');
  }

  /**
   * The next line is the one `plainLine` has just read from its bytes, at a
   * line start (`length`: its characters with the newline): read as `push`
   * reads its text, which readLine takes as a timed frame whose TCP part reads
   * whole, with nothing after it.
   */
  readPlainLine(length: number): void {
    // The lines held for what follows them: a plain line starts unindented, so it is what follows.
    if (this.carry !== '') {
      const held = this.carry;
      this.carry = '';
      this.readLines(held, 0, held.length);
    }
    this.plainLine.fill(this.fields, this.printed, this.timestamp);
    const lineNumber = ++this.lineNumber;
    // As readFrame reads it, with what it would find known: an absolute time; its endpoints follow the
    // protocol name alone (no tunnel); nothing after its fields (no residue); a new line (no notes).
    // The time goes from field to field: as an argument, a number that is not a small integer is a heap object.
    this.frameIsRelative = false;
    this.endpointsStart = 0;
    this.startFrame(lineNumber);
    this.frameTime = this.timestamp.seconds;
    this.tcpMayFollow = false;
    this.appendSegment();
    this.previousLineBlank = false;
    this.charsRead += length;
  }

  /** The end of the text: its last line, if it has no newline, and what was held until the end. */
  end(): { frameCount: number; frameLines: FrameLines } {
    if (this.carry !== '') {
      const last = this.carry;
      this.carry = '';
      this.readLines(last, 0, last.length);
    }
    // The table is whole: its rows are where their indices say from here on (finish writes some by index).
    if (this.packets.growsInBlocks) this.packets.joinBlocks();
    this.finish();
    return { frameCount: this.frameCount, frameLines: this.frameLines.result(this.packets) };
  }

  /** The lines of text[from, to): each ends with a newline, except at the end of the text. */
  private readLines(text: string, from: number, to: number, onProgress?: (done: number) => void): void {
    this.text = text;
    this.flagsMarkerAt = -1;
    this.icmpMarkerAt = -1;
    let start = from;
    while (start < to) {
      if (onProgress && this.charsRead + start - from >= this.nextProgress) {
        onProgress(this.charsRead + start - from);
        this.nextProgress = this.charsRead + start - from + PROGRESS_STEP;
      }
      const newline = text.indexOf('\n', start);
      const next = newline < 0 || newline >= to ? to : newline + 1;
      let end = newline < 0 || newline >= to ? to : newline;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      this.lineNumber++;
      this.readLine(start, end, this.lineNumber);
      this.previousLineBlank = isBlank(text, start, end);
      start = next;
    }
    this.charsRead += to - from;
    this.text = '';
  }

  /**
   * Whether the packets read so far may still change: times printed with
   * -ttt or -ttttt are told apart at the end (deltas are summed then), so
   * from the first such frame the table's packets are final only at `end`.
   */
  get packetsFinal(): boolean {
    return this.relativeFrames === 0;
  }

  private readLine(start: number, end: number, lineNumber: number): void {
    // `tcpdump -#` puts a frame number ("%5u  ") before the timestamp.
    const numbered = afterPacketNumber(this.text, start, end);
    if (numbered > start && (this.readTimedFrame(numbered, end, lineNumber) || this.readUntimedFrame(numbered, end, lineNumber))) return;
    if (this.readTimedFrame(start, end, lineNumber)) return;
    if (this.inFrame && matchesAt(this.text, start, end, ' [|')) {
      // tcpdump's mark of a frame cut short, on a line of its own (` [|llc]`): it ends the frame above.
      this.frameLines.extend(lineNumber);
      return;
    }
    if (this.innerLineFollows && this.inFrame && !isBlank(this.text, start, end)) {
      // VXLAN: the inner frame, printed on an unindented line of its own, belongs to the frame above.
      this.innerLineFollows = false;
      this.frameLines.extend(lineNumber);
      this.readContinuedTcp(start, end, lineNumber);
      return;
    }
    const indented = isIndentedContinuation(this.text, start, end);
    if (!indented && this.readPrefixedFrame(start, end, lineNumber)) return;
    const tcpMayFollow = this.tcpMayFollow;
    this.tcpMayFollow = false;
    if (isBlank(this.text, start, end)) {
      // -A prints the payload's empty lines, -v indents them with a tab; other blank lines belong to a frame only if it continues after them.
      if (this.inFrame && (this.inAsciiDump || this.text.charCodeAt(start) === TAB)) this.frameLines.extend(lineNumber);
      return;
    }
    if (indented) {
      if (this.readIndentedFrame(start, end, lineNumber)) return;
      if (!this.inFrame) return this.reportGarbage(start, end, lineNumber);
      this.frameLines.extend(lineNumber);
      if (tcpMayFollow) this.readContinuedTcp(start, end, lineNumber);
      else if (this.icmpErrors.awaitingQuote) this.icmpErrors.readQuoteLine(this.text, start, end);
      return;
    }
    if (this.readUntimedFrame(start, end, lineNumber)) return;
    if (this.inFrame && (this.inAsciiDump || looksLikeAsciiDumpStart(this.text, start, end))) {
      // A pasted line in backticks looks like the start of an IPv6 dump ('`' is its first byte); a dump never reads as TCP.
      if (!this.inAsciiDump && mayHoldEndpointPair(this.text, start, end) && this.readPastedFrame(start, end, lineNumber)) return;
      this.inAsciiDump = true;
      this.frameLines.extend(lineNumber);
      return;
    }
    if (this.inFrame && looksLikeDecoderDetail(this.text, start, end)) {
      this.frameLines.extend(lineNumber);
      return;
    }
    if (this.readPastedFrame(start, end, lineNumber)) return;
    this.reportGarbage(start, end, lineNumber);
  }

  /**
   * A line pasted with a quote marker, list bullet, prompt, backticks or an
   * HTML tag before tcpdump's text, or TCP/IP Illustrated's `NUMBER TIME
   * (DELTA)` prefix.
   */
  private readPrefixedFrame(start: number, end: number, lineNumber: number): boolean {
    const text = this.text;
    let body: number;
    let residue: boolean;
    if (this.leadingResidue.read(text, start, end)) {
      body = this.leadingResidue.end;
      residue = true;
    } else if (this.numberPrefix.read(text, start)) {
      body = this.numberPrefix.end;
      residue = false;
    } else {
      return false;
    }
    if (isIndentedContinuation(text, body, end)) {
      // Quoted -v output: the TCP line under a quoted IPv4 header line belongs to it.
      if (!this.inFrame || !this.frameQuoted) return false;
      if (this.tcpMayFollow) {
        this.tcpMayFollow = false;
        this.readContinuedTcp(body, end, lineNumber);
      }
      return true;
    }
    while (body < end && text.charCodeAt(body) === SPACE) body++;
    // Most lines starting so are text (an -A dump's, a prompt's): no note is made for them.
    const timed = readTimestamp(this.cursor.at(text, body, end), this.timestamp);
    if (!timed && !looksLikeUntimedFrame(text, body) && !this.hasFlagsMarker(body, end)) return false;
    const note = residue ? leadingResidueNote(this.leadingResidue.textIn(text)) : this.numberPrefix.describe();
    this.notes.add(lineNumber, note, NotePlace.Start);
    if (timed ? this.readTimedFrame(body, end, lineNumber) : this.readUntimedFrame(body, end, lineNumber, residue ? 0 : Math.max(0, this.numberPrefix.time))) {
      this.frameQuoted = true;
      return true;
    }
    this.notes.clear(lineNumber);
    return false;
  }

  /**
   * Pasted text indented as a block (a markdown code block): its lines are
   * frames of their own, not continuations, unless indented deeper than the
   * frame above. tcpdump's own frame lines are never indented.
   */
  private readIndentedFrame(start: number, end: number, lineNumber: number): boolean {
    let body = start;
    while (body < end && (this.text.charCodeAt(body) === SPACE || this.text.charCodeAt(body) === TAB)) body++;
    const indent = body - start;
    if (this.inFrame ? this.frameIndent === 0 || indent > this.frameIndent : !this.previousLineBlank) return false;
    if (
      this.readTimedFrame(body, end, lineNumber) ||
      this.readPrefixedFrame(body, end, lineNumber) ||
      this.readUntimedFrame(body, end, lineNumber) ||
      this.readPastedFrame(body, end, lineNumber)
    ) {
      if (this.frameLine === lineNumber) this.frameIndent = indent;
      return true;
    }
    if (!this.inFrame) return false;
    this.reportGarbage(start, end, lineNumber);
    return true;
  }

  /** A line only a loose reading takes for a TCP segment: `10.0.0.1:80 > ...`, `&gt;`, words before the endpoints. */
  private readPastedFrame(start: number, end: number, lineNumber: number): boolean {
    if (this.loose.readLine(this.text, start, end, this.fields, this.printed) !== LooseRead.Read) return false;
    // Its time (if any) is read as it reads, not as -ttt deltas summed.
    this.frameIsRelative = false;
    this.readFrame(start, end, lineNumber, Math.max(0, this.loose.time), TcpPart.ReadLoosely);
    return true;
  }

  private readTimedFrame(start: number, end: number, lineNumber: number): boolean {
    if (!readTimestamp(this.cursor.at(this.text, start, end), this.timestamp)) return false;
    this.frameIsRelative = this.timestamp.style === TimeStyle.Relative;
    this.readFrame(this.cursor.pos, end, lineNumber, this.frameTimeOf(this.timestamp));
    return true;
  }

  private readUntimedFrame(start: number, end: number, lineNumber: number, time = 0): boolean {
    if (!looksLikeUntimedFrame(this.text, start) && !this.hasFlagsMarker(start, end)) return false;
    this.frameIsRelative = false;
    this.readFrame(start, end, lineNumber, time);
    return true;
  }

  private frameTimeOf(ts: Timestamp): number {
    if (ts.style !== TimeStyle.Relative) return ts.seconds;
    // From the third frame on: a -ttt delta is often not above the one before, a time since the first frame rarely.
    if (this.relativeFrames > 1 && ts.seconds <= this.previousRelative) this.relativeStalls++;
    this.relativeFrames++;
    this.previousRelative = ts.seconds;
    this.relativeSum += ts.seconds;
    return ts.seconds;
  }

  private readFrame(bodyStart: number, end: number, lineNumber: number, time: number, readAlready?: TcpPart): void {
    this.startFrame(lineNumber);
    this.frameTime = time;
    const part = readAlready ?? this.readTcpPart(bodyStart, end);
    this.tcpMayFollow = part === TcpPart.None;
    if (part !== TcpPart.ReadLoosely) this.noteTunnel(part, bodyStart, end);
    if (part === TcpPart.None) this.skippedLines.lineWithoutTcp(this.text, bodyStart, end, lineNumber);
    this.afterTcpPart(part, bodyStart, end, lineNumber);
  }

  /** A frame starts on this line (its time is set after this). */
  private startFrame(lineNumber: number): void {
    this.scopeIcmpErrorsOfFrame();
    this.frameCount++;
    this.frameLines.start(lineNumber);
    this.inFrame = true;
    this.inAsciiDump = false;
    this.frameLine = lineNumber;
    this.frameIndent = 0;
    this.frameQuoted = false;
    this.frameTunnel = '';
    this.innerLineFollows = false;
    this.icmpErrors.frameStarted();
  }

  /** The -v TCP (or ICMP) line under an IPv4 header line: it belongs to the frame above. */
  private readContinuedTcp(start: number, end: number, lineNumber: number): void {
    const part = this.readTcpPart(start, end);
    // A tunnel's outer header (-v) or VXLAN's line: the inner packet's TCP is still to come.
    if (part === TcpPart.None && opensInnerPacket(this.text, start, end)) this.tcpMayFollow = true;
    this.noteTunnel(part, start, end);
    if (part === TcpPart.None) this.skippedLines.lineWithoutTcp(this.text, start, end, this.frameLine);
    this.afterTcpPart(part, start, end, lineNumber);
  }

  /** The tunnel named before the inner endpoints of a line with TCP, or on a line that opens an inner packet. */
  private noteTunnel(part: TcpPart, start: number, end: number): void {
    if (part === TcpPart.Read) {
      // tcpdump's plain line has only its protocol name ("IP ") before the endpoints.
      if (this.endpointsStart - start > 4) {
        const tunnel = tunnelScopeIn(this.text, start, this.endpointsStart);
        if (tunnel !== '') this.frameTunnel = tunnel;
      }
    } else if (part === TcpPart.None) {
      // Also an ICMP error's line: the segment it quotes was inside the same tunnel.
      const tunnel = tunnelScopeIn(this.text, start, end);
      if (tunnel !== '') this.frameTunnel = tunnel;
      if (endsWithVxlanHeader(this.text, start, end)) this.innerLineFollows = true;
    }
  }

  private afterTcpPart(part: TcpPart, start: number, end: number, lineNumber: number): void {
    if (part === TcpPart.Read) {
      this.noteTrailingResidue(this.cursor.pos, end);
      this.appendSegment();
      this.reportReading(lineNumber);
      return;
    }
    // Not tcpdump's own text: read it loosely, or say why the segment is lost; never drop it silently.
    // -v's IPv4 header line (`IP (tos ...`) has its TCP part on the next line: nothing to read loosely.
    const verboseHeader = part === TcpPart.None && matchesAt(this.text, start, end, 'IP (');
    const loose =
      part === TcpPart.ReadLoosely ? LooseRead.Read : verboseHeader ? LooseRead.NotTcp : this.loose.readLine(this.text, start, end, this.fields, this.printed);
    if (loose === LooseRead.Read) {
      this.addLooseNotes();
      this.appendSegment();
      this.reportReading(lineNumber);
    } else if (part === TcpPart.Unreadable || loose === LooseRead.Unreadable) {
      this.notes.clear(this.frameLine);
      const reason = this.loose.unreadableReason;
      const line = this.problems.full ? '' : this.preview(start, end);
      this.problems.sayAtLine(
        lineNumber,
        reason === null ? message('problemUnreadableSegment', { line }) : message('problemUnreadableSegmentBecause', { reason, line }),
      );
    } else {
      this.readIcmpPart(start, end);
    }
  }

  /**
   * Residue after tcpdump's fields (`length 0<br/>`); on a line pasted with
   * residue before it, also residue after the protocol's text (`` - `...HTTP/1.1` ``).
   */
  private noteTrailingResidue(after: number, end: number): void {
    if (after >= end) return;
    const text = this.text;
    let cut = -1;
    if (isOnlyResidue(text, after, end)) cut = after;
    else if (this.notes.has(this.frameLine)) cut = trailingResidueStart(text, after, end);
    if (cut >= 0 && cut < end) this.notes.add(this.frameLine, trailingResidueNote(text.slice(cut, end)), NotePlace.End);
  }

  private addLooseNotes(): void {
    this.notes.addAll(this.frameLine, this.loose.notes, NotePlace.Fields);
    this.notes.addAll(this.frameLine, this.loose.startNotes, NotePlace.Start);
    this.notes.addAll(this.frameLine, this.loose.endNotes, NotePlace.End);
  }

  /** One problem on a line read with assumptions, saying what they were. */
  private reportReading(lineNumber: number): void {
    const notes = this.notes.take(this.frameLine);
    if (notes.length === 0) return;
    this.problems.sayAtLine(lineNumber, readingProblem(this.fields.flags, this.fields.len, notes));
  }

  /** A line without TCP: an ICMP unreachable, maybe (any "ICMP" in the line may start one). */
  private readIcmpPart(start: number, end: number): void {
    let at = this.icmpMarker(start);
    while (at < end) {
      const error = this.icmpErrors.readMessage(this.text, start, at, end, this.framePlace());
      if (error !== null) {
        if (this.frameIsRelative) {
          this.relativeIcmpErrors.push(error);
          this.relativeIcmpSums.push(this.relativeSum);
        }
        return;
      }
      at = findInLine(this.text, 'ICMP', at + 4, end);
      if (at < 0) return;
    }
  }

  private framePlace(): FramePlace {
    const place = this.place;
    place.frame = this.frameCount;
    place.line = this.frameLine;
    place.time = this.frameTime;
    return place;
  }

  private appendSegment(): void {
    const f = this.fields;
    f.frame = this.frameCount;
    f.line = this.frameLine;
    f.time = this.frameTime;
    this.sequences.resolve(f, this.printed);
    if (this.frameTunnel !== '') {
      // After the sequence numbers: tcpdump's relative numbers do not tell tunnels apart, the connections do.
      const scope = this.tunnelScopeId(this.frameTunnel);
      f.src = this.packets.names.internScoped(f.src, scope);
      f.dst = this.packets.names.internScoped(f.dst, scope);
    }
    const index = this.packets.append(f);
    if (this.frameIsRelative) {
      this.relativePackets.push(index);
      this.relativeSums.push(this.relativeSum);
    }
  }

  /** The ICMP errors the frame just read gave (an -v one is complete only after its quote): inside its tunnel, if any. */
  private scopeIcmpErrorsOfFrame(): void {
    if (this.frameTunnel === '') return;
    const errors = this.packets.icmpErrors;
    const names = this.packets.names;
    const scope = this.tunnelScopeId(this.frameTunnel);
    // The frame's own are the last ones (a summary drops matched ones from the front).
    for (let i = errors.length - 1; i >= 0 && errors[i].frame === this.frameCount; i--) {
      const error = errors[i];
      if (error.quotedSrc >= 0) error.quotedSrc = names.internScoped(error.quotedSrc, scope);
      if (error.quotedDst >= 0) error.quotedDst = names.internScoped(error.quotedDst, scope);
    }
  }

  private tunnelScopeId(tunnel: string): number {
    if (tunnel !== this.lastTunnel) {
      this.lastTunnel = tunnel;
      this.lastTunnelScope = this.packets.names.internScope(tunnel);
    }
    return this.lastTunnelScope;
  }

  /** Finds and reads a TCP segment in text[start, end) into this.fields. */
  private readTcpPart(start: number, end: number): TcpPart {
    const f = this.fields;
    f.reset();
    this.printed.reset();
    const text = this.text;
    const cur = this.cursor.at(text, start, end);

    const marker = this.flagsMarker(start, end);
    if (marker >= 0) {
      // A TCP header quoted inside an ICMP error is not a segment of its own.
      const icmp = this.icmpMarker(start);
      if (icmp >= start && icmp < marker) return TcpPart.None;
      if (!this.readEndpoints(start, marker) && !this.readPortsAfterExtensions(start, marker)) return TcpPart.Unreadable;
      cur.pos = marker + FLAGS_MARKER.length;
      return readModernTcp(cur, f, this.printed) ? TcpPart.Read : TcpPart.Unreadable;
    }

    // tcpdump -q: `SRC > DST: tcp N` (`A > B: HBH SPORT > DPORT: tcp N` after IPv6 extension headers).
    const quiet = findInLine(text, QUIET_MARKER, start, end);
    if (quiet >= 0) {
      const length = quietTcpLength(text, quiet + 2, end);
      if (length >= 0) return this.readQuietTcp(start, quiet, length);
    }

    // 3.x style: `SRC > DST: S 1:1(0) ...`; -e may put a MAC pair first.
    let arrow = findInLine(text, ' > ', start, end);
    for (let tries = 0; arrow >= 0 && tries < 3; tries++) {
      const colon = findInLine(text, ': ', arrow + 3, end);
      if (colon < 0) break;
      if (findInLine(text, ' ', arrow + 3, colon) < 0) {
        cur.pos = colon + 2;
        if (isOldStyleTcp(cur)) return this.readOldStyleTcp(start, colon);

        // `SRC > DST:` names the line's protocol: a TCP header after it is quoted (in an ICMP error).
        break;
      }
      arrow = findInLine(text, ' > ', arrow + 3, end);
    }
    return TcpPart.None;
  }

  /** tcpdump -q: `SRC > DST: tcp N`, a segment of N bytes whose flags and numbers are not shown. */
  private readQuietTcp(lineStart: number, dstEnd: number, length: number): TcpPart {
    if (!this.readEndpoints(lineStart, dstEnd) && !this.readPortsAfterExtensions(lineStart, dstEnd)) return TcpPart.Unreadable;
    this.fields.len = length;
    // No window is shown: the largest unscaled one, so that no zero-window event is made up.
    this.fields.win = 0xffff;
    this.cursor.pos = this.cursor.end;
    this.skippedLines.quietLine(this.frameLine);
    return TcpPart.Read;
  }

  /** tcpdump 3.x: `SRC > DST: S 1:1(0) ...`, the cursor at the flags. */
  private readOldStyleTcp(lineStart: number, dstEnd: number): TcpPart {
    if (!this.readEndpoints(lineStart, dstEnd)) return TcpPart.Unreadable;
    this.loose.readOldStyle(this.cursor, this.fields, this.printed);
    this.addLooseNotes();
    return TcpPart.Read;
  }

  /**
   * IPv6 with extension headers: `IP6 A > B: HBH SPORT > DPORT: Flags [...`
   * (tcpdump prints the addresses before the extension headers and the
   * ports alone after them), the ports ending at `dstEnd`.
   */
  private readPortsAfterExtensions(lineStart: number, dstEnd: number): boolean {
    const text = this.text;
    const endpoints = this.endpoints;
    const dportStart = tokenStart(text, lineStart, dstEnd);
    if (dportStart - 3 < lineStart || !matchesAt(text, dportStart - 3, dportStart, ' > ')) return false;
    const sportEnd = dportStart - 3;
    const sportStart = tokenStart(text, lineStart, sportEnd);
    const dport = endpoints.readPortOnly(text, dportStart, dstEnd);
    const sport = dport < 0 ? -1 : endpoints.readPortOnly(text, sportStart, sportEnd);
    if (sport < 0) return false;
    // The last `A > B: ` before the ports.
    let pair = -1;
    let pairEnd = -1;
    for (let arrow = findInLine(text, ' > ', lineStart, sportStart); arrow >= 0; arrow = findInLine(text, ' > ', arrow + 3, sportStart)) {
      const colon = findInLine(text, ': ', arrow + 3, sportStart);
      if (colon >= 0 && findInLine(text, ' ', arrow + 3, colon) < 0) {
        pair = arrow;
        pairEnd = colon;
      }
    }
    if (pair < 0) return false;
    const srcStart = tokenStart(text, lineStart, pair);
    const src = endpoints.readAddress(text, srcStart, pair);
    const dst = src < 0 ? -1 : endpoints.readAddress(text, pair + 3, pairEnd);
    if (dst < 0) return false;
    const f = this.fields;
    f.src = src;
    f.dst = dst;
    f.sport = sport;
    f.dport = dport;
    this.endpointsStart = srcStart;
    return true;
  }

  /** `SRC > DST` ending at `dstEnd` (where ": " follows), not before `lineStart`. */
  private readEndpoints(lineStart: number, dstEnd: number): boolean {
    const text = this.text;
    const dstStart = tokenStart(text, lineStart, dstEnd);
    if (dstStart - 3 < lineStart || !matchesAt(text, dstStart - 3, dstStart, ' > ')) return false;
    const srcEnd = dstStart - 3;
    const srcStart = tokenStart(text, lineStart, srcEnd);
    this.endpointsStart = srcStart;
    const f = this.fields;
    if (!this.endpoints.read(text, srcStart, srcEnd)) return false;
    f.src = this.endpoints.address;
    f.sport = this.endpoints.port;
    if (!this.endpoints.read(text, dstStart, dstEnd)) return false;
    f.dst = this.endpoints.address;
    f.dport = this.endpoints.port;
    return true;
  }

  private flagsMarker(start: number, end: number): number {
    if (this.flagsMarkerAt < start && this.flagsMarkerAt !== Infinity) {
      const at = this.text.indexOf(FLAGS_MARKER, start);
      this.flagsMarkerAt = at < 0 ? Infinity : at;
    }
    return this.flagsMarkerAt + FLAGS_MARKER.length <= end ? this.flagsMarkerAt : -1;
  }

  /** Next index of "ICMP" at or after `start` (cached like flagsMarkerAt). */
  private icmpMarker(start: number): number {
    if (this.icmpMarkerAt < start && this.icmpMarkerAt !== Infinity) {
      const at = this.text.indexOf('ICMP', start);
      this.icmpMarkerAt = at < 0 ? Infinity : at;
    }
    return this.icmpMarkerAt;
  }

  private hasFlagsMarker(start: number, end: number): boolean {
    return this.flagsMarker(start, end) >= 0;
  }

  private reportGarbage(start: number, end: number, lineNumber: number): void {
    this.inFrame = false;
    this.innerLineFollows = false;
    this.inAsciiDump = false;
    this.problems.sayAtLine(lineNumber, message('problemNotPacketLine', { line: this.problems.full ? '' : this.preview(start, end) }));
  }

  private preview(start: number, end: number): string {
    const cut = Math.min(end, start + PREVIEW_LENGTH);
    return JSON.stringify(this.text.slice(start, cut) + (cut < end ? '…' : ''));
  }

  /** -ttt: the printed times were deltas, so each packet's time is the running sum. */
  private finish(): void {
    this.scopeIcmpErrorsOfFrame();
    this.skippedLines.report(this.problems);
    const transitions = this.relativeFrames - 2;
    if (this.relativeStalls * DELTA_STALL_SHARE <= transitions) return;
    for (let i = 0; i < this.relativePackets.length; i++) {
      this.packets.time[this.relativePackets[i]] = this.relativeSums[i];
    }
    for (let i = 0; i < this.relativeIcmpErrors.length; i++) this.relativeIcmpErrors[i].time = this.relativeIcmpSums[i];
  }
}

/** Where the line's text starts after a `tcpdump -#` frame number ("    1  "), or `start` if it has none. */
/**
 * The first line start at or after `from` (a line start) whose first character the text shows and is
 * neither a space nor a tab; -1 when there is none.
 */
function firstUnindentedLineStart(text: string, from: number): number {
  for (let at = from; at < text.length; ) {
    const c = text.charCodeAt(at);
    if (c !== SPACE && c !== TAB) return at;
    const newline = text.indexOf('\n', at);
    if (newline < 0) return -1;
    at = newline + 1;
  }
  return -1;
}

/**
 * The last line start at or after `from` (a line start) whose first character the text shows and is
 * neither a space nor a tab; `from` when there is none after it.
 */
function lastUnindentedLineStart(text: string, from: number): number {
  for (let newline = text.lastIndexOf('\n'); newline >= from; newline = text.lastIndexOf('\n', newline - 1)) {
    const at = newline + 1;
    if (at < text.length) {
      const c = text.charCodeAt(at);
      if (c !== SPACE && c !== TAB) return at;
    }
    if (newline === 0) break;
  }
  return from;
}

function afterPacketNumber(text: string, start: number, end: number): number {
  let p = start;
  while (p < end && p - start < 10 && text.charCodeAt(p) === SPACE) p++;
  const digits = p;
  while (p < end && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57) p++;
  if (p === digits || !matchesAt(text, p, end, '  ')) return start;
  return p + 2;
}

/**
 * Every message between the extension host and the analysis worker (and,
 * for the diagram, the webview), declared once and imported by both sides.
 * Requests carry an id; every response names the request it answers. What
 * arrives is checked before it is used (`workerRequestOf`,
 * `workerResponseOf`): the other side is another thread, another bundle, and
 * possibly another version.
 */
import { CAPTURE_MODEL_VERSION, type CaptureModel, type FrameLines, type PacketColumns } from './core/model/captureModel';
import type { FindingThresholds } from './core/model/findings';
import type { Problem } from './core/problems';

/** What to analyse: a text document's text, or the bytes of a binary capture (rendered as text in the same pass). */
export type AnalysisSource =
  | { readonly kind: 'text'; readonly fileName: string; readonly text: string }
  | { readonly kind: 'capture'; readonly fileName: string; readonly bytes: Uint8Array; readonly renderText: boolean };

/** How to analyse, besides what: the user's settings. */
export interface AnalysisSettings {
  readonly thresholds?: Partial<FindingThresholds>;
}

/** The tcpdump -n text view of a binary capture, made in the same pass as its model. */
export interface CaptureTextView {
  /** The text as UTF-8 (lines joined by '\n', with a final newline): what the read-only file serves. */
  readonly utf8: Uint8Array;
  /** Its length in UTF-16 code units, as a TextDocument counts it. */
  readonly characters: number;
  /** Problems met while rendering (damaged records and the like). */
  readonly problems: readonly Problem[];
}

export interface AnalysisResult {
  readonly model: CaptureModel;
  /** For a 'capture' source with `renderText`. */
  readonly text?: CaptureTextView;
}

export type WorkerRequest = {
  readonly type: 'analyze';
  readonly id: number;
  readonly source: AnalysisSource;
  readonly settings: AnalysisSettings;
};

export type WorkerResponse =
  /** Bytes (binary capture) or characters (text) done of the total. Sent at a bounded rate. */
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | { readonly type: 'result'; readonly id: number; readonly result: AnalysisResult }
  /** The analysis threw past the core's own safety net: a defect, said in one line. */
  | { readonly type: 'failure'; readonly id: number; readonly message: string };

/** The buffers a result can hand over instead of copying: the model's columns and the text. */
export function transferablesOf(result: AnalysisResult): ArrayBuffer[] {
  const { packets, frameLines, connectionPackets } = result.model;
  const arrays: ArrayBufferView[] = [
    ...Object.values(packets),
    ...Object.values(frameLines),
    connectionPackets.start,
    connectionPackets.index,
  ];
  if (result.text) arrays.push(result.text.utf8);
  // A buffer may back several views, and may be listed only once.
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  return [...buffers];
}

// ---- checks on receipt ----------------------------------------------------------------------------

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

const THRESHOLD_NAMES: { readonly [K in keyof FindingThresholds]: true } = {
  synFloodMinHalfOpen: true,
  synFloodMinSources: true,
  portScanMinPorts: true,
  portScanMinFailedShare: true,
};

function checkSettings(value: unknown): string | undefined {
  if (!isRecord(value)) return 'settings is not an object';
  if (value.thresholds === undefined) return undefined;
  if (!isRecord(value.thresholds)) return 'thresholds is not an object';
  for (const [name, threshold] of Object.entries(value.thresholds)) {
    if (!Object.hasOwn(THRESHOLD_NAMES, name)) return `unknown threshold ${name}`;
    if (threshold !== undefined && !isCount(threshold)) return `threshold ${name} is not a number ≥ 0`;
  }
  return undefined;
}

function checkSource(value: unknown): string | undefined {
  if (!isRecord(value)) return 'source is not an object';
  if (typeof value.fileName !== 'string') return 'source.fileName is not a string';
  if (value.kind === 'text') return typeof value.text === 'string' ? undefined : 'source.text is not a string';
  if (value.kind === 'capture') {
    if (!(value.bytes instanceof Uint8Array)) return 'source.bytes is not a Uint8Array';
    return typeof value.renderText === 'boolean' ? undefined : 'source.renderText is not a boolean';
  }
  return `unknown source kind ${String(value.kind)}`;
}

/** A message received by the worker, if it is a well-formed request. */
export function workerRequestOf(message: unknown): Checked<WorkerRequest> {
  if (!isRecord(message)) return fail('the message is not an object');
  if (message.type !== 'analyze') return fail(`unknown request type ${String(message.type)}`);
  if (!isId(message.id)) return fail('the request has no id');
  const reason = checkSource(message.source) ?? checkSettings(message.settings);
  return reason ? fail(reason) : { ok: true, value: message as unknown as WorkerRequest };
}

type TypedArrayConstructorOf<T> = { new (length: number): T; readonly name: string; prototype: T };

/** Every column with the array type it must have: a key missing here does not compile. */
export const PACKET_COLUMN_TYPES: { readonly [K in keyof PacketColumns]: TypedArrayConstructorOf<PacketColumns[K]> } = {
  frame: Uint32Array,
  line: Uint32Array,
  time: Float64Array,
  src: Uint32Array,
  dst: Uint32Array,
  sport: Uint32Array,
  dport: Uint32Array,
  flags: Uint8Array,
  seqRaw: Uint32Array,
  ackRaw: Uint32Array,
  seq: Uint32Array,
  ack: Uint32Array,
  marks: Uint8Array,
  len: Uint32Array,
  win: Uint32Array,
  options: Uint8Array,
  mss: Uint16Array,
  wscale: Uint8Array,
  tsVal: Uint32Array,
  tsEcr: Uint32Array,
  sackStart: Uint32Array,
  sackCount: Uint8Array,
  sackEdges: Uint32Array,
  conn: Int32Array,
  dir: Uint8Array,
  srcState: Uint8Array,
  dstState: Uint8Array,
  events: Uint16Array,
};

/** Columns whose length is not the packet count. */
const VARIABLE_LENGTH_COLUMNS = new Set<keyof PacketColumns>(['sackEdges']);

export const FRAME_LINE_TYPES: { readonly [K in keyof FrameLines]: TypedArrayConstructorOf<FrameLines[K]> } = {
  frameFirstLine: Uint32Array,
  frameLastLine: Uint32Array,
  frameOffset: Float64Array,
};

function checkColumns(
  owner: string,
  value: unknown,
  types: Readonly<Record<string, abstract new (length: number) => ArrayBufferView & { readonly length: number }>>,
  length: number,
  variableLength: ReadonlySet<string> = new Set(),
): string | undefined {
  if (!isRecord(value)) return `${owner} is not an object`;
  for (const [name, type] of Object.entries(types)) {
    const column = value[name];
    if (!(column instanceof type)) return `${owner}.${name} is not a ${type.name}`;
    if (!variableLength.has(name) && column.length !== length) return `${owner}.${name} has ${column.length} rows, not ${length}`;
  }
  return undefined;
}

/**
 * The shape of a model from the other side: its version, its columns (types and lengths) and its
 * lists. Records inside the lists are trusted to the version check; walking them all would cost as
 * much as building them.
 */
export function checkCaptureModel(value: unknown): string | undefined {
  if (!isRecord(value)) return 'the model is not an object';
  if (value.modelVersion !== CAPTURE_MODEL_VERSION) return `model version ${String(value.modelVersion)}, expected ${CAPTURE_MODEL_VERSION}`;
  if (typeof value.fileName !== 'string') return 'model.fileName is not a string';
  if (!isId(value.packetCount) || !isId(value.frameCount)) return 'the model has no packet or frame count';
  const packetCount = value.packetCount;
  for (const list of ['addresses', 'portNames', 'connections', 'findings', 'problems'] as const) {
    if (!Array.isArray(value[list])) return `model.${list} is not an array`;
  }
  const columnsProblem =
    checkColumns('model.packets', value.packets, PACKET_COLUMN_TYPES, packetCount, VARIABLE_LENGTH_COLUMNS as ReadonlySet<string>) ??
    checkColumns('model.frameLines', value.frameLines, FRAME_LINE_TYPES, value.frameCount);
  if (columnsProblem) return columnsProblem;
  const connectionPackets = value.connectionPackets;
  if (!isRecord(connectionPackets)) return 'model.connectionPackets is not an object';
  const connections = (value.connections as unknown[]).length;
  if (!(connectionPackets.start instanceof Uint32Array) || connectionPackets.start.length !== connections + 1) {
    return 'model.connectionPackets.start does not have one entry per connection plus one';
  }
  if (!(connectionPackets.index instanceof Uint32Array)) return 'model.connectionPackets.index is not a Uint32Array';
  if (value.internalError !== undefined && typeof value.internalError !== 'string') return 'model.internalError is not a string';
  return undefined;
}

function checkTextView(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) return 'the text view is not an object';
  if (!(value.utf8 instanceof Uint8Array)) return 'the text view has no UTF-8 bytes';
  if (!isId(value.characters)) return 'the text view has no length';
  return Array.isArray(value.problems) ? undefined : 'the text view has no problem list';
}

/** A message received from the worker, if it is a well-formed response. */
export function workerResponseOf(message: unknown): Checked<WorkerResponse> {
  if (!isRecord(message)) return fail('the message is not an object');
  if (!isId(message.id)) return fail('the response names no request');
  let reason: string | undefined;
  switch (message.type) {
    case 'progress':
      reason = isCount(message.done) && isCount(message.total) ? undefined : 'progress without done and total';
      break;
    case 'result':
      reason = isRecord(message.result)
        ? checkCaptureModel(message.result.model) ?? checkTextView(message.result.text)
        : 'a result without a result';
      break;
    case 'failure':
      reason = typeof message.message === 'string' ? undefined : 'a failure without a message';
      break;
    default:
      reason = `unknown response type ${String(message.type)}`;
  }
  return reason ? fail(reason) : { ok: true, value: message as unknown as WorkerResponse };
}

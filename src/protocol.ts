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
import type { DiagramScope, DiagramWindow } from './core/diagram/diagramWindow';

/**
 * What to analyse: a text document's text; the bytes of a capture file (binary, rendered as text in the
 * same pass if asked, or tcpdump text, read in chunks); or a file on the local disk, which the worker
 * reads in chunks itself (the Node worker only: a web worker has no disk).
 */
export type AnalysisSource =
  | { readonly kind: 'text'; readonly fileName: string; readonly text: string }
  | {
      readonly kind: 'capture';
      readonly fileName: string;
      readonly bytes: Uint8Array;
      readonly renderText: boolean;
      /** With `renderText`: the text of this many first frames is sent ahead (`firstPage`), to show while the rest is read. */
      readonly firstPageFrames?: number;
    }
  | {
      readonly kind: 'file';
      readonly fileName: string;
      readonly path: string;
      /** As for 'capture': a binary capture's text view in the same pass, and its first frames' text sent ahead. */
      readonly renderText?: boolean;
      readonly firstPageFrames?: number;
    };

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
  /**
   * Bytes (capture, file) or characters (text) done of the total, and the frames read so far where the
   * reader knows them (binary captures, files). Sent at a bounded rate.
   */
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number; readonly frames?: number }
  /** The text view of the first `firstPageFrames` frames, sent once, ahead of the result (problems are the result's). */
  | { readonly type: 'firstPage'; readonly id: number; readonly text: CaptureTextView }
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
    if (value.firstPageFrames !== undefined && !(isId(value.firstPageFrames) && value.firstPageFrames > 0)) return 'source.firstPageFrames is not a count';
    return typeof value.renderText === 'boolean' ? undefined : 'source.renderText is not a boolean';
  }
  if (value.kind === 'file') {
    if (value.renderText !== undefined && typeof value.renderText !== 'boolean') return 'source.renderText is not a boolean';
    if (value.firstPageFrames !== undefined && !(isId(value.firstPageFrames) && value.firstPageFrames > 0)) return 'source.firstPageFrames is not a count';
    return typeof value.path === 'string' ? undefined : 'source.path is not a string';
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
      reason = !isCount(message.done) || !isCount(message.total)
        ? 'progress without done and total'
        : message.frames !== undefined && !isCount(message.frames) ? 'progress with frames that are no count' : undefined;
      break;
    case 'firstPage':
      reason = message.text === undefined ? 'a first page without text' : checkTextView(message.text);
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

// ---- the sequence diagram's webview ---------------------------------------------------------------
//
// The extension sends the webview one window of the diagram at a time (never the model); the webview
// draws it with Mermaid and tells which packet the user clicked or hovered. Every message about
// packets names the document version it refers to: the receiver ignores one of another version.

/** A connection (or all of them) the user can pick in the webview. */
export interface DiagramScopeChoice {
  readonly scope: DiagramScope;
  /** "#3 10.0.0.1:40000 → 10.0.0.2:80 (12 packets)", from the capture: the webview shows it as text only. */
  readonly label: string;
}

/**
 * Words of the webview's controls, in the display language (the webview has no `vscode.l10n`).
 * `page` takes two placeholders, as `vscode.l10n.t` writes them: `{0}` the page shown (from 1) and
 * `{1}` the number of pages ("Page {0} of {1}"); `renderFailed` comes before Mermaid's error.
 */
export type DiagramUiStrings = Readonly<Record<DiagramUiStringKey, string>>;
export type DiagramUiStringKey =
  | 'connection'
  | 'allConnections'
  | 'previousPage'
  | 'nextPage'
  | 'page'
  | 'jumpToCursor'
  | 'fitToWidth'
  | 'zoomIn'
  | 'zoomOut'
  | 'export'
  | 'copyMermaid'
  | 'rendering'
  | 'stale'
  | 'noPackets'
  | 'renderFailed'
  | 'keyboardHelp';

export interface DiagramView {
  /** Counts up with every view a panel sends: the webview's `rendered` names the view it drew. */
  readonly id?: number;
  /** The document the diagram is of (a tcpdump text document, or a capture's text view). */
  readonly documentUri: string;
  readonly documentVersion: number;
  /** The capture's file name, for the title. */
  readonly title: string;
  readonly window: DiagramWindow;
  readonly scopes: readonly DiagramScopeChoice[];
  /** The packet at the editor's cursor, to highlight and scroll to; null when none is in the window. */
  readonly highlightPacket: number | null;
  /** The document has changed since this model: a newer one is on its way. */
  readonly stale: boolean;
  readonly strings: DiagramUiStrings;
}

export type ExportedImageFormat = 'svg' | 'png';
export type DiagramExportTheme = 'light' | 'current';

export type ExtensionToWebviewMessage =
  /** Draw this window (replaces whatever is shown; a render under way for an older view is dropped). */
  | { readonly type: 'show'; readonly view: DiagramView }
  /** Highlight the packet's message (null: none); `reveal` scrolls it into view. */
  | { readonly type: 'highlight'; readonly documentVersion: number; readonly packet: number | null; readonly reveal: boolean }
  /** The answer to `explain`: what the editor's hover says of the packet, as plain text (shown as text only). */
  | { readonly type: 'explanation'; readonly id: number; readonly documentVersion: number; readonly packet: number; readonly text: string }
  /** Render the window shown as a standalone image and answer with `exported` (or `exportFailed`). */
  | { readonly type: 'export'; readonly id: number; readonly format: ExportedImageFormat; readonly theme: DiagramExportTheme }
  /** No diagram to show, and why ("Analysing…", "No TCP packets in this document"). */
  | { readonly type: 'status'; readonly text: string };

/** What the webview keeps across hiding and reloads (`vscode.setState`) and the serializer reads back. */
export interface DiagramWebviewState {
  readonly documentUri: string;
  readonly scope: DiagramScope;
  readonly page: number;
}

export type WebviewToExtensionMessage =
  /** The script is running and listening: send the view. */
  | { readonly type: 'ready' }
  /** The user clicked a message: reveal the packet's line in the editor. */
  | { readonly type: 'reveal'; readonly documentVersion: number; readonly packet: number }
  /** The user hovers a message: answer with `explanation`. */
  | { readonly type: 'explain'; readonly id: number; readonly documentVersion: number; readonly packet: number }
  /** The user picked a connection or a page. */
  | { readonly type: 'choose'; readonly scope: DiagramScope; readonly page: number }
  /** Show the page (and connection) of the packet at the editor's cursor. */
  | { readonly type: 'jumpToCursor' }
  /** A toolbar button that runs an extension command. */
  | { readonly type: 'command'; readonly command: 'export' | 'copyMermaid' }
  /** A view is drawn: how many messages the SVG has (the extension's tests read this). */
  | { readonly type: 'rendered'; readonly documentVersion: number; readonly messages: number; readonly theme: string; readonly viewId?: number }
  | { readonly type: 'renderFailed'; readonly documentVersion: number; readonly message: string }
  /** The answer to `export`: SVG text, or a PNG as base64. */
  | { readonly type: 'exported'; readonly id: number; readonly format: ExportedImageFormat; readonly data: string }
  | { readonly type: 'exportFailed'; readonly id: number; readonly message: string };

function isScope(value: unknown): value is DiagramScope {
  return value === 'all' || isId(value);
}

function isPacket(value: unknown): value is number {
  return isId(value);
}

function checkWindow(value: unknown): string | undefined {
  if (!isRecord(value)) return 'view.window is not an object';
  if (typeof value.text !== 'string') return 'view.window.text is not a string';
  if (!Array.isArray(value.messagePackets) || !value.messagePackets.every(isPacket)) return 'view.window.messagePackets is not a list of packets';
  if (!isScope(value.scope)) return 'view.window.scope is not a connection or "all"';
  for (const name of ['page', 'pageCount', 'pageSize', 'packetsInScope'] as const) {
    if (!isId(value[name])) return `view.window.${name} is not a count`;
  }
  return undefined;
}

function checkView(value: unknown): string | undefined {
  if (!isRecord(value)) return 'the view is not an object';
  if (typeof value.documentUri !== 'string' || typeof value.title !== 'string') return 'the view names no document';
  if (!Number.isSafeInteger(value.documentVersion)) return 'the view has no document version';
  if (value.id !== undefined && !isId(value.id)) return 'view.id is not a count';
  if (!Array.isArray(value.scopes) || !value.scopes.every((c) => isRecord(c) && isScope(c.scope) && typeof c.label === 'string')) {
    return 'view.scopes is not a list of choices';
  }
  if (value.highlightPacket !== null && !isPacket(value.highlightPacket)) return 'view.highlightPacket is not a packet';
  if (typeof value.stale !== 'boolean') return 'view.stale is not a boolean';
  if (!isRecord(value.strings) || !Object.values(value.strings).every((s) => typeof s === 'string')) return 'view.strings is not a table of strings';
  return checkWindow(value.window);
}

const isVersion = (value: unknown): value is number => Number.isSafeInteger(value);
const isImageFormat = (value: unknown): value is ExportedImageFormat => value === 'svg' || value === 'png';

/** A message received by the webview, if it is a well-formed message from the extension. */
export function extensionToWebviewMessageOf(message: unknown): Checked<ExtensionToWebviewMessage> {
  if (!isRecord(message)) return fail('the message is not an object');
  let reason: string | undefined;
  switch (message.type) {
    case 'show':
      reason = checkView(message.view);
      break;
    case 'highlight':
      reason =
        isVersion(message.documentVersion) && (message.packet === null || isPacket(message.packet)) && typeof message.reveal === 'boolean'
          ? undefined
          : 'a highlight without version, packet and reveal';
      break;
    case 'explanation':
      reason =
        isId(message.id) && isVersion(message.documentVersion) && isPacket(message.packet) && typeof message.text === 'string'
          ? undefined
          : 'an explanation without id, version, packet and text';
      break;
    case 'export':
      reason =
        isId(message.id) && isImageFormat(message.format) && (message.theme === 'light' || message.theme === 'current')
          ? undefined
          : 'an export request without id, format and theme';
      break;
    case 'status':
      reason = typeof message.text === 'string' ? undefined : 'a status without text';
      break;
    default:
      reason = `unknown message type ${String(message.type)}`;
  }
  return reason ? fail(reason) : { ok: true, value: message as unknown as ExtensionToWebviewMessage };
}

type WebviewMessageFields = {
  readonly [T in WebviewToExtensionMessage['type']]: readonly (keyof Extract<WebviewToExtensionMessage, { type: T }>)[];
};

/** The fields each message from the webview may have: one with any other field is not well-formed. */
const WEBVIEW_MESSAGE_FIELDS: WebviewMessageFields = {
  ready: ['type'],
  jumpToCursor: ['type'],
  reveal: ['type', 'documentVersion', 'packet'],
  explain: ['type', 'id', 'documentVersion', 'packet'],
  choose: ['type', 'scope', 'page'],
  command: ['type', 'command'],
  rendered: ['type', 'documentVersion', 'messages', 'theme', 'viewId'],
  renderFailed: ['type', 'documentVersion', 'message'],
  exported: ['type', 'id', 'format', 'data'],
  exportFailed: ['type', 'id', 'message'],
};

function unexpectedField(message: Record<string, unknown>, type: WebviewToExtensionMessage['type']): string | undefined {
  const fields: readonly string[] = WEBVIEW_MESSAGE_FIELDS[type];
  const extra = Object.keys(message).find((key) => !fields.includes(key));
  return extra === undefined ? undefined : `a ${type} message with an unexpected field ${JSON.stringify(extra)}`;
}

/** A message received by the extension from the webview, if it is well-formed (and has no other field). */
export function webviewToExtensionMessageOf(message: unknown): Checked<WebviewToExtensionMessage> {
  if (!isRecord(message)) return fail('the message is not an object');
  let reason: string | undefined;
  switch (message.type) {
    case 'ready':
    case 'jumpToCursor':
      break;
    case 'reveal':
      reason = isVersion(message.documentVersion) && isPacket(message.packet) ? undefined : 'a reveal without version and packet';
      break;
    case 'explain':
      reason = isId(message.id) && isVersion(message.documentVersion) && isPacket(message.packet) ? undefined : 'an explain without id, version and packet';
      break;
    case 'choose':
      reason = isScope(message.scope) && isId(message.page) ? undefined : 'a choice without connection and page';
      break;
    case 'command':
      reason = message.command === 'export' || message.command === 'copyMermaid' ? undefined : `unknown command ${String(message.command)}`;
      break;
    case 'rendered':
      reason =
        isVersion(message.documentVersion) && isId(message.messages) && typeof message.theme === 'string' && (message.viewId === undefined || isId(message.viewId))
          ? undefined
          : 'a render report without version, messages and theme';
      break;
    case 'renderFailed':
      reason = isVersion(message.documentVersion) && typeof message.message === 'string' ? undefined : 'a render failure without version and message';
      break;
    case 'exported':
      reason = isId(message.id) && isImageFormat(message.format) && typeof message.data === 'string' ? undefined : 'an export without id, format and data';
      break;
    case 'exportFailed':
      reason = isId(message.id) && typeof message.message === 'string' ? undefined : 'an export failure without id and message';
      break;
    default:
      reason = `unknown message type ${String(message.type)}`;
  }
  reason ??= unexpectedField(message, message.type as WebviewToExtensionMessage['type']);
  return reason ? fail(reason) : { ok: true, value: message as unknown as WebviewToExtensionMessage };
}

/** The webview's saved state, if it is one (it comes back from disk after a reload). */
export function diagramWebviewStateOf(value: unknown): DiagramWebviewState | undefined {
  if (!isRecord(value) || typeof value.documentUri !== 'string' || !isScope(value.scope) || !isId(value.page)) return undefined;
  return { documentUri: value.documentUri, scope: value.scope, page: value.page };
}

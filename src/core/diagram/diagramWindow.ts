/**
 * A window of the sequence diagram: the Mermaid text of one connection (or all of them), one page of
 * its packets, and which packet each drawn message stands for. This is what the webview receives
 * (never the whole model) and what export and `tcp-lens diagram` write.
 */
import { formatMessage, type Message } from '../explain/message';
import type { CaptureModel } from '../model/captureModel';
import { effectiveScope, scopePackets } from './diagramPages';
import { sequenceDiagramText } from './sequenceDiagram';

/** One connection (its index in `model.connections`), or every connection of the capture. */
export type DiagramScope = number | 'all';

/** What the label of each message shows besides the flags and the frame number. */
export interface DiagramLabelOptions {
  /** seq/ack relative to the ISNs (as Wireshark shows them) or as on the wire. */
  readonly numbers: 'relative' | 'raw';
  /** The receive window (scaled). */
  readonly window: boolean;
  /** Seconds since the first packet of the capture. */
  readonly time: boolean;
}

export const DEFAULT_DIAGRAM_LABELS: DiagramLabelOptions = { numbers: 'relative', window: false, time: false };

/**
 * Messages per page. A message takes 50 to 75 characters of text with its notes, so a full page of
 * 1000 can pass Mermaid's default `maxTextSize` (50,000): a renderer of the largest pages raises it
 * (the text is TCP Lens's own and bounded by the page size).
 */
export const DEFAULT_DIAGRAM_PAGE_SIZE = 200;
export const MAX_DIAGRAM_PAGE_SIZE = 1000;

export interface DiagramWindowRequest {
  readonly scope: DiagramScope;
  /** 0-based; clamped to the pages there are. */
  readonly page: number;
  readonly pageSize: number;
  readonly labels: DiagramLabelOptions;
}

export interface DiagramWindow {
  /** Mermaid source, starting with `sequenceDiagram`; every string from the capture escaped. */
  readonly text: string;
  /** The packet index of each message (arrow), in the order Mermaid draws them. */
  readonly messagePackets: readonly number[];
  readonly scope: DiagramScope;
  /** The page shown (after clamping), of `pageCount` (at least 1, even with no packet). */
  readonly page: number;
  readonly pageCount: number;
  readonly pageSize: number;
  /** Packets of the scope, on every page. */
  readonly packetsInScope: number;
}

/**
 * The window a request asks for: the scope's packets (a connection that does
 * not exist shows every packet: `scope` says which was shown) cut into pages
 * of `pageSize` (1 … MAX_DIAGRAM_PAGE_SIZE), the page clamped to those there
 * are. `say` words the notes (English by default; the extension passes its
 * translations).
 */
export function diagramWindow(model: CaptureModel, request: DiagramWindowRequest, say: (m: Message) => string = (m) => formatMessage(m)): DiagramWindow {
  const scope = effectiveScope(model, request.scope);
  const packets = scopePackets(model, scope);
  const pageSize = clampPageSize(request.pageSize);
  const pageCount = pageCountOf(packets.length, pageSize);
  const page = Number.isFinite(request.page) ? Math.min(pageCount - 1, Math.max(0, Math.floor(request.page))) : 0;
  const shown: number[] = [];
  for (let k = page * pageSize; k < Math.min(packets.length, (page + 1) * pageSize); k++) shown.push(packets.at(k));
  const connectionNotes = scope === 'all' && model.connections.length > 1;
  const { text, messagePackets } = sequenceDiagramText(model, shown, { labels: request.labels, connectionNotes }, say);
  return { text, messagePackets, scope, page, pageCount, pageSize, packetsInScope: packets.length };
}

/** A page size the diagram can draw: 1 … MAX_DIAGRAM_PAGE_SIZE (the default for anything not a number). */
export function clampPageSize(pageSize: number): number {
  if (!Number.isFinite(pageSize)) return DEFAULT_DIAGRAM_PAGE_SIZE;
  return Math.min(MAX_DIAGRAM_PAGE_SIZE, Math.max(1, Math.floor(pageSize)));
}

/** Pages of `packets` packets: at least one, even when there is no packet. */
export function pageCountOf(packets: number, pageSize: number): number {
  return Math.max(1, Math.ceil(packets / clampPageSize(pageSize)));
}

/** The page (0-based) a packet is on when the scope is shown `pageSize` packets a page; -1 when the scope lacks it. */
export function pageOfPacket(model: CaptureModel, scope: DiagramScope, pageSize: number, packet: number): number {
  const position = scopePackets(model, scope).positionOf(packet);
  return position < 0 ? -1 : Math.floor(position / clampPageSize(pageSize));
}

export { scopeShowingPacket } from './diagramPages';
export { diagramMarkdown } from './diagramMarkdown';
export { mermaidText } from './mermaidText';

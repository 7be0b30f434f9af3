/**
 * A window of the sequence diagram: the Mermaid text of one connection (or all of them), one page of
 * its packets, and which packet each drawn message stands for. This is what the webview receives
 * (never the whole model) and what export and `tcp-lens diagram` write.
 */

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

/** Messages per page: Mermaid's default text limit (50,000 characters) holds about a thousand. */
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

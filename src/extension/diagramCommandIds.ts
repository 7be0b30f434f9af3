/** The sequence diagram's commands and their arguments, for the views that link to them (hover, CodeLens). */

export const SHOW_SEQUENCE_DIAGRAM_COMMAND = 'tcpLens.showSequenceDiagram';
export const EXPORT_SEQUENCE_DIAGRAM_COMMAND = 'tcpLens.exportSequenceDiagram';
export const COPY_MERMAID_COMMAND = 'tcpLens.copyMermaid';

/** The webview panel's type: its serializer restores it after a window reload. */
export const DIAGRAM_VIEW_TYPE = 'tcpLens.sequenceDiagram';

export interface ShowSequenceDiagramArgs {
  /** The capture document's URI (a tcpdump document or a capture's text view), as `Uri.toString()` gives it. */
  readonly uri: string;
  /** Show this connection (its index in the model). */
  readonly connection?: number;
  /** Show the page of this packet (its index in the model), highlighted. */
  readonly packet?: number;
}

export type DiagramExportFormat = 'markdown' | 'mermaid' | 'svg' | 'png';

export interface ExportSequenceDiagramArgs {
  readonly format: DiagramExportFormat;
  /** Where to write (any file system VS Code knows). */
  readonly uri: string;
  /** The capture document (default: the active diagram panel's, else the active editor's). */
  readonly document?: string;
}

/**
 * The sequence diagram's commands: show it (editor title, command palette, hover, CodeLens), export
 * it (command palette, the webview's toolbar, or automation with arguments), copy its Mermaid text.
 */
import * as vscode from 'vscode';
import { CAPTURE_TEXT_SCHEME } from './captureUris';
import {
  COPY_MERMAID_COMMAND,
  EXPORT_SEQUENCE_DIAGRAM_COMMAND,
  SHOW_SEQUENCE_DIAGRAM_COMMAND,
  type DiagramExportFormat,
  type ExportSequenceDiagramArgs,
} from './diagramCommandIds';
import { DiagramExporter, EXPORT_FORMATS } from './diagramExport';
import type { DiagramPanel } from './diagramPanel';
import { DiagramPanels } from './diagramPanels';
import { plainNotificationText } from './markdownText';
import type { ModelCache } from './modelCache';

/** A capture file that opens as a text view rather than as a text document of its own. */
const CAPTURE_FILE = /\.(pcap|pcapng|cap)(\.gz)?$/i;

export interface DiagramCommandsContext {
  readonly panels: DiagramPanels;
  readonly models: ModelCache;
  /** Opens a capture file as its text view (see CaptureTextFileSystem). */
  openCaptureAsText(fileUri: vscode.Uri): Promise<vscode.TextDocument | undefined>;
}

export function registerDiagramCommands(context: DiagramCommandsContext): vscode.Disposable {
  const { panels, models } = context;
  const exporter = new DiagramExporter(panels, models);

  const documentAt = async (uri: vscode.Uri): Promise<vscode.TextDocument | undefined> => {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open) return open;
    if (uri.scheme !== CAPTURE_TEXT_SCHEME && CAPTURE_FILE.test(uri.path)) return context.openCaptureAsText(uri);
    try {
      return await vscode.workspace.openTextDocument(uri);
    } catch {
      return undefined;
    }
  };

  /** The document a command without a document argument is about: the diagram in front, else the active editor's. */
  const currentDocument = async (): Promise<vscode.TextDocument | undefined> => {
    const panel = panels.active;
    if (panel) return panel.document ?? documentAt(panel.documentUri);
    const editor = vscode.window.activeTextEditor;
    return editor && models.isModelled(editor.document) ? editor.document : undefined;
  };

  const captureDocument = async (uri: unknown): Promise<vscode.TextDocument | undefined> => {
    const parsed = uriOf(uri);
    const document = parsed ? await documentAt(parsed) : await currentDocument();
    if (document && models.isModelled(document)) return document;
    void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: the sequence diagram needs a tcpdump document or a capture file open as text.'));
    return undefined;
  };

  const showDiagram = async (args?: unknown): Promise<DiagramPanel | undefined> => {
    const target = args instanceof vscode.Uri || typeof args === 'string' ? { uri: args } : isRecord(args) ? args : {};
    const document = await captureDocument(target.uri);
    if (!document) return undefined;
    const connection = isIndex(target.connection) ? target.connection : undefined;
    const packet = isIndex(target.packet) ? target.packet : undefined;
    const focus = connection !== undefined || packet !== undefined ? { connection, packet } : undefined;
    return panels.open(document, focus);
  };

  const exportDiagram = async (args?: unknown, fromPanel?: DiagramPanel): Promise<vscode.Uri | undefined> => {
    const automated = exportArgsOf(args);
    if (isRecord(args) && !automated) throw new Error(vscode.l10n.t('TCP Lens: the export takes {0}', '{ format: "markdown" | "mermaid" | "svg" | "png", uri, document? }'));
    const document = fromPanel ? fromPanel.document ?? (await documentAt(fromPanel.documentUri)) : await captureDocument(automated?.document);
    if (!document) {
      if (automated) throw new Error(vscode.l10n.t('TCP Lens: the sequence diagram needs a tcpdump document or a capture file open as text.'));
      return undefined;
    }
    if (automated) return exporter.write(document, automated.format, automated.target);
    try {
      return await exporter.exportInteractively(document);
    } catch (error) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('TCP Lens: the sequence diagram was not exported: {0}', plainNotificationText(error instanceof Error ? error.message : String(error))),
      );
      return undefined;
    }
  };

  const copyMermaid = async (args?: unknown, fromPanel?: DiagramPanel): Promise<string | undefined> => {
    const document = fromPanel ? fromPanel.document ?? (await documentAt(fromPanel.documentUri)) : await captureDocument(isRecord(args) ? args.uri : args);
    return document && exporter.copyMermaid(document);
  };

  panels.runCommand = (command, panel) => {
    if (command === 'export') void exportDiagram(undefined, panel);
    else void copyMermaid(undefined, panel);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(SHOW_SEQUENCE_DIAGRAM_COMMAND, showDiagram),
    vscode.commands.registerCommand(EXPORT_SEQUENCE_DIAGRAM_COMMAND, (args?: unknown) => exportDiagram(args)),
    vscode.commands.registerCommand(COPY_MERMAID_COMMAND, (args?: unknown) => copyMermaid(args)),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A URI given as a `vscode.Uri` or as its string. */
function uriOf(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return vscode.Uri.parse(value, true);
  } catch {
    return undefined;
  }
}

function exportArgsOf(args: unknown): { format: DiagramExportFormat; target: vscode.Uri; document?: vscode.Uri } | undefined {
  if (!isRecord(args)) return undefined;
  const { format, uri, document } = args as Partial<Record<keyof ExportSequenceDiagramArgs, unknown>>;
  const target = uriOf(uri);
  if (!EXPORT_FORMATS.includes(format as DiagramExportFormat) || !target) return undefined;
  const documentUri = uriOf(document);
  if (document !== undefined && !documentUri) return undefined;
  return { format: format as DiagramExportFormat, target, document: documentUri };
}

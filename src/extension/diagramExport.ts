/**
 * The sequence diagram into the user's docs: Markdown (a fenced `mermaid` block and a table of the
 * connection), Mermaid text, or an SVG or PNG image drawn by the webview. What is exported is the
 * panel's window (connection and page); without a panel, the connection at the cursor (else all) and
 * the page with the cursor's packet.
 */
import * as vscode from 'vscode';
import { diagramMarkdown } from '../core/diagram/diagramMarkdown';
import { diagramWindow, pageOfPacket, type DiagramScope, type DiagramWindow } from '../core/diagram/diagramWindow';
import type { CaptureModel } from '../core/model/captureModel';
import { packetAtLine } from '../core/query';
import { baseName, CAPTURE_TEXT_SCHEME, captureFileUri } from './captureUris';
import { messageText } from './connectionText';
import type { DiagramExportFormat } from './diagramCommandIds';
import type { DiagramPanel } from './diagramPanel';
import type { DiagramPanels } from './diagramPanels';
import { diagramSettings } from './diagramSettings';
import type { ModelCache } from './modelCache';

export const EXPORT_FORMATS: readonly DiagramExportFormat[] = ['markdown', 'mermaid', 'svg', 'png'];

const FILE_EXTENSIONS: Readonly<Record<DiagramExportFormat, string>> = { markdown: 'md', mermaid: 'mmd', svg: 'svg', png: 'png' };

/** The name extensions a capture's file name loses in the proposed name (`trace.pcap.gz` → `trace`). */
const CAPTURE_NAME_ENDINGS = /(\.(pcap|pcapng|cap|tcpdump|tcpd|txt|log|out))?(\.gz)?$/i;

/** `trace.diagram.md` beside the capture (for a capture's text view, beside the pcap file). */
export function proposedExportUri(documentUri: vscode.Uri, format: DiagramExportFormat): vscode.Uri | undefined {
  const fileUri = documentUri.scheme === CAPTURE_TEXT_SCHEME ? captureFileUri(documentUri) : documentUri;
  const name = `${baseName(fileUri).replace(CAPTURE_NAME_ENDINGS, '') || 'capture'}.diagram.${FILE_EXTENSIONS[format]}`;
  if (fileUri.scheme === 'untitled') {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder && vscode.Uri.joinPath(folder.uri, name);
  }
  return vscode.Uri.joinPath(fileUri, '..', name);
}

/** A window of a model to export. */
export interface ExportedWindow {
  readonly model: CaptureModel;
  readonly window: DiagramWindow;
}

export class DiagramExporter {
  constructor(
    private readonly panels: DiagramPanels,
    private readonly models: ModelCache,
  ) {}

  /** The panel's window, or (without a panel) the cursor's connection and page. */
  async windowToExport(document: vscode.TextDocument): Promise<ExportedWindow | undefined> {
    const shown = this.panels.panelOf(document.uri)?.window;
    if (shown) return shown;
    const model = await this.models.currentModel(document);
    if (!model) return undefined;
    const settings = diagramSettings(document.uri);
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
    const packet = editor ? packetAtLine(model, editor.selection.active.line + 1) : -1;
    const scope: DiagramScope = packet >= 0 ? model.packets.conn[packet] : 'all';
    const page = packet >= 0 ? Math.max(0, pageOfPacket(model, scope, settings.pageSize, packet)) : 0;
    return { model, window: diagramWindow(model, { scope, page, pageSize: settings.pageSize, labels: settings.labels }, messageText) };
  }

  /** The file's bytes for a format: text made here, images drawn by the document's panel (opened or revealed first). */
  async content(document: vscode.TextDocument, format: DiagramExportFormat): Promise<Uint8Array> {
    if (format === 'markdown' || format === 'mermaid') {
      const exported = await this.windowToExport(document);
      if (!exported) throw new Error(vscode.l10n.t('the document has no analysis'));
      const text = format === 'markdown' ? diagramMarkdown(exported.model, exported.window, messageText) : mermaidFileText(exported.window);
      return new TextEncoder().encode(text);
    }
    const panel = await this.visiblePanel(document);
    return panel.exportImage(format, diagramSettings(document.uri).exportTheme);
  }

  /** A hidden webview is gone: the panel must be shown to draw. */
  private async visiblePanel(document: vscode.TextDocument): Promise<DiagramPanel> {
    const panel = this.panels.panelOf(document.uri) ?? (await this.panels.open(document));
    if (!panel.webviewPanel.visible) panel.webviewPanel.reveal(undefined, true);
    return panel;
  }

  /** Writes the export without asking (automation, tests). */
  async write(document: vscode.TextDocument, format: DiagramExportFormat, target: vscode.Uri): Promise<vscode.Uri> {
    await vscode.workspace.fs.writeFile(target, await this.content(document, format));
    return target;
  }

  /** Asks for the format, then where to save. */
  async exportInteractively(document: vscode.TextDocument): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showQuickPick(formatChoices(), {
      title: vscode.l10n.t('Export Sequence Diagram'),
      placeHolder: vscode.l10n.t('Export the diagram shown as…'),
    });
    if (!picked) return undefined;
    const target = await vscode.window.showSaveDialog({
      defaultUri: proposedExportUri(document.uri, picked.format),
      filters: { [picked.label]: [FILE_EXTENSIONS[picked.format]] },
      saveLabel: vscode.l10n.t('Export'),
    });
    if (!target) return undefined;
    await this.write(document, picked.format, target);
    void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: the sequence diagram is saved in {0}.', baseName(target)), vscode.l10n.t('Open')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('vscode.open', target);
    });
    return target;
  }

  async copyMermaid(document: vscode.TextDocument): Promise<string | undefined> {
    const exported = await this.windowToExport(document);
    if (!exported) return undefined;
    const text = mermaidFileText(exported.window);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: the Mermaid text of the diagram is on the clipboard.'));
    return text;
  }
}

/** The window's Mermaid text as a file: what `tcp-lens diagram` writes. */
export function mermaidFileText(window: DiagramWindow): string {
  return window.text;
}

interface FormatChoice extends vscode.QuickPickItem {
  readonly format: DiagramExportFormat;
}

function formatChoices(): FormatChoice[] {
  return [
    { format: 'markdown', label: vscode.l10n.t('Markdown'), description: '.md', detail: vscode.l10n.t('A mermaid block that GitHub and the Markdown preview draw, with a table of the connection') },
    { format: 'mermaid', label: vscode.l10n.t('Mermaid'), description: '.mmd', detail: vscode.l10n.t('The diagram as Mermaid text') },
    { format: 'svg', label: vscode.l10n.t('SVG image'), description: '.svg', detail: vscode.l10n.t('A self-contained vector image') },
    { format: 'png', label: vscode.l10n.t('PNG image'), description: '.png', detail: vscode.l10n.t('A bitmap at twice the size on screen') },
  ];
}

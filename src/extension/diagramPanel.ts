/**
 * One sequence diagram panel: a webview beside a capture document, showing one window of its diagram
 * (a connection or all of them, one page). It sends the webview the window made from the model
 * (never the model), follows the model as the document is edited, and links both ways: a message
 * clicked in the webview reveals its packet's lines, the editor's cursor highlights its packet's
 * message (switching connection or page when needed).
 */
import * as vscode from 'vscode';
import { diagramWindow, pageOfPacket, type DiagramScope, type DiagramWindow } from '../core/diagram/diagramWindow';
import type { CaptureModel } from '../core/model/captureModel';
import { lastLineOfPacket, lineOfPacket } from '../core/query';
import {
  webviewToExtensionMessageOf,
  type DiagramExportTheme,
  type DiagramView,
  type ExportedImageFormat,
  type ExtensionToWebviewMessage,
  type WebviewToExtensionMessage,
} from '../protocol';
import { baseName, CAPTURE_TEXT_SCHEME, captureFileUri } from './captureUris';
import { messageText } from './connectionText';
import { DIAGRAM_VIEW_TYPE } from './diagramCommandIds';
import { diagramHtml } from './diagramHtml';
import { diagramScopeChoices, diagramUiStrings } from './diagramScopes';
import { diagramSettings } from './diagramSettings';
import { lineRange, showLinesSelected } from './documentLines';
import type { ModelCache, ModelSnapshot } from './modelCache';
import { numbersShown } from './packetExplanation';
import { packetExplanationText } from './packetExplanationText';
import type { PacketLookup } from './packetLookup';

/** A render the webview reported: how many messages its SVG has, for the view last sent to it. */
export interface DiagramRenderReport {
  readonly documentUri: string;
  readonly documentVersion: number;
  readonly messages: number;
  readonly theme: string;
  /** The view the webview was given last when it reported (what it drew). */
  readonly view: DiagramView | undefined;
}

export interface DiagramPanelContext {
  readonly extensionUri: vscode.Uri;
  readonly models: ModelCache;
  readonly packets: PacketLookup;
  /** A toolbar button of the webview that runs one of the extension's commands on this panel. */
  runCommand(command: 'export' | 'copyMermaid', panel: DiagramPanel): void;
  rendered(report: DiagramRenderReport): void;
}

/** Where the panel should go once it has a model: a connection, a packet (its page, highlighted), or the cursor's packet. */
export interface DiagramFocus {
  readonly connection?: number;
  readonly packet?: number | 'cursor';
  /** Showing all connections, stay so (the cursor moved); else show the packet's connection. */
  readonly keepAll?: boolean;
}

/** What the webview shows, and the model it was made from. */
interface Shown {
  readonly model: CaptureModel;
  readonly version: number;
  readonly window: DiagramWindow;
  readonly view: DiagramView;
}

/** How long an SVG or PNG export may take, the webview's render included. */
export const IMAGE_EXPORT_TIMEOUT_MS = 30_000;

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class DiagramPanel implements vscode.Disposable {
  private scope: DiagramScope = 'all';
  private page = 0;
  private focus: DiagramFocus | undefined;
  private highlight: number | null = null;
  private shown: Shown | undefined;
  /** Counts the views posted (each view's id); `renderedShow` is the one the webview last reported drawn. */
  private shows = 0;
  private renderedShow = 0;
  private updates = 0;
  private requests = 0;
  private disposed = false;
  private readonly answers = new Map<number, (message: WebviewToExtensionMessage) => void>();
  private readonly renderEmitter = new vscode.EventEmitter<DiagramRenderReport>();
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  private readonly postEmitter = new vscode.EventEmitter<ExtensionToWebviewMessage>();
  private readonly subscriptions: vscode.Disposable[];
  /** The last render the webview reported. */
  lastRendered: DiagramRenderReport | undefined;
  /** The last failure to render the webview reported. */
  lastRenderFailure: string | undefined;
  readonly onDidRender = this.renderEmitter.event;
  readonly onDidDispose = this.disposeEmitter.event;
  /** Every message sent to the webview (the extension-host tests read them). */
  readonly onDidPost = this.postEmitter.event;

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    readonly documentUri: vscode.Uri,
    private readonly context: DiagramPanelContext,
    start: { readonly scope?: DiagramScope; readonly page?: number; readonly focus?: DiagramFocus },
  ) {
    this.scope = start.scope ?? 'all';
    this.page = start.page ?? 0;
    this.focus = start.focus;
    const { webview } = webviewPanel;
    webview.options = webviewOptions(context.extensionUri);
    webviewPanel.title = vscode.l10n.t('Sequence diagram: {0}', this.title);
    webviewPanel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'connections.svg');
    webview.html = diagramHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', 'diagram.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'diagram.css')).toString(),
      title: this.title,
      lang: vscode.env.language,
    });
    this.subscriptions = [
      this.renderEmitter,
      this.disposeEmitter,
      this.postEmitter,
      webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      webviewPanel.onDidDispose(() => this.dispose()),
      webviewPanel.onDidChangeViewState(() => {
        // A hidden webview is gone (its content is made again when shown): nothing is drawn until it says so.
        if (!webviewPanel.visible) this.renderedShow = 0;
      }),
    ];
    void this.update();
  }

  get key(): string {
    return this.documentUri.toString();
  }

  /** The capture's file name: the pcap's for a capture's text view. */
  get title(): string {
    return baseName(this.documentUri.scheme === CAPTURE_TEXT_SCHEME ? captureFileUri(this.documentUri) : this.documentUri);
  }

  /** The view last sent to the webview. */
  get view(): DiagramView | undefined {
    return this.shown?.view;
  }

  /** The window shown and the model it is of. */
  get window(): { readonly model: CaptureModel; readonly window: DiagramWindow } | undefined {
    return this.shown && { model: this.shown.model, window: this.shown.window };
  }

  get document(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((document) => document.uri.toString() === this.key);
  }

  /** Shows a connection, a packet, or the cursor's packet, once the model is there. */
  show(focus: DiagramFocus): void {
    this.focus = focus;
    this.refresh();
  }

  /** The model changed or a setting did: the same connection and page, made again. */
  refresh(): void {
    const document = this.document;
    const snapshot = document && this.context.models.peek(document);
    if (document && snapshot) this.showSnapshot(document, snapshot);
    else void this.update();
  }

  /**
   * The cursor moved in an editor of the document: highlight its packet. When the reader moved it,
   * switch connection or page to show the packet; a selection VS Code restored (after a window reload,
   * the panel restored beside it) or an edit shifted only highlights, so that what the panel showed stays.
   */
  cursorMoved(editor: vscode.TextEditor, byReader = true): void {
    const shown = this.shown;
    if (!shown || editor.document.uri.toString() !== this.key) return;
    const cursorPacket = this.cursorPacket(editor.document, shown.model, editor);
    if (cursorPacket === null || shown.window.messagePackets.includes(cursorPacket) || !byReader) {
      const packet = cursorPacket !== null && shown.window.messagePackets.includes(cursorPacket) ? cursorPacket : null;
      this.highlight = packet;
      this.post({ type: 'highlight', documentVersion: shown.version, packet, reveal: packet !== null });
      return;
    }
    this.show({ packet: cursorPacket, keepAll: true });
  }

  /** A message from the webview (or a test standing in for it): checked, then answered. */
  receive(raw: unknown): void {
    const checked = webviewToExtensionMessageOf(raw);
    if (!checked.ok || this.disposed) return;
    const message = checked.value;
    switch (message.type) {
      case 'ready':
        // A new webview (first shown, shown again after being hidden, restored): it has nothing yet.
        this.refresh();
        return;
      case 'choose':
        this.scope = message.scope;
        this.page = message.page;
        this.focus = undefined;
        this.refresh();
        return;
      case 'jumpToCursor': {
        const editor = this.editor();
        if (editor) this.show({ packet: 'cursor', keepAll: true });
        return;
      }
      case 'reveal':
        if (this.isOfShownVersion(message.documentVersion, message.packet)) void this.revealPacket(message.packet);
        return;
      case 'explain':
        if (this.isOfShownVersion(message.documentVersion, message.packet)) this.explain(message.id, message.packet);
        return;
      case 'command':
        this.context.runCommand(message.command, this);
        return;
      case 'rendered': {
        // A render of an older view (the webview was still drawing it when a new one was sent) is not this one's.
        if (!this.shown || message.documentVersion !== this.shown.version || (message.viewId ?? this.shows) !== this.shown.view.id) return;
        this.renderedShow = this.shown.view.id;
        this.lastRendered = { documentUri: this.key, documentVersion: message.documentVersion, messages: message.messages, theme: message.theme, view: this.shown.view };
        this.lastRenderFailure = undefined;
        this.renderEmitter.fire(this.lastRendered);
        this.context.rendered(this.lastRendered);
        return;
      }
      case 'renderFailed':
        if (message.documentVersion === this.shown?.version) this.lastRenderFailure = message.message;
        return;
      case 'exported':
      case 'exportFailed':
        this.answers.get(message.id)?.(message);
        return;
    }
  }

  /**
   * The window shown as a standalone image, drawn by the webview: SVG text or PNG bytes. The panel
   * must be visible (a hidden webview is gone until shown again).
   */
  async exportImage(format: ExportedImageFormat, theme: DiagramExportTheme, timeoutMs = IMAGE_EXPORT_TIMEOUT_MS): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    await this.drawn(timeoutMs);
    const id = ++this.requests;
    const answer = new Promise<WebviewToExtensionMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.answers.delete(id);
        reject(new Error(vscode.l10n.t('the diagram view did not answer within {0} s', Math.round(timeoutMs / 1000))));
      }, Math.max(0, deadline - Date.now()));
      this.answers.set(id, (message) => {
        clearTimeout(timer);
        this.answers.delete(id);
        resolve(message);
      });
    });
    this.post({ type: 'export', id, format, theme });
    const message = await answer;
    if (message.type === 'exportFailed') throw new Error(message.message);
    if (message.type !== 'exported' || message.format !== format) throw new Error(vscode.l10n.t('the diagram view answered with something else'));
    return format === 'svg' ? new TextEncoder().encode(message.data) : bytesOfBase64(message.data);
  }

  /** Resolves once the webview has drawn the view last sent. */
  private drawn(timeoutMs: number): Promise<void> {
    if (this.shown && this.renderedShow === this.shows) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const subscriptions: vscode.Disposable[] = [];
      const done = (error?: Error) => {
        clearTimeout(timer);
        subscriptions.forEach((subscription) => subscription.dispose());
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        const reason = this.lastRenderFailure ?? vscode.l10n.t('the diagram view did not draw the diagram within {0} s', Math.round(timeoutMs / 1000));
        done(new Error(reason));
      }, timeoutMs);
      subscriptions.push(
        this.onDidRender(() => {
          if (this.renderedShow === this.shows) done();
        }),
        this.onDidDispose(() => done(new Error(vscode.l10n.t('the diagram view was closed')))),
      );
    });
  }

  private isOfShownVersion(version: number, packet: number): boolean {
    return this.shown !== undefined && version === this.shown.version && packet < this.shown.model.packetCount;
  }

  /** Selects the packet's lines in an editor of the document, opening one beside the panel if none shows it. */
  private async revealPacket(packet: number): Promise<void> {
    const shown = this.shown;
    const document = this.document ?? (await this.openDocument());
    if (!shown || !document) return;
    // On a paged capture text, the packet's page is shown first.
    const linesModel = this.context.models.linesModel(document, shown.model);
    const lines = await this.context.models.linesShown(document, lineOfPacket(linesModel, packet), lastLineOfPacket(linesModel, packet));
    if (!lines) return;
    const range = lineRange(document, lines.first, lines.last);
    const visible = this.editor(document);
    this.highlight = packet;
    await showLinesSelected(document, range, { viewColumn: visible?.viewColumn ?? this.columnForEditor(), preserveFocus: true });
  }

  /** A column other than the panel's, so that opening the editor does not hide the diagram. */
  private columnForEditor(): vscode.ViewColumn {
    const panelColumn = this.webviewPanel.viewColumn;
    const other = vscode.window.tabGroups.all.find((group) => group.viewColumn !== panelColumn);
    return other?.viewColumn ?? vscode.ViewColumn.Beside;
  }

  private explain(id: number, packet: number): void {
    const shown = this.shown!;
    const text = packetExplanationText(shown.model, packet, numbersShown(this.documentUri));
    this.post({ type: 'explanation', id, documentVersion: shown.version, packet, text });
  }

  /** The document's model (analysed in the worker if need be), then the view. */
  private async update(): Promise<void> {
    const update = ++this.updates;
    const document = this.document ?? (await this.openDocument());
    if (update !== this.updates || this.disposed) return;
    if (!document || !this.context.models.isModelled(document)) {
      this.post({ type: 'status', text: vscode.l10n.t('{0} is not open as a tcpdump document.', this.title) });
      return;
    }
    let snapshot = this.context.models.peek(document);
    if (!snapshot) {
      this.post({ type: 'status', text: vscode.l10n.t('Analysing {0}…', this.title) });
      // As every view: an analysis an edit cancels is followed by the newer text's, waited for too.
      await this.context.models.currentModel(document);
      if (update !== this.updates || this.disposed) return;
      snapshot = this.context.models.peek(document);
      if (!snapshot) return;
    }
    this.showSnapshot(document, snapshot);
  }

  private async openDocument(): Promise<vscode.TextDocument | undefined> {
    try {
      return await vscode.workspace.openTextDocument(this.documentUri);
    } catch {
      return undefined;
    }
  }

  private showSnapshot(document: vscode.TextDocument, snapshot: ModelSnapshot): void {
    if (this.disposed) return;
    this.updates++; // an update under way is superseded
    const { model } = snapshot;
    const settings = diagramSettings(document.uri);
    if (this.scope !== 'all' && this.scope >= model.connections.length) this.scope = 'all';
    const focus = this.focus;
    this.focus = undefined;
    if (focus) this.goTo(model, focus, settings.pageSize, document);
    // A new model numbers the packets anew: the cursor's packet is the one to highlight.
    else if (model !== this.shown?.model) this.highlight = this.cursorPacket(document, model);
    const window = diagramWindow(model, { scope: this.scope, page: this.page, pageSize: settings.pageSize, labels: settings.labels }, messageText);
    this.page = window.page;
    const highlightPacket = this.highlight !== null && window.messagePackets.includes(this.highlight) ? this.highlight : null;
    const view: DiagramView = {
      id: ++this.shows,
      documentUri: this.key,
      documentVersion: snapshot.version,
      title: this.title,
      window,
      scopes: diagramScopeChoices(model, this.scope),
      highlightPacket,
      stale: snapshot.stale,
      strings: diagramUiStrings(),
    };
    this.shown = { model, version: snapshot.version, window, view };
    this.post({ type: 'show', view });
  }

  /** Sets scope, page and highlight for a focus. */
  private goTo(model: CaptureModel, focus: DiagramFocus, pageSize: number, document: vscode.TextDocument): void {
    const packet = focus.packet === 'cursor' ? this.cursorPacket(document, model) : focus.packet ?? null;
    const valid = packet !== null && packet < model.packetCount ? packet : null;
    this.highlight = valid;
    const connection = focus.connection !== undefined && focus.connection < model.connections.length ? focus.connection : undefined;
    if (connection !== undefined) this.scope = connection;
    else if (valid !== null && !(focus.keepAll && this.scope === 'all')) this.scope = model.packets.conn[valid];
    else if (valid === null && !focus.keepAll) this.scope = 'all'; // a new panel with the cursor on no packet
    if (valid !== null) this.page = Math.max(0, pageOfPacket(model, this.scope, pageSize, valid));
    else if (connection !== undefined || !focus.keepAll) this.page = 0;
    // else: the cursor is on no packet, and what is shown stays
  }

  /** The packet at the cursor of the editor (the active one if it shows the document), in `model`; null if none. */
  private cursorPacket(document: vscode.TextDocument, model: CaptureModel, editor = this.editor(document)): number | null {
    if (!editor) return null;
    const found = this.context.packets.peek(document, editor.selection.active.line);
    return found && found.model === model ? found.packet : null;
  }

  private editor(document = this.document): vscode.TextEditor | undefined {
    if (!document) return undefined;
    const active = vscode.window.activeTextEditor;
    if (active?.document === document) return active;
    return vscode.window.visibleTextEditors.find((editor) => editor.document === document);
  }

  private post(message: ExtensionToWebviewMessage): void {
    if (this.disposed) return;
    void this.webviewPanel.webview.postMessage(message).then(undefined, () => undefined);
    this.postEmitter.fire(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const [id, answer] of [...this.answers]) answer({ type: 'exportFailed', id, message: vscode.l10n.t('the diagram view was closed') });
    this.disposeEmitter.fire();
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.webviewPanel.dispose();
  }
}

export function createDiagramWebviewPanel(title: string): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
}

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

function bytesOfBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

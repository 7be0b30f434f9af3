/**
 * The sequence diagram panels, one per capture document (keyed by its URI): opened beside the
 * editor, revealed when asked again, kept in step with the model and the cursor, and restored after a
 * window reload from the state the webview saved.
 */
import * as vscode from 'vscode';
import { diagramWebviewStateOf } from '../protocol';
import { DIAGRAM_VIEW_TYPE } from './diagramCommandIds';
import { createDiagramWebviewPanel, DiagramPanel, type DiagramFocus, type DiagramRenderReport } from './diagramPanel';
import { affectsDiagrams } from './diagramSettings';
import type { ModelCache } from './modelCache';
import type { PacketLookup } from './packetLookup';

/** For the extension-host tests: enough to wait on real renders. */
export interface DiagramsApi {
  /** The panel of a document, if one is open. */
  panelOf(document: vscode.Uri | string): DiagramPanel | undefined;
  /** Fires whenever a webview reports a drawn diagram. */
  readonly onDidRender: vscode.Event<DiagramRenderReport>;
  /** What VS Code calls to restore a panel after a window reload. */
  readonly serializer: vscode.WebviewPanelSerializer;
}

export class DiagramPanels implements vscode.Disposable, vscode.WebviewPanelSerializer, DiagramsApi {
  private readonly panels = new Map<string, DiagramPanel>();
  private readonly renderEmitter = new vscode.EventEmitter<DiagramRenderReport>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidRender = this.renderEmitter.event;
  /** Set by the commands: what the webview's toolbar buttons run. */
  runCommand: (command: 'export' | 'copyMermaid', panel: DiagramPanel) => void = () => undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: ModelCache,
    private readonly packets: PacketLookup,
  ) {
    this.subscriptions = [
      this.renderEmitter,
      vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, this),
      models.onDidChangeModel(({ document }) => this.panelOf(document.uri)?.refresh()),
      // Keys, the mouse and commands (Go to Line, a reveal) give a kind; VS Code restoring a selection gives none.
      vscode.window.onDidChangeTextEditorSelection(({ textEditor, kind }) => this.panelOf(textEditor.document.uri)?.cursorMoved(textEditor, kind !== undefined)),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (affectsDiagrams(change)) this.panels.forEach((panel) => panel.refresh());
      }),
    ];
  }

  get serializer(): vscode.WebviewPanelSerializer {
    return this;
  }

  panelOf(document: vscode.Uri | string): DiagramPanel | undefined {
    return this.panels.get(document.toString());
  }

  /** The panel the user is in, else the one of the active editor's document. */
  get active(): DiagramPanel | undefined {
    for (const panel of this.panels.values()) if (panel.webviewPanel.active) return panel;
    const document = vscode.window.activeTextEditor?.document;
    return document && this.panelOf(document.uri);
  }

  /**
   * Opens the document's panel beside its editor (the editor shown first if none is), or reveals the
   * panel it has; `focus` then says what to show (a new panel without one goes to the cursor's packet).
   */
  async open(document: vscode.TextDocument, focus?: DiagramFocus): Promise<DiagramPanel> {
    const existing = this.panelOf(document.uri);
    if (existing) {
      existing.webviewPanel.reveal(undefined, true);
      if (focus) existing.show(focus);
      return existing;
    }
    // Beside the capture: its editor's group becomes the active one, the panel opens next to it.
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    if (vscode.window.activeTextEditor?.document !== document) {
      await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn, preserveFocus: false });
    }
    const again = this.panelOf(document.uri); // opened meanwhile
    if (again) return again;
    return this.adopt(createDiagramWebviewPanel('TCP Lens'), document.uri, { focus: focus ?? { packet: 'cursor' } });
  }

  /** After a window reload: the panel the webview's saved state names, else nothing to restore. */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = diagramWebviewStateOf(state);
    let uri: vscode.Uri | undefined;
    try {
      uri = saved && vscode.Uri.parse(saved.documentUri, true);
    } catch {
      uri = undefined;
    }
    if (!saved || !uri || this.panelOf(uri)) {
      webviewPanel.dispose();
      return;
    }
    this.adopt(webviewPanel, uri, { scope: saved.scope, page: saved.page });
  }

  private adopt(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri, start: ConstructorParameters<typeof DiagramPanel>[3]): DiagramPanel {
    const panel = new DiagramPanel(
      webviewPanel,
      uri,
      {
        extensionUri: this.extensionUri,
        models: this.models,
        packets: this.packets,
        runCommand: (command, from) => this.runCommand(command, from),
        rendered: (report) => this.renderEmitter.fire(report),
      },
      start,
    );
    this.panels.set(panel.key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(panel.key) === panel) this.panels.delete(panel.key);
    });
    return panel;
  }

  dispose(): void {
    this.panels.forEach((panel) => panel.dispose());
    this.panels.clear();
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

/**
 * The TCP Connections view: the connections of the capture in the active editor, with endpoints,
 * final states, Zeek's conn_state and counts, their phases and details as children, and the findings
 * as their own nodes. Clicking one reveals its first line in the editor; moving the editor's cursor onto
 * a packet line selects that packet's connection (while the view is visible). Large captures come in pages
 * of `PAGE_SIZE`, so 100 000 connections make 100 top-level nodes, each filled only when expanded.
 * Everything shown is plain text (labels, descriptions, string tooltips): names from a capture can
 * never become markdown here.
 */
import * as vscode from 'vscode';
import { findingMessage } from '../core/explain/findingMessage';
import type { CaptureModel, ConnectionRecord, Finding } from '../core/model/captureModel';
import { connectionSummary, lastLineOfPacket, lineOfPacket, packetAtLine } from '../core/query';
import {
  closeText,
  connectionKindText,
  connectionName,
  finalStatesText,
  handshakeText,
  linesText,
  messageText,
  packetCountText,
  phaseText,
  zeekStateMeaning,
} from './connectionText';
import { baseName } from './captureUris';
import { lineRange, showLinesSelected } from './documentLines';
import type { ModelCache } from './modelCache';

export const CONNECTIONS_VIEW_ID = 'tcpLens.connections';
export const REVEAL_CONNECTION_COMMAND = 'tcpLens.revealConnection';
/** Internal: reveals lines of a capture in its editor (the tree items' click). */
export const REVEAL_LINES_COMMAND = 'tcpLens.revealLines';

/** Connections (or findings) per page once there are more than this. */
export const PAGE_SIZE = 1000;

/** How long the cursor must rest before the view selects the connection under it. */
export const FOLLOW_CURSOR_DELAY_MS = 150;

export interface RevealConnectionArgs {
  /** The capture document's URI, as `Uri.toString()` gives it. */
  readonly uri: string;
  /** The connection's number (`#n`, its index in the model). */
  readonly connection: number;
}

interface RevealLinesArgs {
  readonly uri: string;
  /** 1-based lines of the whole text (`ModelCache.linesModel`'s): on a paged capture text, maybe of another page. */
  readonly first: number;
  readonly last: number;
}

export type ConnectionsTreeNode =
  | { readonly kind: 'findings' }
  | { readonly kind: 'finding'; readonly finding: number }
  | { readonly kind: 'page'; readonly of: 'connections' | 'findings'; readonly first: number; readonly last: number }
  | { readonly kind: 'connection'; readonly connection: number }
  | { readonly kind: 'detail'; readonly connection: number; readonly detail: number };

interface DetailItem {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon: string | vscode.ThemeIcon;
  readonly lines?: { readonly first: number; readonly last: number };
  readonly finding?: number;
}

/** What the view shows: one capture document and the model it was last given. */
interface Shown {
  readonly document: vscode.TextDocument;
  model: CaptureModel | undefined;
  stale: boolean;
  /** Nodes handed to the view, by id, so that `reveal` and `getParent` find the same objects. */
  readonly nodes: Map<string, ConnectionsTreeNode>;
  readonly details: Map<number, DetailItem[]>;
}

export class ConnectionsTree implements vscode.TreeDataProvider<ConnectionsTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ConnectionsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  readonly treeView: vscode.TreeView<ConnectionsTreeNode>;
  private shown: Shown | undefined;
  private followTimer: ReturnType<typeof setTimeout> | undefined;
  /** The reveal under way: reveals run one at a time (two at once can leave VS Code unable to resolve a paged node). */
  private revealing: Promise<unknown> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly modelCache: ModelCache) {
    this.treeView = vscode.window.createTreeView(CONNECTIONS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions = [
      this.treeView,
      this.changeEmitter,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && this.modelCache.isModelled(editor.document)) void this.show(editor.document);
      }),
      modelCache.onDidChangeModel(({ document, model }) => {
        if (this.shown?.document === document) this.setModel(model, false);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.shown?.document !== document) return;
        const next = vscode.window.visibleTextEditors.find((editor) => editor.document !== document && this.modelCache.isModelled(editor.document));
        if (next) void this.show(next.document);
        else this.clear();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.followCursorSoon();
      }),
      this.treeView.onDidChangeVisibility(({ visible }) => {
        if (visible) this.followCursorSoon();
      }),
      vscode.commands.registerCommand(REVEAL_CONNECTION_COMMAND, (args?: RevealConnectionArgs) => this.revealConnectionCommand(args)),
      vscode.commands.registerCommand(REVEAL_LINES_COMMAND, (args: RevealLinesArgs) => this.revealLines(args)),
    ];
    const active = vscode.window.activeTextEditor?.document;
    if (active && modelCache.isModelled(active)) void this.show(active);
    else this.clear();
  }

  /** The capture the view shows, if any. */
  get document(): vscode.TextDocument | undefined {
    return this.shown?.document;
  }

  get model(): CaptureModel | undefined {
    return this.shown?.model;
  }

  /** Shows a capture's connections: the model at hand at once (a stale one marked so), then the current one. */
  async show(document: vscode.TextDocument): Promise<CaptureModel | undefined> {
    if (this.shown?.document !== document) {
      this.shown = { document, model: undefined, stale: false, nodes: new Map(), details: new Map() };
      this.treeView.description = baseName(document.uri);
      const snapshot = this.modelCache.peek(document);
      if (snapshot) this.setModel(snapshot.model, snapshot.stale);
      else {
        this.updateMessage();
        this.changeEmitter.fire(undefined);
      }
    }
    const shown = this.shown;
    const model = await this.modelCache.currentModel(document);
    if (model && this.shown === shown && (shown.model !== model || shown.stale)) this.setModel(model, false);
    return model;
  }

  private setModel(model: CaptureModel, stale: boolean): void {
    const shown = this.shown;
    if (!shown) return;
    if (shown.model !== model) {
      shown.nodes.clear();
      shown.details.clear();
    }
    shown.model = model;
    shown.stale = stale;
    this.updateMessage();
    this.changeEmitter.fire(undefined);
    if (!stale) this.followCursorSoon();
  }

  private followCursorSoon(): void {
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => void this.followCursor(), FOLLOW_CURSOR_DELAY_MS);
  }

  /**
   * Selects the connection of the packet under the active editor's cursor, leaving the focus where it
   * is. Only while the view is visible (revealing would open it), and only from the model of the text
   * as it is now: while an edit is being analysed, the lines may have moved.
   */
  private async followCursor(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const shown = this.shown;
    const model = shown?.model;
    if (!this.treeView.visible || !editor || !shown || !model || editor.document !== shown.document) return;
    const snapshot = this.modelCache.peek(shown.document);
    if (!snapshot || snapshot.stale || snapshot.model !== model) return;
    const packet = packetAtLine(model, editor.selection.active.line + 1);
    if (packet < 0) return;
    const node = this.connectionNode(model.packets.conn[packet]);
    if (this.treeView.selection.length === 1 && this.treeView.selection[0] === node) return;
    try {
      await this.reveal(node);
    } catch {
      // The view was closed or given another capture meanwhile: the next cursor move tries again.
    }
  }

  /** Selects a node, expanding the pages above it, without taking the focus; after the reveal before it. */
  private reveal(node: ConnectionsTreeNode): Promise<void> {
    const reveal = this.revealing.then(
      () => this.treeView.reveal(node, { select: true, focus: false, expand: false }),
      () => this.treeView.reveal(node, { select: true, focus: false, expand: false }),
    );
    this.revealing = reveal.catch(() => undefined);
    return reveal;
  }

  private clear(): void {
    this.shown = undefined;
    this.treeView.description = undefined;
    this.updateMessage();
    this.changeEmitter.fire(undefined);
  }

  private updateMessage(): void {
    const shown = this.shown;
    if (!shown) this.treeView.message = vscode.l10n.t('Open a tcpdump text file or a pcap/pcapng capture to see its TCP connections.');
    else if (!shown.model) this.treeView.message = vscode.l10n.t('Analysing {0}…', baseName(shown.document.uri));
    else if (shown.model.connections.length === 0) this.treeView.message = vscode.l10n.t('No TCP connections in {0}.', baseName(shown.document.uri));
    else if (shown.stale) this.treeView.message = vscode.l10n.t('The capture changed: showing the previous analysis until the new one is ready.');
    else this.treeView.message = undefined;
  }

  private node(id: string, make: () => ConnectionsTreeNode): ConnectionsTreeNode {
    const nodes = this.shown?.nodes;
    if (!nodes) return make();
    let node = nodes.get(id);
    if (!node) nodes.set(id, (node = make()));
    return node;
  }

  private idOf(node: ConnectionsTreeNode): string {
    const prefix = this.shown?.document.uri.toString() ?? '';
    switch (node.kind) {
      case 'findings':
        return `${prefix}|findings`;
      case 'finding':
        return `${prefix}|finding|${node.finding}`;
      case 'page':
        return `${prefix}|page|${node.of}|${node.first}`;
      case 'connection':
        return `${prefix}|connection|${node.connection}`;
      case 'detail':
        return `${prefix}|connection|${node.connection}|${node.detail}`;
    }
  }

  connectionNode(connection: number): ConnectionsTreeNode {
    const make = (): ConnectionsTreeNode => ({ kind: 'connection', connection });
    return this.node(this.idOf(make()), make);
  }

  private findingNode(finding: number): ConnectionsTreeNode {
    const make = (): ConnectionsTreeNode => ({ kind: 'finding', finding });
    return this.node(this.idOf(make()), make);
  }

  private pageNode(of: 'connections' | 'findings', index: number, total: number): ConnectionsTreeNode {
    const first = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
    const make = (): ConnectionsTreeNode => ({ kind: 'page', of, first, last: Math.min(first + PAGE_SIZE, total) - 1 });
    return this.node(this.idOf(make()), make);
  }

  private findingsNode(): ConnectionsTreeNode {
    const make = (): ConnectionsTreeNode => ({ kind: 'findings' });
    return this.node(this.idOf(make()), make);
  }

  /** A list of `total` items: directly, or in pages past `PAGE_SIZE`. */
  private paged(of: 'connections' | 'findings', total: number, item: (index: number) => ConnectionsTreeNode): ConnectionsTreeNode[] {
    if (total <= PAGE_SIZE) return Array.from({ length: total }, (_, index) => item(index));
    return Array.from({ length: Math.ceil(total / PAGE_SIZE) }, (_, page) => this.pageNode(of, page * PAGE_SIZE, total));
  }

  getChildren(node?: ConnectionsTreeNode): ConnectionsTreeNode[] {
    const model = this.shown?.model;
    if (!model) return [];
    if (!node) {
      const connections = this.paged('connections', model.connections.length, (index) => this.connectionNode(index));
      return model.findings.length > 0 ? [this.findingsNode(), ...connections] : connections;
    }
    switch (node.kind) {
      case 'findings':
        return this.paged('findings', model.findings.length, (index) => this.findingNode(index));
      case 'page': {
        const make = node.of === 'connections' ? (index: number) => this.connectionNode(index) : (index: number) => this.findingNode(index);
        return Array.from({ length: node.last - node.first + 1 }, (_, offset) => make(node.first + offset));
      }
      case 'connection':
        return this.detailsOf(node.connection).map((_, detail) => {
          const make = (): ConnectionsTreeNode => ({ kind: 'detail', connection: node.connection, detail });
          return this.node(this.idOf(make()), make);
        });
      default:
        return [];
    }
  }

  getParent(node: ConnectionsTreeNode): ConnectionsTreeNode | undefined {
    const model = this.shown?.model;
    if (!model) return undefined;
    switch (node.kind) {
      case 'connection':
        return model.connections.length > PAGE_SIZE ? this.pageNode('connections', node.connection, model.connections.length) : undefined;
      case 'finding':
        return model.findings.length > PAGE_SIZE ? this.pageNode('findings', node.finding, model.findings.length) : this.findingsNode();
      case 'page':
        return node.of === 'findings' ? this.findingsNode() : undefined;
      case 'detail':
        return this.connectionNode(node.connection);
      default:
        return undefined;
    }
  }

  getTreeItem(node: ConnectionsTreeNode): vscode.TreeItem {
    const shown = this.shown;
    const model = shown?.model;
    if (!shown || !model) return new vscode.TreeItem('');
    const item = this.itemOf(shown, model, node);
    item.id = this.idOf(node);
    return item;
  }

  /** The full tooltip of a connection only when hovered: it needs the connection's summary. */
  resolveTreeItem(item: vscode.TreeItem, node: ConnectionsTreeNode): vscode.TreeItem {
    const model = this.shown?.model;
    if (node.kind === 'connection' && model && node.connection < model.connections.length) item.tooltip = connectionTooltip(model, node.connection);
    return item;
  }

  private itemOf(shown: Shown, model: CaptureModel, node: ConnectionsTreeNode): vscode.TreeItem {
    const uri = shown.document.uri.toString();
    // Lines to reveal are of the whole text: on a paged capture text, the page of the line is shown first.
    const linesModel = this.modelCache.linesModel(shown.document, model);
    switch (node.kind) {
      case 'findings': {
        const item = new vscode.TreeItem(vscode.l10n.t('Findings'), vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(model.findings.length);
        item.iconPath = new vscode.ThemeIcon('warning');
        item.contextValue = 'tcpLens.findings';
        return item;
      }
      case 'page': {
        const label =
          node.of === 'connections'
            ? vscode.l10n.t('Connections #{0}–#{1}', node.first, node.last)
            : vscode.l10n.t('Findings {0}–{1}', node.first + 1, node.last + 1);
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('list-flat');
        item.contextValue = 'tcpLens.page';
        return item;
      }
      case 'finding':
        return findingItem(linesModel, node.finding, uri);
      case 'connection':
        return connectionItem(linesModel, model.connections[node.connection], uri);
      case 'detail': {
        const detail = this.detailsOf(node.connection)[node.detail];
        const item = new vscode.TreeItem(detail.label, vscode.TreeItemCollapsibleState.None);
        item.description = detail.description;
        item.tooltip = detail.tooltip ?? [detail.label, detail.description].filter(Boolean).join(' · ');
        item.iconPath = typeof detail.icon === 'string' ? new vscode.ThemeIcon(detail.icon) : detail.icon;
        if (detail.lines) item.command = revealLinesCommand(uri, detail.lines.first, detail.lines.last);
        if (detail.finding !== undefined) item.command = findingItem(linesModel, detail.finding, uri).command;
        return item;
      }
    }
  }

  /** A connection's children: its phases, both endpoints, Zeek's view, counts, events and findings. */
  private detailsOf(connection: number): DetailItem[] {
    const shown = this.shown;
    const model = shown?.model;
    if (!shown || !model || connection >= model.connections.length) return [];
    let details = shown.details.get(connection);
    if (details) return details;
    const summary = connectionSummary(model, connection);
    const record = summary.connection;
    const linesModel = this.modelCache.linesModel(shown.document, model);
    details = [];
    for (const phase of summary.phases) {
      const first = lineOfPacket(linesModel, phase.firstPacket);
      const last = lastLineOfPacket(linesModel, phase.lastPacket);
      const label = phase.phase === 'handshake' ? handshakeText(record.handshake) : phase.phase === 'close' ? closeText(record.close) : phaseText(phase.phase);
      details.push({ label, description: linesText(first, last), icon: phaseIcon(phase.phase), lines: { first, last } });
    }
    details.push({
      label: vscode.l10n.t('client {0}', summary.clientText),
      description: vscode.l10n.t('final state {0}', record.finalState.client),
      icon: 'arrow-right',
    });
    details.push({
      label: vscode.l10n.t('server {0}', summary.serverText),
      description: vscode.l10n.t('final state {0}', record.finalState.server),
      icon: 'server',
    });
    details.push({
      label: vscode.l10n.t('Zeek conn_state {0}', record.zeekState),
      description: vscode.l10n.t('history {0}', record.zeekHistory || '-'),
      tooltip: `${record.zeekState}: ${zeekStateMeaning(record.zeekState)}`,
      icon: 'symbol-enum',
    });
    details.push({
      label: packetCountText(record.packets),
      description: vscode.l10n.t('{0} bytes client → server, {1} bytes server → client', record.bytes.c2s, record.bytes.s2c),
      icon: 'symbol-number',
    });
    if (summary.eventCounts.length > 0) {
      details.push({
        label: vscode.l10n.t('events'),
        description: summary.eventCounts.map(({ tag, count }) => `${tag} ×${count}`).join(', '),
        icon: 'pulse',
      });
    }
    model.findings.forEach((finding, index) => {
      if (finding.connections.includes(connection)) {
        details!.push({ label: messageText(findingMessage(finding)), icon: findingIcon(finding), finding: index });
      }
    });
    shown.details.set(connection, details);
    return details;
  }

  /** Reveals lines of the capture in an editor showing it (opening one if none does) and selects them. */
  async revealLines(args: RevealLinesArgs, preserveFocus = true): Promise<vscode.TextEditor | undefined> {
    const document = await documentOf(args.uri);
    if (!document) return undefined;
    // On a paged capture text the lines may be on another page.
    const lines = await this.modelCache.linesShown(document, args.first, args.last);
    if (!lines) return undefined;
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const range = lineRange(document, lines.first, lines.last);
    return showLinesSelected(document, range, { viewColumn: visible?.viewColumn, preserveFocus });
  }

  /**
   * Reveals a connection in the view (selected) and its first packet line in the editor. Without
   * arguments (the command palette), the connection of the packet at the active editor's cursor.
   */
  async revealConnection(args: RevealConnectionArgs): Promise<boolean> {
    const document = await documentOf(args.uri);
    if (!document || !this.modelCache.isModelled(document)) return false;
    const model = await this.show(document);
    if (!model || !Number.isInteger(args.connection) || args.connection < 0 || args.connection >= model.connections.length) return false;
    const record = model.connections[args.connection];
    const line = lineOfPacket(this.modelCache.linesModel(document, model), record.firstIndex);
    await this.revealLines({ uri: args.uri, first: line, last: line });
    const shownModel = this.shown?.model;
    if (!shownModel || !this.modelCache.sameAnalysis(document, shownModel, model)) return false;
    await this.reveal(this.connectionNode(args.connection));
    return true;
  }

  private async revealConnectionCommand(args?: RevealConnectionArgs): Promise<boolean> {
    if (args && typeof args.uri === 'string') return this.revealConnection(args);
    const editor = vscode.window.activeTextEditor;
    const model = editor ? await this.modelCache.currentModel(editor.document) : undefined;
    if (!editor || !model) {
      void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: the active editor shows no capture.'));
      return false;
    }
    const packet = packetAtLine(model, editor.selection.active.line + 1);
    if (packet < 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: no TCP packet on this line.'));
      return false;
    }
    return this.revealConnection({ uri: editor.document.uri.toString(), connection: model.packets.conn[packet] });
  }

  dispose(): void {
    clearTimeout(this.followTimer);
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

async function documentOf(uri: string): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
  } catch {
    return undefined;
  }
}

function revealLinesCommand(uri: string, first: number, last: number): vscode.Command {
  const args: RevealLinesArgs = { uri, first, last };
  return { title: vscode.l10n.t('Reveal in Editor'), command: REVEAL_LINES_COMMAND, arguments: [args] };
}

function connectionItem(model: CaptureModel, record: ConnectionRecord, uri: string): vscode.TreeItem {
  const item = new vscode.TreeItem(connectionName(record), vscode.TreeItemCollapsibleState.Collapsed);
  item.description = `${finalStatesText(record)} · ${record.zeekState} · ${packetCountText(record.packets)}`;
  item.iconPath = connectionIcon(record);
  item.contextValue = 'tcpLens.connection';
  const line = lineOfPacket(model, record.firstIndex);
  item.command = revealLinesCommand(uri, line, line);
  return item;
}

function connectionTooltip(model: CaptureModel, connection: number): string {
  const summary = connectionSummary(model, connection);
  const record = summary.connection;
  const lines = [
    connectionName(record),
    connectionKindText(record),
    vscode.l10n.t('client {0}: final state {1}', summary.clientText, record.finalState.client),
    vscode.l10n.t('server {0}: final state {1}', summary.serverText, record.finalState.server),
    vscode.l10n.t('Zeek {0} ({1}), history {2}', record.zeekState, zeekStateMeaning(record.zeekState), record.zeekHistory || '-'),
    `${packetCountText(record.packets)}, ${vscode.l10n.t('{0} bytes client → server, {1} bytes server → client', record.bytes.c2s, record.bytes.s2c)}`,
    vscode.l10n.t('{0} s from frame {1} to frame {2}', summary.durationSeconds.toFixed(3), record.firstN, record.lastN),
  ];
  if (record.rtt !== null) lines.push(vscode.l10n.t('initial RTT {0} ms', (record.rtt * 1000).toFixed(3)));
  if (summary.eventCounts.length > 0) lines.push(summary.eventCounts.map(({ tag, count }) => `${tag} ×${count}`).join(', '));
  return lines.join('\n');
}

function findingItem(model: CaptureModel, index: number, uri: string): vscode.TreeItem {
  const finding = model.findings[index];
  const text = messageText(findingMessage(finding));
  const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
  item.description = finding.kind;
  item.tooltip = text;
  item.iconPath = findingIcon(finding);
  item.contextValue = 'tcpLens.finding';
  const frame = finding.packets[0];
  const connection = model.connections[finding.connections[0]];
  const line =
    frame !== undefined && frame >= 1 && frame <= model.frameLines.frameFirstLine.length
      ? model.frameLines.frameFirstLine[frame - 1]
      : connection
        ? lineOfPacket(model, connection.firstIndex)
        : undefined;
  if (line !== undefined) item.command = revealLinesCommand(uri, line, line);
  return item;
}

function findingIcon(finding: Finding): vscode.ThemeIcon {
  switch (finding.severity) {
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    default:
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  }
}

function connectionIcon(record: ConnectionRecord): vscode.ThemeIcon {
  if (record.close === 'reset') return new vscode.ThemeIcon('debug-disconnect');
  if (record.handshake === 'incomplete') return new vscode.ThemeIcon('circle-slash');
  if (record.close === 'open' || record.close === 'half-closed') return new vscode.ThemeIcon('plug');
  return new vscode.ThemeIcon('arrow-swap');
}

function phaseIcon(phase: 'handshake' | 'data' | 'close'): string {
  return phase === 'handshake' ? 'debug-start' : phase === 'close' ? 'debug-stop' : 'arrow-both';
}

export function registerConnectionsTree(modelCache: ModelCache): ConnectionsTree {
  return new ConnectionsTree(modelCache);
}

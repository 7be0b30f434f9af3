/**
 * A CodeLens above each connection's first packet: who talks to whom, how the connection opened and
 * closed, Zeek's conn_state, how many packets, a link that reveals it in the TCP Connections view and one
 * that shows it as a sequence diagram.
 * A capture with more connections than `MAX_CONNECTION_LENSES` gets lenses only for the connections
 * that start near the lines on screen, renewed as the editor scrolls.
 */
import * as vscode from 'vscode';
import type { CaptureModel } from '../core/model/captureModel';
import { lineOfPacket } from '../core/query';
import { REVEAL_CONNECTION_COMMAND, type RevealConnectionArgs } from './connectionsTree';
import { connectionKindText, connectionName, packetCountText } from './connectionText';
import { SHOW_SEQUENCE_DIAGRAM_COMMAND, type ShowSequenceDiagramArgs } from './diagramCommandIds';
import { lineAt, showsLines } from './documentLines';
import type { ModelCache } from './modelCache';

export const MAX_CONNECTION_LENSES = 200;
/** Lines above and below the visible ones whose connections get lenses too, so that scrolling a little shows them at once. */
const VISIBLE_MARGIN_LINES = 100;
const SCROLL_SETTLE_MS = 150;

export const CODE_LENS_SETTING = 'tcpLens.codeLens.enabled';

class ConnectionCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable[];
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;
  /** Documents whose lenses depend on the visible lines (more connections than lenses). */
  private readonly capped = new Set<string>();

  constructor(private readonly modelCache: ModelCache) {
    this.subscriptions = [
      this.changeEmitter,
      modelCache.onDidChangeModel(() => this.changeEmitter.fire()),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration(CODE_LENS_SETTING)) this.changeEmitter.fire();
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((change) => {
        if (!this.capped.has(change.textEditor.document.uri.toString())) return;
        clearTimeout(this.scrollTimer);
        this.scrollTimer = setTimeout(() => this.changeEmitter.fire(), SCROLL_SETTLE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.capped.delete(document.uri.toString())),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration().get<boolean>(CODE_LENS_SETTING, true)) return [];
    const model = await this.modelCache.currentModel(document, token);
    if (!model || token.isCancellationRequested) return [];
    const key = document.uri.toString();
    if (model.connections.length > MAX_CONNECTION_LENSES) this.capped.add(key);
    else this.capped.delete(key);
    const chosen = connectionsWithLenses(document, model);
    const lenses = chosen.flatMap((connection) => connectionLenses(document, model, connection));
    if (model.connections.length > MAX_CONNECTION_LENSES && chosen.length < model.connections.length) {
      lenses.unshift(
        new vscode.CodeLens(lineAt(document, 1), {
          title: vscode.l10n.t(
            'CodeLens on {0} of {1} connections: those starting near the lines on screen (the TCP Connections view lists them all)',
            chosen.length,
            model.connections.length,
          ),
          command: '',
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    clearTimeout(this.scrollTimer);
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

/** CodeLens titles render `$(name)` as an icon: text from the capture keeps it as text. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

function connectionLenses(document: vscode.TextDocument, model: CaptureModel, connection: number): vscode.CodeLens[] {
  const record = model.connections[connection];
  const range = lineAt(document, lineOfPacket(model, record.firstIndex));
  const args: RevealConnectionArgs = { uri: document.uri.toString(), connection };
  const diagram: ShowSequenceDiagramArgs = { uri: document.uri.toString(), connection };
  return [
    new vscode.CodeLens(range, {
      title: `${escapeIcons(connectionName(record))} · ${connectionKindText(record)} · ${packetCountText(record.packets)}`,
      tooltip: vscode.l10n.t('Reveal connection #{0} in the TCP Connections view', connection),
      command: REVEAL_CONNECTION_COMMAND,
      arguments: [args],
    }),
    new vscode.CodeLens(range, {
      title: vscode.l10n.t('$(list-tree) Show in TCP Connections'),
      tooltip: vscode.l10n.t('Reveal connection #{0} in the TCP Connections view', connection),
      command: REVEAL_CONNECTION_COMMAND,
      arguments: [args],
    }),
    new vscode.CodeLens(range, {
      title: vscode.l10n.t('$(git-compare) Sequence diagram'),
      tooltip: vscode.l10n.t('Show connection #{0} as a sequence diagram beside the capture', connection),
      command: SHOW_SEQUENCE_DIAGRAM_COMMAND,
      arguments: [diagram],
    }),
  ];
}

/** All connections, or, past the cap, those whose first packet is near the lines the editors show. */
function connectionsWithLenses(document: vscode.TextDocument, model: CaptureModel): number[] {
  const total = model.connections.length;
  const all = (count: number) => Array.from({ length: count }, (_, connection) => connection);
  if (total <= MAX_CONNECTION_LENSES) return all(total).filter((connection) => showsLines(document, lineOfPacket(model, model.connections[connection].firstIndex)));
  const visible = vscode.window.visibleTextEditors
    .filter((editor) => editor.document === document)
    .flatMap((editor) => editor.visibleRanges)
    .map((range) => ({ first: range.start.line + 1 - VISIBLE_MARGIN_LINES, last: range.end.line + 1 + VISIBLE_MARGIN_LINES }));
  if (visible.length === 0) return all(MAX_CONNECTION_LENSES);
  const chosen: number[] = [];
  for (let connection = 0; connection < total && chosen.length < MAX_CONNECTION_LENSES; connection++) {
    const line = lineOfPacket(model, model.connections[connection].firstIndex);
    if (visible.some((range) => line >= range.first && line <= range.last)) chosen.push(connection);
  }
  return chosen;
}

export function registerCodeLens(modelCache: ModelCache): vscode.Disposable {
  const provider = new ConnectionCodeLensProvider(modelCache);
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider({ language: 'tcpdump' }, provider));
}

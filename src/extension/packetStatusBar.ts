import * as vscode from 'vscode';
import type { Role, TcpStateName } from '../core/model/captureModel';
import { endpointText, statesAround, type EndpointStates } from '../core/query';
import { REVEAL_CONNECTION_COMMAND, type RevealConnectionArgs } from './connectionsTree';
import { escapeMarkdown } from './markdownText';
import { commandLink } from './packetHover';
import type { PacketAtLine, PacketLookup } from './packetLookup';

/** Shows the explanation (the hover) of the packet at the cursor; the status bar item's click. */
export const EXPLAIN_PACKET_COMMAND = 'tcpLens.explainPacketAtCursor';

/**
 * The state pair after the packet at the cursor (`client ESTABLISHED ·
 * server CLOSE_WAIT`) in the status bar, for tcpdump documents only.
 */
export function registerPacketStatusBar(packets: PacketLookup): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('tcpLens.packetStates', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('TCP Lens: TCP states at the cursor');
  item.command = EXPLAIN_PACKET_COMMAND;
  let asked = 0;
  let shown: { document: vscode.TextDocument; line: number } | undefined;
  const hide = () => {
    shown = undefined;
    item.hide();
  };

  const update = async () => {
    const question = ++asked;
    const editor = vscode.window.activeTextEditor;
    if (!editor || !packets.models.isModelled(editor.document)) return hide();
    const { document } = editor;
    const line = editor.selection.active.line;
    let found = packets.peek(document, line);
    if (found === undefined) {
      // An edit touched this line and its model is on the way (onDidChangeModel brings it): asking for it
      // now would analyse every keystroke. While the cursor stays on the line shown, it stays shown.
      if (packets.models.peek(document)) return shown?.document === document && shown.line === line ? undefined : hide();
      found = (await packets.inCurrentModel(document, line).catch(() => undefined)) ?? null;
      if (question !== asked) return; // the cursor or the editor moved on meanwhile
    }
    if (!found) return hide();
    showStates(item, document, found);
    shown = { document, line };
    item.show();
  };
  const refresh = () => void update();
  refresh();

  return vscode.Disposable.from(
    item,
    vscode.commands.registerCommand(EXPLAIN_PACKET_COMMAND, explainPacketAtCursor),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (event.textEditor === vscode.window.activeTextEditor) refresh();
    }),
    packets.models.onDidChangeModel((change) => {
      if (change.document === vscode.window.activeTextEditor?.document) refresh();
    }),
  );
}

function showStates(item: vscode.StatusBarItem, document: vscode.TextDocument, { model, packet }: PacketAtLine): void {
  const { sender, receiver } = statesAround(model, packet);
  const byRole = (role: Role): EndpointStates => (sender.role === role ? sender : receiver);
  const client = byRole('client');
  const server = byRole('server');
  item.text = `$(arrow-swap) ${vscode.l10n.t('client {clientState} · server {serverState}', { clientState: client.after, serverState: server.after })}`;
  item.accessibilityInformation = {
    label: vscode.l10n.t('TCP states after this packet: client {clientState}, server {serverState}', {
      clientState: client.after,
      serverState: server.after,
    }),
  };
  const connection = model.packets.conn[packet];
  const frame = model.packets.frame[packet];
  const reveal: RevealConnectionArgs = { uri: document.uri.toString(), connection };
  const tooltip = new vscode.MarkdownString('', false);
  tooltip.supportHtml = false;
  tooltip.isTrusted = { enabledCommands: [EXPLAIN_PACKET_COMMAND, REVEAL_CONNECTION_COMMAND] };
  tooltip.appendMarkdown(
    [
      escapeMarkdown(vscode.l10n.t('TCP states after frame {frame} (connection {connection})', { frame, connection })),
      stateLine(vscode.l10n.t('client'), endpointText(client.endpoint), client.before, client.after),
      stateLine(vscode.l10n.t('server'), endpointText(server.endpoint), server.before, server.after),
    ].join('  \n') +
      '\n\n' +
      `[${escapeMarkdown(vscode.l10n.t('Explain this packet'))}](${commandLink(EXPLAIN_PACKET_COMMAND, [])}) · ` +
      `[${escapeMarkdown(vscode.l10n.t('Reveal connection'))}](${commandLink(REVEAL_CONNECTION_COMMAND, [reveal])})`,
  );
  item.tooltip = tooltip;
}

function stateLine(role: string, endpoint: string, before: TcpStateName, after: TcpStateName): string {
  const states = before === after ? `\`${after}\`` : `\`${before}\` → \`${after}\``;
  return `**${escapeMarkdown(role)}** ${escapeMarkdown(endpoint)}&nbsp;&nbsp;${states}`;
}

/** The hover of the packet at the cursor, as if the mouse rested there. */
async function explainPacketAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: editor.selection, preserveFocus: false });
  await vscode.commands.executeCommand('editor.action.showHover');
}

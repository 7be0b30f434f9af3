import * as vscode from 'vscode';
import type { PacketAtLine, PacketLookup } from './packetLookup';
import { clientAndServer, EXPLAIN_PACKET_COMMAND, statesAfterLabel, statesAfterText, statesTooltip } from './packetStates';

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

function showStates(item: vscode.StatusBarItem, document: vscode.TextDocument, found: PacketAtLine): void {
  const states = clientAndServer(found);
  item.text = `$(arrow-swap) ${statesAfterText(states.client, states.server)}`;
  item.accessibilityInformation = { label: statesAfterLabel(states.client, states.server) };
  item.tooltip = statesTooltip(document, found, states, true);
}

/** The hover of the packet at the cursor, as if the mouse rested there. */
async function explainPacketAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: editor.selection, preserveFocus: false });
  await vscode.commands.executeCommand('editor.action.showHover');
}

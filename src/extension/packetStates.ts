/** Both endpoints' TCP states around a packet, as the status bar and the state hints show them. */
import * as vscode from 'vscode';
import type { Role, TcpStateName } from '../core/model/captureModel';
import { endpointText, statesAround, type EndpointStates } from '../core/query';
import { REVEAL_CONNECTION_COMMAND, type RevealConnectionArgs } from './connectionsTree';
import { escapeMarkdown } from './markdownText';
import { commandLink } from './packetHover';
import type { PacketAtLine } from './packetLookup';

/** Shows the explanation (the hover) of the packet at the cursor; the status bar item's click. */
export const EXPLAIN_PACKET_COMMAND = 'tcpLens.explainPacketAtCursor';

/** The client's and the server's states before and after the packet. */
export function clientAndServer({ model, packet }: PacketAtLine): { client: EndpointStates; server: EndpointStates } {
  const { sender, receiver } = statesAround(model, packet);
  const byRole = (role: Role): EndpointStates => (sender.role === role ? sender : receiver);
  return { client: byRole('client'), server: byRole('server') };
}

/** `client ESTABLISHED · server CLOSE_WAIT`: the states after the packet, each name padded with spaces to `width` (a column of them). */
export function statesAfterText(client: EndpointStates, server: EndpointStates, width = 0): string {
  return vscode.l10n.t('client {clientState} · server {serverState}', { clientState: client.after.padEnd(width), serverState: server.after.padEnd(width) });
}

/** What a screen reader says for `statesAfterText`. */
export function statesAfterLabel(client: EndpointStates, server: EndpointStates): string {
  return vscode.l10n.t('TCP states after this packet: client {clientState}, server {serverState}', { clientState: client.after, serverState: server.after });
}

/**
 * Each endpoint's state before → after the packet (`clientAndServer`'s), then links that reveal its
 * connection and (with `explainAtCursor`, for the packet at the cursor) explain it. Text from the
 * capture (addresses, service names) is escaped; only the extension's own commands are trusted.
 */
export function statesTooltip(
  document: vscode.TextDocument,
  { model, packet }: PacketAtLine,
  { client, server }: { client: EndpointStates; server: EndpointStates },
  explainAtCursor: boolean,
): vscode.MarkdownString {
  const connection = model.packets.conn[packet];
  const frame = model.packets.frame[packet];
  const reveal: RevealConnectionArgs = { uri: document.uri.toString(), connection };
  const tooltip = new vscode.MarkdownString('', false);
  tooltip.supportHtml = false;
  tooltip.isTrusted = { enabledCommands: explainAtCursor ? [EXPLAIN_PACKET_COMMAND, REVEAL_CONNECTION_COMMAND] : [REVEAL_CONNECTION_COMMAND] };
  const links = [`[${escapeMarkdown(vscode.l10n.t('Reveal connection'))}](${commandLink(REVEAL_CONNECTION_COMMAND, [reveal])})`];
  if (explainAtCursor) links.unshift(`[${escapeMarkdown(vscode.l10n.t('Explain this packet'))}](${commandLink(EXPLAIN_PACKET_COMMAND, [])})`);
  tooltip.appendMarkdown(
    [
      escapeMarkdown(vscode.l10n.t('TCP states after frame {frame} (connection {connection})', { frame, connection })),
      stateLine(vscode.l10n.t('client'), endpointText(client.endpoint), client.before, client.after),
      stateLine(vscode.l10n.t('server'), endpointText(server.endpoint), server.before, server.after),
    ].join('  \n') +
      '\n\n' +
      links.join(' · '),
  );
  return tooltip;
}

function stateLine(role: string, endpoint: string, before: TcpStateName, after: TcpStateName): string {
  const states = before === after ? `\`${after}\`` : `\`${before}\` → \`${after}\``;
  return `**${escapeMarkdown(role)}** ${escapeMarkdown(endpoint)}&nbsp;&nbsp;${states}`;
}

/** What the diagram's connection picker offers, and the words of its controls, in the display language. */
import * as vscode from 'vscode';
import type { DiagramScope } from '../core/diagram/diagramWindow';
import type { CaptureModel } from '../core/model/captureModel';
import type { DiagramScopeChoice, DiagramUiStrings } from '../protocol';
import { connectionName, packetCountText } from './connectionText';

/** Past this many connections the picker lists the first ones (and the one shown): a SYN flood has tens of thousands. */
export const MAX_SCOPE_CHOICES = 1000;

/** "All connections · 40 packets", then "#3 10.0.0.1:40000 → 10.0.0.2:80 · 12 packets" for each connection. */
export function diagramScopeChoices(model: CaptureModel, shown: DiagramScope): DiagramScopeChoice[] {
  const choices: DiagramScopeChoice[] = [{ scope: 'all', label: `${vscode.l10n.t('All connections')} · ${packetCountText(model.packetCount)}` }];
  const listed = Math.min(model.connections.length, MAX_SCOPE_CHOICES);
  const choice = (connection: number): DiagramScopeChoice => {
    const record = model.connections[connection];
    return { scope: connection, label: `${connectionName(record)} · ${packetCountText(record.packets)}` };
  };
  for (let connection = 0; connection < listed; connection++) choices.push(choice(connection));
  if (shown !== 'all' && shown >= listed && shown < model.connections.length) choices.push(choice(shown));
  return choices;
}

export function diagramUiStrings(): DiagramUiStrings {
  return {
    connection: vscode.l10n.t('Connection'),
    allConnections: vscode.l10n.t('All connections'),
    previousPage: vscode.l10n.t('Previous page'),
    nextPage: vscode.l10n.t('Next page'),
    page: vscode.l10n.t('Page {0} of {1}'),
    jumpToCursor: vscode.l10n.t("Go to the cursor's packet"),
    fitToWidth: vscode.l10n.t('Fit to width'),
    zoomIn: vscode.l10n.t('Zoom in'),
    zoomOut: vscode.l10n.t('Zoom out'),
    export: vscode.l10n.t('Export…'),
    copyMermaid: vscode.l10n.t('Copy Mermaid'),
    rendering: vscode.l10n.t('Drawing the diagram…'),
    stale: vscode.l10n.t('The document has changed: the diagram follows once it is analysed.'),
    noPackets: vscode.l10n.t('No TCP packets in this document.'),
    renderFailed: vscode.l10n.t('The diagram could not be drawn.'),
    keyboardHelp: vscode.l10n.t('Sequence diagram. Up and Down arrows: previous and next packet, its line selected in the editor; Home and End: first and last; Page Up and Page Down: previous and next page; plus and minus: zoom; 0: fit to width.'),
  };
}

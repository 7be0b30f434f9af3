/**
 * Both endpoints' TCP states after each packet, as an inlay hint on the packet's line (its first, for a
 * packet printed on several): a capture then reads as two state machines talking, without a hover.
 * `tcpLens.stateHints` puts them at the start of the line (a column of states before the packets, each
 * state name padded to the longest so that the packets stay aligned), at its end, or nowhere; VS Code's
 * `editor.inlayHints.enabled` applies as to every inlay hint.
 */
import * as vscode from 'vscode';
import { STATE_NAMES } from '../core/model/vocabulary';
import type { PacketAtLine, PacketLookup } from './packetLookup';
import { clientAndServer, statesAfterText, statesTooltip } from './packetStates';

export const STATE_HINTS_SETTING = 'tcpLens.stateHints';
type StateHintPlace = 'lineStart' | 'lineEnd' | 'off';

const LONGEST_STATE_NAME = Math.max(...STATE_NAMES.map((name) => name.length));

function statePlace(document: vscode.TextDocument): StateHintPlace {
  const place = vscode.workspace.getConfiguration(undefined, document).get<string>(STATE_HINTS_SETTING, 'lineStart');
  return place === 'lineEnd' || place === 'off' ? place : 'lineStart';
}

class StateHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly packets: PacketLookup) {
    this.subscriptions = [
      this.changeEmitter,
      packets.models.onDidChangeModel(() => this.changeEmitter.fire()),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration(STATE_HINTS_SETTING)) this.changeEmitter.fire();
      }),
    ];
  }

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    const place = statePlace(document);
    if (place === 'off' || !this.packets.models.isModelled(document)) return [];
    const first = range.start.line;
    const last = Math.min(range.end.line, document.lineCount - 1);
    // Lines that only the current model can tell (edited since the last one) wait for it; the others are answered at once.
    if (this.packets.peek(document, first) === undefined) {
      await this.packets.inCurrentModel(document, first, token).catch(() => undefined);
      if (token.isCancellationRequested) return [];
    }
    const hints: vscode.InlayHint[] = [];
    let previous = first > 0 ? this.packets.peek(document, first - 1) : null;
    for (let line = first; line <= last; line++) {
      const found = this.packets.peek(document, line);
      const continues = found && previous && found.model === previous.model && found.packet === previous.packet;
      if (found && !continues) hints.push(stateHint(document, line, found, place));
      previous = found;
    }
    return hints;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

function stateHint(document: vscode.TextDocument, line: number, found: PacketAtLine, place: 'lineStart' | 'lineEnd'): vscode.InlayHint {
  const states = clientAndServer(found);
  const atStart = place === 'lineStart';
  const label = new vscode.InlayHintLabelPart(statesAfterText(states.client, states.server, atStart ? LONGEST_STATE_NAME : 0));
  label.tooltip = statesTooltip(document, found, states, false);
  const hint = new vscode.InlayHint(atStart ? new vscode.Position(line, 0) : document.lineAt(line).range.end, [label]);
  hint.paddingLeft = !atStart;
  hint.paddingRight = atStart;
  return hint;
}

export function registerStateHints(packets: PacketLookup): vscode.Disposable {
  const provider = new StateHintsProvider(packets);
  return vscode.Disposable.from(provider, vscode.languages.registerInlayHintsProvider({ language: 'tcpdump' }, provider));
}

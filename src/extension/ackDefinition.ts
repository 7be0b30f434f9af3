import * as vscode from 'vscode';
import { acknowledgedSegment } from '../core/query';
import { packetRange, type PacketLookup } from './packetLookup';

/** `ack 1449`, `ack 3626544837` as tcpdump prints the acknowledgement number (any style). */
const ACK_FIELD = /\back\s+\d+/;

/** Go to Definition on a packet line that acknowledges something: the segment its ACK acknowledges. */
export function registerAckDefinition(packets: PacketLookup): vscode.Disposable {
  return vscode.languages.registerDefinitionProvider(
    { language: 'tcpdump' },
    {
      async provideDefinition(document, position, token) {
        const found = await packets.inCurrentModel(document, position.line, token);
        if (!found) return undefined;
        const acknowledged = acknowledgedSegment(found.model, found.packet);
        if (acknowledged < 0) return undefined;
        const target = packetRange(document, found.model, acknowledged);
        const lineText = document.lineAt(position.line).text;
        const ackField = ACK_FIELD.exec(lineText);
        const link: vscode.LocationLink = {
          originSelectionRange: ackField ? new vscode.Range(position.line, ackField.index, position.line, ackField.index + ackField[0].length) : undefined,
          targetUri: document.uri,
          targetRange: target,
          targetSelectionRange: document.lineAt(target.start.line).range,
        };
        return [link];
      },
    },
  );
}

import * as vscode from 'vscode';
import { packetsOfConnection } from '../core/query';
import { packetRange, type PacketLookup } from './packetLookup';

/**
 * A references list is read by a person: a connection of a million packets
 * is listed as the packets around the one asked about, this many at most.
 */
export const MAX_PACKET_REFERENCES = 10_000;

/** Find References on a packet line: every packet of its connection, in capture order. */
export function registerConnectionReferences(packets: PacketLookup): vscode.Disposable {
  return vscode.languages.registerReferenceProvider(
    { language: 'tcpdump' },
    {
      async provideReferences(document, position, _context, token) {
        const found = await packets.inCurrentModel(document, position.line, token);
        if (!found) return undefined;
        const { model, packet } = found;
        const all = packetsOfConnection(model, model.packets.conn[packet]);
        const at = all.indexOf(packet);
        const from = Math.max(0, Math.min(at - MAX_PACKET_REFERENCES / 2, all.length - MAX_PACKET_REFERENCES));
        const shown = all.subarray(from, from + MAX_PACKET_REFERENCES);
        return Array.from(shown, (p) => new vscode.Location(document.uri, document.lineAt(packetRange(document, model, p).start.line).range));
      },
    },
  );
}

/**
 * The participants of a page: every endpoint of its packets once, clients
 * to the left of servers (each in the order its connection first appears),
 * labelled "address:port (role)".
 */
import { endpointText } from '../endpointText';
import { message, type Message } from '../explain/message';
import type { CaptureModel, Endpoint } from '../model/captureModel';
import { mermaidText } from './mermaidText';

export interface Participants {
  /** `participant P0 as …` statements, left to right. */
  readonly statements: readonly string[];
  /** The participant id (P0, P1 …) of a connection's client or server. */
  readonly client: (connection: number) => string;
  readonly server: (connection: number) => string;
}

export function pageParticipants(model: CaptureModel, packets: readonly number[], say: (m: Message) => string): Participants {
  const connections: number[] = [];
  const seen = new Set<number>();
  for (const i of packets) {
    const c = model.packets.conn[i];
    if (!seen.has(c)) {
      seen.add(c);
      connections.push(c);
    }
  }
  const byKey = new Map<string, { id: string; endpoint: Endpoint; client: boolean; server: boolean }>();
  const place = (endpoint: Endpoint, role: 'client' | 'server') => {
    const key = endpointKey(endpoint);
    let entry = byKey.get(key);
    if (!entry) {
      entry = { id: `P${byKey.size}`, endpoint, client: false, server: false };
      byKey.set(key, entry);
    }
    entry[role] = true;
  };
  for (const c of connections) place(model.connections[c].client, 'client');
  for (const c of connections) place(model.connections[c].server, 'server');
  const statements = [...byKey.values()].map(({ id, endpoint, client, server }) => {
    const key = client && server ? 'diagramParticipantClientAndServer' : client ? 'diagramParticipantClient' : 'diagramParticipantServer';
    return `participant ${id} as ${mermaidText(say(message(key, { endpoint: endpointText(endpoint) })))}`;
  });
  const idOf = (endpoint: Endpoint) => (byKey.get(endpointKey(endpoint)) as { id: string }).id;
  return {
    statements,
    client: (connection) => idOf(model.connections[connection].client),
    server: (connection) => idOf(model.connections[connection].server),
  };
}

/** Address and port (a service named without a number by its name): one participant per endpoint. */
function endpointKey(e: Endpoint): string {
  return e.port === null ? `${e.address} name ${e.portName ?? ''}` : `${e.address} port ${e.port}`;
}

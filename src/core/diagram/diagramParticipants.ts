/**
 * The participants of a page: every endpoint of its packets once, labelled
 * "address:port (role)", in the order their connections first appear, each
 * client to the left of its server.
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
  interface Placed {
    readonly endpoint: Endpoint;
    client: boolean;
    server: boolean;
  }
  const byKey = new Map<string, Placed>();
  const order: string[] = [];
  const place = (endpoint: Endpoint, role: 'client' | 'server', before?: string) => {
    const key = endpointKey(endpoint);
    let placed = byKey.get(key);
    if (!placed) {
      placed = { endpoint, client: false, server: false };
      byKey.set(key, placed);
      const at = before === undefined ? -1 : order.indexOf(before);
      if (at >= 0) order.splice(at, 0, key);
      else order.push(key);
    }
    placed[role] = true;
  };
  // Each pair side by side, client first; a new client of a server already placed goes just left of it.
  for (const c of connections) {
    const { client, server } = model.connections[c];
    const serverKey = endpointKey(server);
    place(client, 'client', byKey.has(serverKey) ? serverKey : undefined);
    place(server, 'server');
  }
  const idByKey = new Map(order.map((key, k) => [key, `P${k}`]));
  const statements = order.map((key) => {
    const { endpoint, client, server } = byKey.get(key) as Placed;
    const role = client && server ? 'diagramParticipantClientAndServer' : client ? 'diagramParticipantClient' : 'diagramParticipantServer';
    return `participant ${idByKey.get(key)} as ${mermaidText(say(message(role, { endpoint: endpointText(endpoint) })))}`;
  });
  const idOf = (endpoint: Endpoint) => idByKey.get(endpointKey(endpoint)) as string;
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

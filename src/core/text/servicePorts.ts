import { TCP_SERVICES } from './services';

let byName: Map<string, number> | undefined;

/** The TCP port of a service name as tcpdump prints it without -n, or undefined. */
export function tcpServicePort(name: string): number | undefined {
  if (byName === undefined) {
    byName = new Map();
    const words = TCP_SERVICES.split(' ');
    for (let i = 0; i + 1 < words.length; i += 2) byName.set(words[i], Number(words[i + 1]));
  }
  return byName.get(name);
}

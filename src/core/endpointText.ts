/**
 * How an endpoint is written everywhere (findings, CLI, diagram, hover):
 * "address:port", an IPv6 address in brackets, and a service name the input
 * printed instead of a number kept as the input printed it.
 */
import { FIRST_NAMED_PORT, NameTable } from './names';
import type { Endpoint } from './model/captureModel';

export function endpointText(endpoint: Pick<Endpoint, 'ip' | 'port' | 'portName'>): string {
  const service = endpoint.port === null ? (endpoint.portName ?? '?') : String(endpoint.port);
  return endpoint.ip.includes(':') ? `[${endpoint.ip}]:${service}` : `${endpoint.ip}:${service}`;
}

/** The endpoint record of an interned address and a port column value (named ports have no number). */
export function endpointOf(names: NameTable, address: number, port: number): Endpoint {
  const ip = names.addressText(address);
  if (port < FIRST_NAMED_PORT) return { address, ip, port };
  return { address, ip, port: null, portName: names.portName(port) ?? '?' };
}

/**
 * One number for an endpoint (interned address id, port), so 4-tuples are
 * looked up without building strings. Ports above 65535 stand for service
 * names printed without a number (see `NameTable.internPortName`).
 */
const PORT_KEY_RANGE = 1 << 21;

export function endpointKey(address: number, port: number): number {
  return address * PORT_KEY_RANGE + port;
}

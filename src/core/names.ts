/**
 * Interned endpoint names. Every address becomes a small integer id, so
 * connection keys are numbers and no string is built per packet: a binary
 * IPv4 address is looked up by its 32-bit value, and its text is made once.
 * Host and service names from tcpdump output without `-n` are interned too,
 * so a capture printed with names still groups into connections.
 */
/** Ports from here up stand for service names printed without a number. */
export const FIRST_NAMED_PORT = 0x10000;

const RECENT_MASK = 1023;
/** Tunnels told apart per address (more share ids: a capture of a million tunnels keeps its addresses' ids small). */
const MAX_SCOPES = 1 << 20;

export class NameTable {
  private readonly texts: string[] = [];
  private readonly byText = new Map<string, number>();
  private readonly byIPv4 = new Map<number, number>();
  private readonly recentKeys = new Int32Array(RECENT_MASK + 1);
  private readonly recentIds = new Int32Array(RECENT_MASK + 1).fill(-1);
  private readonly portNames = new Map<number, string>();
  private readonly portByName = new Map<string, number>();
  private nextSyntheticPort = FIRST_NAMED_PORT;
  private readonly scopeTexts: string[] = [''];
  private readonly scopeIds = new Map<string, number>();
  private readonly scopedIds = new Map<number, number>();
  private readonly scopeOfAddress = new Map<number, number>();

  /** Address id for an IPv4 address given as an unsigned 32-bit number. */
  internIPv4(address: number): number {
    // A direct-mapped cache of recent addresses in front of the map (whose keys above 2^30 are not small integers).
    const key = address | 0;
    const slot = (key ^ (key >>> 11) ^ (key >>> 22)) & RECENT_MASK;
    if (this.recentIds[slot] >= 0 && this.recentKeys[slot] === key) return this.recentIds[slot];
    return this.internIPv4Missed(address, slot);
  }

  /** `internIPv4` for an address not in the cache (apart, so that the cache's check is all a decoder's code takes in). */
  private internIPv4Missed(address: number, slot: number): number {
    let id = this.byIPv4.get(address);
    if (id === undefined) {
      id = this.internText(ipv4Text(address));
      this.byIPv4.set(address, id);
    }
    this.recentKeys[slot] = address | 0;
    this.recentIds[slot] = id;
    return id;
  }

  /** Address id for the 16 bytes of an IPv6 address at `offset`. */
  internIPv6(bytes: Uint8Array, offset: number): number {
    return this.internText(ipv6Text(bytes, offset));
  }

  /** Address id for an address as text (already canonical) or a host name. */
  internText(text: string): number {
    const id = this.byText.get(text);
    if (id !== undefined) return id;
    this.texts.push(text);
    this.byText.set(text, this.texts.length - 1);
    return this.texts.length - 1;
  }

  /**
   * An id for a tunnel's identity ("GRE key 1"), from 1; addresses seen
   * inside it get ids of their own (`internScoped`), so that identical inner
   * flows of two tunnels are two connections, while their text stays the address.
   */
  internScope(text: string): number {
    let scope = this.scopeIds.get(text);
    if (scope === undefined) {
      this.scopeTexts.push(text);
      scope = this.scopeTexts.length - 1;
      this.scopeIds.set(text, scope);
    }
    return scope;
  }

  /** The id of address `id` seen inside tunnel `scope` (0: `id` itself). */
  internScoped(id: number, scope: number): number {
    if (scope === 0) return id;
    const key = id * MAX_SCOPES + (scope % MAX_SCOPES);
    let scoped = this.scopedIds.get(key);
    if (scoped === undefined) {
      this.texts.push(this.texts[id]);
      scoped = this.texts.length - 1;
      this.scopedIds.set(key, scoped);
      this.scopeOfAddress.set(scoped, scope);
    }
    return scoped;
  }

  /** The tunnel an address id was seen in ("VXLAN VNI 100"), or '' outside any. */
  addressScope(id: number): string {
    const scope = this.scopeOfAddress.get(id);
    return scope === undefined ? '' : this.scopeTexts[scope];
  }

  addressText(id: number): string {
    return this.texts[id] ?? '?';
  }

  get addressCount(): number {
    return this.texts.length;
  }

  /**
   * A port number for a service name that has no known number (tcpdump
   * without -n prints names from the services database): numbers from 65536
   * up keep such ports distinct from real ones, and `portName` gives the
   * name back.
   */
  internPortName(name: string): number {
    const known = this.portByName.get(name);
    if (known !== undefined) return known;
    const port = this.nextSyntheticPort++;
    this.portByName.set(name, port);
    this.portNames.set(port, name);
    return port;
  }

  /** The service name behind a synthetic port, or undefined for a real port number. */
  portName(port: number): string | undefined {
    return this.portNames.get(port);
  }

  /** The names of the synthetic ports: port FIRST_NAMED_PORT + k is `portNameList()[k]`. */
  portNameList(): string[] {
    return [...this.portNames.values()];
  }
}

export function ipv4Text(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** RFC 5952 text: lower case, longest run (of two or more) of zero groups as `::`, leftmost on a tie. */
export function ipv6Text(bytes: Uint8Array, offset: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[offset + 2 * i] << 8) | bytes[offset + 2 * i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  // IPv4-mapped (::ffff:a.b.c.d) keeps its dotted tail, as RFC 5952 section 5 recommends.
  if (bestStart === 0 && bestLen === 5 && groups[5] === 0xffff) {
    return `::ffff:${bytes[offset + 12]}.${bytes[offset + 13]}.${bytes[offset + 14]}.${bytes[offset + 15]}`;
  }
  const hex = (g: number) => g.toString(16);
  if (bestStart < 0) return groups.map(hex).join(':');
  const head = groups.slice(0, bestStart).map(hex).join(':');
  const tail = groups.slice(bestStart + bestLen).map(hex).join(':');
  return `${head}::${tail}`;
}

// Types of generate.mjs for the TypeScript tests that write its captures.
export const GENERATOR_VERSION: number;
/** Writes a deterministic pcap of `packets` packets over `connections` TCP connections, `open` of them at once; returns the packets written. */
export function writeSyntheticPcap(path: string, options: { packets: number; connections: number; open: number }): number;

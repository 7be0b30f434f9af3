/** One decoded packet as the oracles write it, to compare decoders with tshark's answers. */
import { flagsText, PacketTable, TcpFlag } from '../../../src/core/packets';

export interface ExpectedPacket {
  n: number;
  line?: number;
  time: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  flags: string;
  seqRaw: number;
  ackRaw: number | null;
  len: number;
  win: number;
}

export function packetView(p: PacketTable, i: number): Omit<ExpectedPacket, 'n'> & { n: number; line: number } {
  return {
    n: p.frame[i],
    line: p.line[i],
    time: p.time[i],
    src: p.names.addressText(p.src[i]),
    dst: p.names.addressText(p.dst[i]),
    sport: p.sport[i],
    dport: p.dport[i],
    flags: flagsText(p.flags[i]),
    seqRaw: p.seq[i],
    ackRaw: p.flags[i] & TcpFlag.ACK ? p.ack[i] : null,
    len: p.len[i],
    win: p.win[i],
  };
}

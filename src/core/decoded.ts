/**
 * What every decoder (pcap, pcapng, tcpdump text) hands to the model: the
 * TCP segments in capture order, how many frames the input held in all, and
 * what could not be read.
 */
import { formatMessage, type Message } from './explain/message';
import { PacketTable } from './packets';
import { ProblemLog } from './problems';

export type InputFormat = 'pcap' | 'pcapng' | 'tcpdump-text';

export interface DecodedCapture {
  format: InputFormat;
  /** Whether the input was gzip-compressed. */
  gzip: boolean;
  packets: PacketTable;
  /** Every frame or packet line of the input, TCP or not. */
  frameCount: number;
  problems: ProblemLog;
}

/** Thrown (inside the core only) when nothing of the input can be read; `analyze` turns it into an error result. */
export class UnreadableInputError extends Error {
  /** Why, as a message (`message` is its English sentence). */
  constructor(readonly reason: Message) {
    super(formatMessage(reason));
  }
}

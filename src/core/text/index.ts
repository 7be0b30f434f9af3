/**
 * tcpdump text output (4.x with any of the usual flags, and the 3.x style
 * old tutorials show) into the capture's PacketTable.
 */
import { PacketTable } from '../packets';
import { ProblemLog } from '../problems';
import { TcpdumpTextDecoder } from './decoder';

export { looksLikeTcpdumpText } from './detect';

/**
 * Appends the TCP segments of `text` to `packets`; lines that are not
 * packets go to `problems`. Never throws on bad input. `frameCount` counts
 * every frame line, TCP or not.
 */
export function decodeTcpdumpText(text: string, packets: PacketTable, problems: ProblemLog): { frameCount: number } {
  return new TcpdumpTextDecoder(packets, problems).decode(text);
}

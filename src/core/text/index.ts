/**
 * tcpdump text output (4.x with any of the usual flags, and the 3.x style
 * old tutorials show) into the capture's PacketTable.
 */
import type { FrameLines } from '../model/captureModel';
import { PacketTable } from '../packets';
import { ProblemLog } from '../problems';
import { TcpdumpTextDecoder } from './decoder';

export { looksLikeTcpdumpText } from './detect';

/**
 * Appends the TCP segments of `text` to `packets`; lines that are not
 * packets go to `problems`. Never throws on bad input. `frameCount` counts
 * every frame line, TCP or not; `frameLines` says which lines each frame
 * spans (continuation lines included).
 */
export function decodeTcpdumpText(
  text: string,
  packets: PacketTable,
  problems: ProblemLog,
  onProgress?: (done: number, total: number) => void,
): { frameCount: number; frameLines: FrameLines } {
  return new TcpdumpTextDecoder(packets, problems).decode(text, onProgress);
}

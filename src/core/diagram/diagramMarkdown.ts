/**
 * The diagram for documentation: a fenced `mermaid` block (GitHub and VS
 * Code's Markdown preview draw it) and a table of the connections it shows.
 * Names from the capture and sentences from the bundles are escaped for
 * Markdown; the Mermaid text is already inert (`mermaidText`) and holds no
 * backtick, so it cannot close the fence.
 */
import { formatMessage, message, type Message } from '../explain/message';
import { escapeMarkdown } from '../markdownText';
import type { CaptureModel } from '../model/captureModel';
import { endpointText } from '../query';
import { closeMessage, handshakeMessage } from './connectionFrames';
import type { DiagramWindow } from './diagramWindow';

export function diagramMarkdown(model: CaptureModel, window: DiagramWindow, say: (m: Message) => string = (m) => formatMessage(m)): string {
  const out = ['```mermaid\n' + window.text + '```\n'];
  const p = model.packets;
  const shown = window.messagePackets;
  if (window.pageCount > 1 && shown.length > 0) {
    const page = say(
      message('diagramPage', {
        page: window.page + 1,
        pageCount: window.pageCount,
        count: shown.length,
        total: window.packetsInScope,
        first: p.frame[shown[0]],
        last: p.frame[shown[shown.length - 1]],
      }),
    );
    out.push(escapeMarkdown(page) + '\n');
  }
  const connections = window.scope === 'all' ? [...new Set(shown.map((i) => p.conn[i]))] : [window.scope];
  if (connections.length > 0) out.push(connectionTable(model, connections, say));
  return out.join('\n');
}

function connectionTable(model: CaptureModel, connections: readonly number[], say: (m: Message) => string): string {
  const text = (m: Message) => escapeMarkdown(say(m));
  const header = [
    text(message('diagramTableConnection')),
    text(message('diagramTableClient')),
    text(message('diagramTableServer')),
    text(message('diagramTableHandshake')),
    text(message('diagramTableClose')),
    text(message('diagramTableFinalStates')),
    text(message('diagramTableRtt')),
    text(message('diagramTableZeek')),
  ];
  const rows = connections.map((id) => {
    const c = model.connections[id];
    const rtt = c.rtt === null ? message('diagramRttNotSeen') : message('diagramRtt', { ms: (c.rtt * 1000).toFixed(3) });
    return [
      escapeMarkdown(`#${id}`),
      escapeMarkdown(endpointText(c.client)),
      escapeMarkdown(endpointText(c.server)),
      text(handshakeMessage(c)),
      text(closeMessage(model, c, say)),
      // State names and Zeek's letters are the model's vocabulary, escaped all the same.
      escapeMarkdown(`${c.finalState.client} / ${c.finalState.server}`),
      text(rtt),
      escapeMarkdown(c.zeekHistory ? `${c.zeekState} (${c.zeekHistory})` : c.zeekState),
    ];
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

/**
 * The diagram for documentation: a fenced `mermaid` block (GitHub and VS
 * Code's Markdown preview draw it) and a table of the connections it shows.
 * The endpoints come from the capture and are escaped for Markdown; the
 * rest is TCP Lens's own words (the catalogue's sentences, state names,
 * Zeek's letters, numbers), written as they are so that the document reads
 * well as source too (the unit tests render both languages to check that
 * none of it means anything to Markdown). The Mermaid text is already inert
 * (`mermaidText`) and holds no backtick, so it cannot close the fence.
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
    out.push(page + '\n');
  }
  const connections = window.scope === 'all' ? [...new Set(shown.map((i) => p.conn[i]))] : [window.scope];
  if (connections.length > 0) out.push(connectionTable(model, connections, say));
  return out.join('\n');
}

function connectionTable(model: CaptureModel, connections: readonly number[], say: (m: Message) => string): string {
  const header = [
    say(message('diagramTableConnection')),
    say(message('diagramTableClient')),
    say(message('diagramTableServer')),
    say(message('diagramTableHandshake')),
    say(message('diagramTableClose')),
    say(message('diagramTableFinalStates')),
    say(message('diagramTableRtt')),
    say(message('diagramTableZeek')),
  ];
  const rows = connections.map((id) => {
    const c = model.connections[id];
    return [
      `#${id}`,
      escapeMarkdown(endpointText(c.client)),
      escapeMarkdown(endpointText(c.server)),
      say(handshakeMessage(c)),
      say(closeMessage(model, c, say)),
      `${c.finalState.client} / ${c.finalState.server}`,
      c.rtt === null ? say(message('diagramRttNotSeen')) : `${(c.rtt * 1000).toFixed(3)} ms`,
      c.zeekHistory ? `${c.zeekState} (${c.zeekHistory})` : c.zeekState,
    ];
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

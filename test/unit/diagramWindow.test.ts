/**
 * The diagram window: which packets each page draws, in which order (the
 * webview maps Mermaid's messages to packets by it), the notes of state
 * changes, the frames of the handshake and the close, and the clamping of
 * requests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import {
  DEFAULT_DIAGRAM_LABELS,
  DEFAULT_DIAGRAM_PAGE_SIZE,
  diagramWindow,
  MAX_DIAGRAM_PAGE_SIZE,
  pageOfPacket,
  scopeShowingPacket,
  type DiagramScope,
  type DiagramWindow,
} from '../../src/core/diagram/diagramWindow';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { STATE_NAMES } from '../../src/core/model/vocabulary';
import { statesAround } from '../../src/core/query';
import { arrowLines, diagramInputs, diagramModel, HOSTILE_NAMES, packetsOfScope, sayZh, scopesOf } from './helpers/diagramFixtures';

const windowOf = (model: CaptureModel, scope: DiagramScope, page = 0, pageSize = DEFAULT_DIAGRAM_PAGE_SIZE, labels = DEFAULT_DIAGRAM_LABELS) =>
  diagramWindow(model, { scope, page, pageSize, labels });

function allPages(model: CaptureModel, scope: DiagramScope, pageSize: number): DiagramWindow[] {
  const first = windowOf(model, scope, 0, pageSize);
  return Array.from({ length: first.pageCount }, (_, page) => windowOf(model, scope, page, pageSize));
}

/** Statements of the text with their indentation dropped. */
const statements = (w: DiagramWindow) => w.text.split('\n').map((l) => l.trim()).filter(Boolean);

describe('diagram pages', () => {
  for (const path of diagramInputs()) {
    it(`${path}: the pages of every scope draw each of its packets once, in order, one arrow per packet`, () => {
      const model = diagramModel(path);
      for (const scope of scopesOf(model)) {
        for (const pageSize of [DEFAULT_DIAGRAM_PAGE_SIZE, 7]) {
          const pages = allPages(model, scope, pageSize);
          const expected = packetsOfScope(model, scope);
          assert.equal(pages[0].pageCount, Math.max(1, Math.ceil(expected.length / pageSize)));
          assert.deepEqual(
            pages.flatMap((w) => w.messagePackets),
            expected,
          );
          for (const w of pages) {
            assert.equal(w.scope, scope);
            assert.equal(w.packetsInScope, expected.length);
            assert.ok(w.messagePackets.length <= pageSize);
            const arrows = arrowLines(w.text);
            assert.deepEqual(
              arrows.map((a) => a.frame),
              w.messagePackets.map((i) => model.packets.frame[i]),
              `page ${w.page} of scope ${scope}`,
            );
            // Every statement is a participant, a message, a note or a frame: nothing else is ever written.
            const lines = statements(w);
            assert.equal(lines[0], 'sequenceDiagram');
            for (const line of lines.slice(1)) {
              assert.match(line, /^(participant P\d+ as \S.*|P\d+(->>|-x|--x|--\))P\d+: #35;\d+ .*|Note over P\d+(,P\d+)?: \S.*|rect rgba\(\d+, \d+, \d+, 0\.\d+\)|end)$/);
            }
            assertFramesBalanced(lines);
            for (const i of w.messagePackets) assert.equal(pageOfPacket(model, scope, pageSize, i), w.page);
          }
        }
      }
    });
  }

  it('clamps the page, the page size and a connection that does not exist', () => {
    const model = diagramModel('samples/dupack-fast-retransmit.pcap');
    assert.equal(windowOf(model, 0, 99, 10).page, 6);
    assert.equal(windowOf(model, 0, -3, 10).page, 0);
    assert.equal(windowOf(model, 0, Number.NaN, 10).page, 0);
    assert.equal(windowOf(model, 0, 0, 0).pageSize, 1);
    assert.equal(windowOf(model, 0, 0, 2.5).pageSize, 2);
    assert.equal(windowOf(model, 0, 0, 5000).pageSize, MAX_DIAGRAM_PAGE_SIZE);
    assert.equal(windowOf(model, 0, 0, Number.NaN).pageSize, DEFAULT_DIAGRAM_PAGE_SIZE);
    const missing = windowOf(model, 7);
    assert.equal(missing.scope, 'all');
    assert.equal(missing.packetsInScope, model.packetCount);
  });

  it('a capture without TCP has one empty page that Mermaid still draws', () => {
    const model = analyzeText('12:00:00.000000 ARP, Request who-has 10.0.0.1 tell 10.0.0.2, length 28\n', 'arp.txt');
    const w = windowOf(model, 'all');
    assert.deepEqual([w.text, w.messagePackets, w.page, w.pageCount, w.packetsInScope], ['sequenceDiagram\n', [], 0, 1, 0]);
  });

  it('pageOfPacket and scopeShowingPacket find the page and the scope of a packet', () => {
    const model = diagramModel('test/fixtures/capture/port-reuse.pcap');
    const second = packetsOfScope(model, 1);
    assert.equal(pageOfPacket(model, 1, 3, second[0]), 0);
    assert.equal(pageOfPacket(model, 1, 3, second[4]), 1);
    assert.equal(pageOfPacket(model, 0, 3, second[0]), -1);
    assert.equal(pageOfPacket(model, 'all', 3, second[0]), Math.floor(second[0] / 3));
    assert.equal(pageOfPacket(model, 'all', 3, model.packetCount), -1);
    assert.equal(scopeShowingPacket(model, 'all', second[0]), 'all');
    assert.equal(scopeShowingPacket(model, 1, second[0]), 1);
    assert.equal(scopeShowingPacket(model, 0, second[0]), 1);
  });
});

describe('diagram participants', () => {
  it('every endpoint once, each pair side by side with the client on the left, a new client of a known server just left of it', () => {
    const line = (t: number, from: string, to: string, flags: string) => `10:00:0${t}.000000 IP ${from} > ${to}: Flags [${flags}], seq 1, win 100, length 0`;
    const text = [
      line(1, '10.0.0.1.1001', '10.0.0.9.80', 'S'),
      line(2, '10.0.0.2.1002', '10.0.0.8.22', 'S'),
      line(3, '10.0.0.3.1003', '10.0.0.9.80', 'S'),
      line(4, '10.0.0.1.1001', '10.0.0.9.80', 'R'),
    ].join('\n');
    const w = windowOf(analyzeText(text + '\n', 'three.txt'), 'all');
    assert.deepEqual(
      statements(w).filter((l) => l.startsWith('participant')),
      [
        'participant P0 as 10.0.0.1#58;1001 (client)',
        'participant P1 as 10.0.0.3#58;1003 (client)',
        'participant P2 as 10.0.0.9#58;80 (server)',
        'participant P3 as 10.0.0.2#58;1002 (client)',
        'participant P4 as 10.0.0.8#58;22 (server)',
      ],
    );
    assert.deepEqual(
      arrowLines(w.text).map((a) => `${a.from}${a.arrow}${a.to}`),
      ['P0->>P2', 'P3->>P4', 'P1->>P2', 'P0--xP2'], // the RST is not at the sequence number expected: ignored, dashed,
    );
  });
});

describe('diagram notes and frames', () => {
  it('a note over each endpoint whose state changes, after its packet, with the state the model gives', () => {
    const model = diagramModel('samples/http-clean-client-close.pcap');
    for (const scope of scopesOf(model)) {
      const w = windowOf(model, scope);
      const lines = statements(w);
      let k = -1;
      for (const line of lines) {
        if (/^P\d+(->>|-x|--x|--\))P/.test(line)) k++;
        const note = /^Note over (P\d+): ([A-Z_0-9]+)$/.exec(line);
        if (!note) continue;
        const packet = w.messagePackets[k];
        const { sender, receiver } = statesAround(model, packet);
        const changed = [sender, receiver].filter((s) => s.before !== s.after).map((s) => s.after);
        assert.ok(changed.includes(note[2] as never), `${line} after frame ${model.packets.frame[packet]}`);
        assert.ok(STATE_NAMES.includes(note[2]));
      }
    }
    const notes = statements(windowOf(model, 0)).filter((l) => /^Note over P\d+: [A-Z_0-9]+$/.test(l));
    assert.deepEqual(notes, [
      'Note over P0: SYN_SENT',
      'Note over P1: SYN_RECEIVED',
      'Note over P0: ESTABLISHED',
      'Note over P1: ESTABLISHED',
      'Note over P0: FIN_WAIT_1',
      'Note over P1: CLOSE_WAIT',
      'Note over P0: FIN_WAIT_2',
      'Note over P1: LAST_ACK',
      'Note over P0: TIME_WAIT',
      'Note over P1: CLOSED',
    ]);
  });

  it('frames name the handshake and the close from the connection record', () => {
    const framesOf = (path: string, scope: DiagramScope) =>
      statements(windowOf(diagramModel(path), scope))
        .filter((l, k, all) => k > 0 && all[k - 1].startsWith('rect '))
        .map((l) => l.replace(/^Note over P\d+(,P\d+)?: /, '').replace(/#(\d+);/g, (_, c) => String.fromCodePoint(Number(c))));
    assert.deepEqual(framesOf('samples/http-clean-client-close.pcap', 0), ['three-way handshake', 'four-way close: the client closes first']);
    assert.deepEqual(framesOf('samples/simultaneous-open.tcpdump', 0), ['simultaneous open', 'four-way close: the client closes first']);
    assert.deepEqual(framesOf('test/fixtures/capture/refused-syn-rst.pcap', 0), [
      'incomplete handshake',
      'connection refused: the server answers the SYN with a reset',
    ]);
    assert.deepEqual(framesOf('test/fixtures/capture/port-reuse.pcap', 'all'), [
      'three-way handshake',
      'three-way close (FIN+ACK piggybacked): the server closes first',
      'three-way handshake',
      'reset by the client',
      'three-way handshake',
      'four-way close: the client closes first',
    ]);
    assert.deepEqual(framesOf('samples/close-wait-server-never-closes.tcpdump', 0), ['three-way handshake', 'half-close: the client closes first']);
    assert.deepEqual(framesOf('test/fixtures/capture/mid-connection-start.pcap', 0), ['four-way close: the client closes first']);
  });

  it('a frame cut by the end of a page goes on, marked continued, on the next', () => {
    const model = diagramModel('samples/http-clean-client-close.pcap');
    const [first, second] = [windowOf(model, 0, 0, 2), windowOf(model, 0, 1, 2)];
    assert.deepEqual(statements(first).slice(3, 5), ['rect rgba(46, 160, 67, 0.14)', 'Note over P0,P1: three-way handshake']);
    assert.equal(statements(first).at(-1), 'end');
    assert.deepEqual(statements(second).slice(3, 5), ['rect rgba(46, 160, 67, 0.14)', 'Note over P0,P1: three-way handshake (continued)']);
  });

  it('with every connection, a note names the connection wherever it changes', () => {
    const model = diagramModel('test/fixtures/capture/linktype-sll-any.pcap');
    const lines = statements(windowOf(model, 'all'));
    const changes = lines.filter((l) => /^Note over P\d+,P\d+: connection #35;\d+$/.test(l));
    const runs = [...model.packets.conn].filter((c, i, all) => i === 0 || all[i - 1] !== c);
    assert.deepEqual(
      changes.map((l) => Number(/#35;(\d+)$/.exec(l)?.[1])),
      runs,
    );
    assert.ok(runs.length > 2, 'the fixture interleaves its connections');
    assert.ok(lines.some((l) => l.endsWith('(continued)')));
  });

  it('the notes are in the language the presenter asks for; state names stay', () => {
    const model = diagramModel('samples/http-clean-client-close.pcap');
    const text = diagramWindow(model, { scope: 0, page: 0, pageSize: 200, labels: DEFAULT_DIAGRAM_LABELS }, sayZh).text;
    assert.match(text, /participant P0 as 192\.0\.2\.1#58;40001（客户端）/);
    assert.match(text, /Note over P0,P1: 三次握手\n/);
    assert.match(text, /Note over P0,P1: 四次挥手关闭：客户端先关闭\n/);
    assert.match(text, /Note over P0: TIME_WAIT\n/);
  });

  it('arrows: a cross for a reset, dashed for a retransmission, the tags in the label', () => {
    const model = diagramModel(HOSTILE_NAMES);
    const w = windowOf(model, 'all');
    const resets = arrowLines(w.text).filter((a) => a.arrow === '-x');
    assert.deepEqual(
      resets.map((a) => a.frame),
      [13, 24],
    );
    const dupack = windowOf(diagramModel('samples/dupack-fast-retransmit.pcap'), 0);
    assert.match(dupack.text, /P0--\)P1: #35;\d+ \[ACK\] Seq=\d+ Ack=1 Len=\d+ \(retransmission, fast-retransmission\)\n/);
    assert.match(dupack.text, /P1->>P0: #35;\d+ \[ACK\] Seq=1 Ack=\d+ Len=0 \(duplicate-ack\)\n/);
  });
});

/** `rect` … `end` pairs, never nested, never left open. */
function assertFramesBalanced(lines: readonly string[]): void {
  let open = false;
  for (const line of lines) {
    if (line.startsWith('rect ')) {
      assert.ok(!open, 'a frame opened inside another');
      open = true;
    } else if (line === 'end') {
      assert.ok(open, 'an end without a frame');
      open = false;
    }
  }
  assert.ok(!open, 'a frame left open');
}

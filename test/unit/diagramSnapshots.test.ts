/**
 * The diagrams of fixture captures as files under test/fixtures/diagram/
 * (`.mmd`: the Mermaid text; `.md`: the Markdown export), so that a change
 * of the output shows in review. TCP_LENS_UPDATE_SNAPSHOTS=1 rewrites them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DIAGRAM_LABELS, diagramMarkdown, diagramWindow, type DiagramWindowRequest } from '../../src/core/diagram/diagramWindow';
import type { Message } from '../../src/core/explain/message';
import { formatMessage } from '../../src/core/explain/message';
import { diagramModel, HOSTILE_NAMES, sayZh } from './helpers/diagramFixtures';
import { REPO } from './helpers/explainFixtures';

const SNAPSHOT_DIR = join(REPO, 'test', 'fixtures', 'diagram');
const UPDATE = process.env.TCP_LENS_UPDATE_SNAPSHOTS === '1';

interface Snapshot {
  readonly name: string;
  readonly input: string;
  readonly request: Partial<DiagramWindowRequest>;
  readonly markdown?: boolean;
  readonly say?: (m: Message) => string;
}

const ALL_LABELS = { numbers: 'raw', window: true, time: true } as const;

const SNAPSHOTS: Snapshot[] = [
  { name: 'http-clean-client-close.conn0', input: 'samples/http-clean-client-close.pcap', request: { scope: 0 }, markdown: true },
  { name: 'http-clean-client-close.conn0.zh-cn', input: 'samples/http-clean-client-close.pcap', request: { scope: 0 }, markdown: true, say: sayZh },
  { name: 'http-clean-client-close.page2-of-3', input: 'samples/http-clean-client-close.pcap', request: { scope: 0, page: 1, pageSize: 5 }, markdown: true },
  { name: 'http-clean-client-close.plain.raw-window-time', input: 'test/fixtures/text/corpus/http-clean-client-close.plain.txt', request: { scope: 0, labels: ALL_LABELS } },
  { name: 'simultaneous-open.conn0', input: 'samples/simultaneous-open.tcpdump', request: { scope: 0 } },
  { name: 'close-wait-server-never-closes.conn0', input: 'samples/close-wait-server-never-closes.tcpdump', request: { scope: 0 }, markdown: true },
  { name: 'dupack-fast-retransmit.conn0.page1', input: 'samples/dupack-fast-retransmit.pcap', request: { scope: 0, pageSize: 40 } },
  { name: 'out-of-order.conn0', input: 'test/fixtures/capture/out-of-order.pcap', request: { scope: 0, labels: ALL_LABELS } },
  { name: 'mid-connection-start.conn0', input: 'test/fixtures/capture/mid-connection-start.pcap', request: { scope: 0 } },
  { name: 'ipv6-http.conn0', input: 'test/fixtures/capture/ipv6-http.pcap', request: { scope: 0 }, markdown: true },
  { name: 'refused-syn-rst.all', input: 'test/fixtures/capture/refused-syn-rst.pcap', request: { scope: 'all' }, markdown: true },
  { name: 'port-reuse.all', input: 'test/fixtures/capture/port-reuse.pcap', request: { scope: 'all' }, markdown: true },
  { name: 'linktype-sll-any.all', input: 'test/fixtures/capture/linktype-sll-any.pcap', request: { scope: 'all' } },
  { name: 'flags-notation-crafted.all', input: 'test/fixtures/capture/flags-notation-crafted.pcap', request: { scope: 'all' } },
  { name: 'zero-window.plain.all', input: 'test/fixtures/text/corpus/zero-window.plain.txt', request: { scope: 'all', labels: { numbers: 'relative', window: true, time: false } } },
  { name: 'pasted-tutorial.all', input: 'test/fixtures/text/pasted-tutorial.txt', request: { scope: 'all' }, markdown: true },
  { name: 'hostile-names.all', input: HOSTILE_NAMES, request: { scope: 'all' }, markdown: true },
];

function check(file: string, actual: string): void {
  const path = join(SNAPSHOT_DIR, file);
  if (UPDATE || !existsSync(path)) {
    mkdirSync(SNAPSHOT_DIR, { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE) assert.fail(`${file} was missing and has been written: review it and run again`);
    return;
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${file} differs (TCP_LENS_UPDATE_SNAPSHOTS=1 rewrites it)`);
}

describe('diagram snapshots', () => {
  for (const s of SNAPSHOTS) {
    it(s.name, () => {
      const model = diagramModel(s.input);
      const request: DiagramWindowRequest = { scope: 'all', page: 0, pageSize: 200, labels: DEFAULT_DIAGRAM_LABELS, ...s.request };
      const say = s.say ?? ((m: Message) => formatMessage(m));
      const window = diagramWindow(model, request, say);
      check(`${s.name}.mmd`, window.text);
      if (s.markdown) check(`${s.name}.md`, diagramMarkdown(model, window, say));
    });
  }
});

/** Captures of the repository the diagram tests draw, and the Chinese wording the extension would pass. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagramScope } from '../../../src/core/diagram/diagramWindow';
import type { Message } from '../../../src/core/explain/message';
import { MESSAGES } from '../../../src/core/explain/messages';
import type { CaptureModel } from '../../../src/core/model/captureModel';
import { captureFixtures } from './captureFixtures';
import { modelOf, REPO } from './explainFixtures';

export const HOSTILE_NAMES = 'test/fixtures/text/hostile-names.txt';

/** Every capture fixture (the broken ones too: what could be read of them), text with names, pasted text, the samples. */
export function diagramInputs(): string[] {
  return [
    ...captureFixtures(true)
      .filter((f) => f !== 'broken-empty.pcap' && f !== 'broken-random-bytes.pcap')
      .map((f) => `test/fixtures/capture/${f}`),
    HOSTILE_NAMES,
    'test/fixtures/text/pasted-tutorial.txt',
    'test/fixtures/text/corpus/port-reuse.plain.txt',
    'test/fixtures/text/corpus/ipv6-http.plain.txt',
    'test/fixtures/text/corpus/zero-window.plain.txt',
    'test/fixtures/text/corpus/reset-mid-data.plain.txt',
    'test/fixtures/text/corpus/broken-garbage-lines.txt',
    'samples/close-wait-server-never-closes.tcpdump',
    'samples/dupack-fast-retransmit.pcap',
    'samples/simultaneous-open.tcpdump',
  ];
}

const models = new Map<string, CaptureModel>();

/** The model of a repository file, analysed once per test file. */
export function diagramModel(path: string): CaptureModel {
  let model = models.get(path);
  if (!model) {
    model = modelOf(path);
    models.set(path, model);
  }
  return model;
}

export function scopesOf(model: CaptureModel): DiagramScope[] {
  return ['all', ...model.connections.map((c) => c.id)];
}

/** The scope's packet indexes, from the model's own lists. */
export function packetsOfScope(model: CaptureModel, scope: DiagramScope): number[] {
  if (scope === 'all') return Array.from({ length: model.packetCount }, (_, i) => i);
  const { start, index } = model.connectionPackets;
  return Array.from(index.subarray(start[scope], start[scope + 1]));
}

const zhBundle: Record<string, string> = JSON.parse(readFileSync(join(REPO, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'));

/** What the extension's `vscode.l10n.t(MESSAGES[key], args)` gives in zh-cn. */
export function sayZh(m: Message): string {
  const template = zhBundle[MESSAGES[m.key]] ?? MESSAGES[m.key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (m.args[name] === undefined ? whole : String(m.args[name])));
}

/** The arrow statements of a diagram's text: sender, arrow, receiver and the frame number in the label. */
export function arrowLines(text: string): { from: string; arrow: string; to: string; frame: number }[] {
  const out: { from: string; arrow: string; to: string; frame: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(P\d+)(->>|-x|--x|--\))(P\d+): #35;(\d+) /.exec(line);
    if (m) out.push({ from: m[1], arrow: m[2], to: m[3], frame: Number(m[4]) });
  }
  return out;
}

/**
 * Any byte string and any text is analysed with no exception escaping the
 * core and no internal error, in work linear in its size, keeping memory
 * linear in its size. Work is counted, not timed: the blocks of the core's
 * code V8 executes (its precise block coverage, through node:inspector).
 * Memory is the size of what the model holds (typed arrays, strings,
 * arrays, objects). An input repeated k times more must cost at most 1.5 k
 * times more work and 2.5 k times more memory (capacity doubling): linear
 * growth stays under, quadratic growth goes over once the input is large
 * enough for its cost to show.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from 'node:inspector';
import fc from 'fast-check';
import { analyzeBytes, analyzeText, type CaptureModel } from '../../src/core/analyze';
import { isInternalErrorProblem } from '../../src/core/problems';
import { DETECTION_CHARACTERS } from '../../src/core/text/detect';
import { fixtureBytes } from './helpers/captureFixtures';
import { fixtureText } from './helpers/textFixtures';

const session = new Session();
function post<T>(method: string, params: object = {}): T {
  let result: T | undefined;
  let error: Error | null = null;
  session.post(method, params, (e, r) => {
    error = e;
    result = r as T;
  });
  if (error) throw error;
  return result!;
}

before(() => {
  session.connect();
  post('Profiler.enable');
  // Once for the whole file: counts restarted across a stop and a start are not reliable.
  post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
});
after(() => session.disconnect());

interface ScriptCoverage {
  url: string;
  functions: { ranges: { count: number }[] }[];
}

/** The model of `run`, and how many blocks of the core's code it executed. */
function counted(run: () => CaptureModel): { model: CaptureModel; work: number } {
  // Taking the coverage resets the counts.
  post('Profiler.takePreciseCoverage');
  const model = run();
  const { result } = post<{ result: ScriptCoverage[] }>('Profiler.takePreciseCoverage');
  let work = 0;
  for (const script of result) {
    if (!script.url.includes('/src/core/')) continue;
    for (const fn of script.functions) for (const range of fn.ranges) work += range.count;
  }
  return { model, work };
}

/** Bytes the model holds: what it reaches, each object counted once. */
function heldBytes(root: unknown): number {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  let total = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') total += 2 * value.length;
    else if (typeof value === 'number' || typeof value === 'boolean') total += 8;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) total += value.byteLength;
    else if (value instanceof Map || value instanceof Set) {
      total += 16 * value.size;
      for (const entry of value) stack.push(entry);
    } else {
      const keys = Object.keys(value);
      total += 16 + 8 * keys.length;
      for (const key of keys) stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return total;
}

function assertNoInternalError(model: CaptureModel): void {
  assert.equal(model.internalError, undefined, model.internalError);
  const internal = model.problems.find(isInternalErrorProblem);
  assert.equal(internal, undefined, internal?.message);
}

/** Blocks a copy that work may gain for nothing: some runtimes' counts drift by a few between runs. */
const COUNTING_SLACK_PER_COPY = 2;
/** An increment more than this many times the one before it: linear work's is twice it, quadratic work's four times. */
const STEEP = 3;

/**
 * `few` copies, doubled up to `many` (at least four doublings): work and memory grow at most
 * linearly. Work is judged by what each doubling adds: twice what the one before added when it is
 * linear, four times when quadratic work shows. Three steep increments running are not linear. A cost
 * paid once makes at most two: a damaged header claiming the bytes after it, skipped before the reader
 * finds its feet, keeps work flat until they are past, then the doubling they end in adds a part of
 * what the next adds. Memory, grown by doubling: at most 2.5 times as much as the copies.
 */
function assertLinear(analyse: (copies: number) => CaptureModel, few = 4, many = 16 * few): void {
  const runs: { copies: number; model: CaptureModel; work: number }[] = [];
  for (let copies = few; copies <= many; copies *= 2) runs.push({ copies, ...counted(() => analyse(copies)) });
  for (const { model } of runs) assertNoInternalError(model);
  const added = (k: number) => runs[k].work - runs[k - 1].work;
  const steep = (k: number) => added(k) > STEEP * Math.max(added(k - 1), 0) + COUNTING_SLACK_PER_COPY * runs[k].copies;
  for (let k = 4; k < runs.length; k++) {
    const works = runs.map(({ copies, work }) => `${work} for ${copies}`).join(', ');
    assert.ok(!(steep(k - 2) && steep(k - 1) && steep(k)), `work ${works} copies: three steep doublings running`);
  }
  const last = runs[runs.length - 1];
  const heldFew = heldBytes(runs[0].model);
  const heldMany = heldBytes(last.model);
  assert.ok(heldMany <= 2.5 * (last.copies / few) * heldFew, `memory ${heldFew} bytes for ${few} copies, ${heldMany} for ${last.copies}`);
}

function repeated(head: Uint8Array, body: Uint8Array, copies: number): Uint8Array {
  const out = new Uint8Array(head.length + body.length * copies);
  out.set(head);
  for (let i = 0; i < copies; i++) out.set(body, head.length + i * body.length);
  return out;
}

const pcap = fixtureBytes('http-clean-client-close.pcap');
const pcapng = fixtureBytes('format-pcapng.pcapng');
const pcapngHead = pcapng.subarray(0, 28 + new DataView(pcapng.buffer, pcapng.byteOffset).getUint32(28 + 4, true));
const LINES = fixtureText('corpus/http-clean-client-close.n.txt').trimEnd().split('\n');

const ARP_RECORDS = Uint8Array.of(
  149, 89, 2, 107, 92, 96, 1, 0, 42, 0, 0, 0, 42, 0, 0, 0, 255, 255, 255, 255, 255, 255, 2, 0, 94, 0, 0, 1, 8, 6, 0, 1, 8, 0, 6, 4, 0, 1, 2,
  0, 94, 0, 0, 1, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 192, 0, 2, 2, 149, 89, 2, 107, 153, 188, 1, 0, 42, 0, 0, 0, 42, 0, 0, 0, 2, 0, 94, 0, 0, 1,
  2, 0, 94, 0, 0, 2, 8, 6, 0, 1,
);
/**
 * Found by fast-check: damaged record headers whose reader skips a part of the input once (its first
 * 16 bytes, some 300, or thousands a plausible header claims) before it finds its feet, if ever.
 */
const DAMAGED_HEADERS: [Uint8Array, Uint8Array[]][] = [
  [pcap.subarray(0, 24), [Uint8Array.of(164, 32, 154, 99, 227), Uint8Array.of(200, 36, 176)]],
  [pcap.subarray(0, 24), [Uint8Array.of(0, 0, 0, 0, 0, 0), Uint8Array.of(0, 0, 0, 1, 0, 0), ARP_RECORDS]],
  [pcap.subarray(0, 24), [Uint8Array.of(0), ARP_RECORDS, ARP_RECORDS]],
  [pcap.subarray(0, 24), [Uint8Array.of(0, 0), Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0), ARP_RECORDS]],
];

describe('analysis of any input: no internal error, linear work and memory', () => {
  it('any bytes, alone or after a pcap or pcapng header, records of a real capture among them', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(new Uint8Array(0), pcap.subarray(0, 24), pcapngHead),
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constant(pcap.subarray(24, 24 + 16 + 74))), { minLength: 1, maxLength: 6 }),
        (head, parts) => {
          const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
          parts.reduce((at, p) => (body.set(p, at), at + p.length), 0);
          assertLinear((copies) => analyzeBytes(repeated(head, body, copies), 'any'));
        },
      ),
      { numRuns: 30, examples: DAMAGED_HEADERS },
    );
  });

  it('any text, tcpdump lines among it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 80, unit: 'binary' }), fc.constantFrom(...LINES)), { minLength: 1, maxLength: 12 }),
        (lines) => {
          const text = lines.join('\n') + '\n';
          assertLinear((copies) => analyzeText(text.repeat(copies), 'any.txt'));
          // Bytes are read line by line as tcpdump text once its beginning has been recognised as such
          // (more work a line than the regular expressions of what comes before): every size past it.
          const few = Math.max(4, Math.ceil((DETECTION_CHARACTERS + 1) / text.length));
          assertLinear((copies) => analyzeBytes(new TextEncoder().encode(text.repeat(copies)), 'any.txt'), few);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("a real capture's records repeated: work and memory grow with them", () => {
    assertLinear((copies) => analyzeBytes(repeated(pcap.subarray(0, 24), pcap.subarray(24), copies), 'repeated.pcap'), 8, 128);
    assertLinear((copies) => analyzeText((LINES.join('\n') + '\n').repeat(copies), 'repeated.txt'), 8, 128);
  });
});

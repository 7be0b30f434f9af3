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

/**
 * `few` copies against `many`: work and memory grow at most linearly. `few` is 4, not fewer: a
 * damaged record's resynchronisation needs a few records' bytes before its work per copy settles.
 */
function assertLinear(analyse: (copies: number) => CaptureModel, few = 4, many = 32): void {
  const small = counted(() => analyse(few));
  const large = counted(() => analyse(many));
  assertNoInternalError(small.model);
  assertNoInternalError(large.model);
  const k = many / few;
  assert.ok(large.work <= 1.5 * k * small.work, `work ${small.work} for ${few} copies, ${large.work} for ${many}`);
  const heldSmall = heldBytes(small.model);
  const heldLarge = heldBytes(large.model);
  assert.ok(heldLarge <= 2.5 * k * heldSmall, `memory ${heldSmall} bytes for ${few} copies, ${heldLarge} for ${many}`);
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
      { numRuns: 30 },
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
          // (more work a line than the regular expressions of what comes before): both sizes past it.
          const few = Math.max(4, Math.ceil((DETECTION_CHARACTERS + 1) / text.length));
          assertLinear((copies) => analyzeBytes(new TextEncoder().encode(text.repeat(copies)), 'any.txt'), few, 8 * few);
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

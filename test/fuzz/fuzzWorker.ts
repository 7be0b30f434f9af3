/**
 * One fuzz target until its deadline, in a worker thread (so that the main
 * thread can stop a hang): coverage-guided mutation fuzzing, with V8's own
 * block coverage (through node:inspector) of the core's compiled code as the
 * guide. Before running an input it is written to the shared buffer, so that
 * the main thread knows what hung or ran out of memory.
 */
import { Session } from 'node:inspector';
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeBytes } from '../../src/core/analyze';
import { replayInput, type Failure } from './exercise';
import { memoryBound, SHARED_HEADER, timeBound } from './fuzzBounds';
import { Random } from './random';
import { targetNamed, type FuzzTarget } from './targets';

export interface FuzzWorkerData {
  readonly target: string;
  readonly seed: number;
  /** Date.now() at which to stop. */
  readonly deadline: number;
  /** [0]: length of the input running, [1]: 1 while running; then a Float64 start time; then the input's bytes. */
  readonly shared: SharedArrayBuffer;
}

export type FindingKind = 'crash' | 'hang' | 'memory';

export type WorkerMessage =
  | { type: 'stats'; executions: number; corpus: number; coverage: number; seeds: number }
  | { type: 'finding'; kind: FindingKind; detail: string; stack?: string; bytes: Uint8Array; minimisedFrom?: number }
  | { type: 'done'; executions: number; corpus: number; coverage: number };

const data = workerData as FuzzWorkerData;
const target = targetNamed(data.target)! as FuzzTarget<unknown>;
const random = new Random(data.seed);
const lengthAndState = new Int32Array(data.shared, 0, 2);
const startTime = new Float64Array(data.shared, 8, 1);
const inputBytes = new Uint8Array(data.shared, SHARED_HEADER);
const gc = (globalThis as { gc?: () => void }).gc;

const session = new Session();
session.connect();
function post<T>(method: string, params?: object): T {
  let result: T | undefined;
  let error: Error | null = null;
  session.post(method, params ?? {}, (e, r) => {
    error = e;
    result = r as T;
  });
  if (error) throw error;
  return result!;
}

interface ScriptCoverage {
  url: string;
  functions: { ranges: { startOffset: number; endOffset: number; count: number }[] }[];
}

const seen = new Set<string>();
/** Blocks of the core run (or not run) by the last input that no input had shown before. */
function newCoverage(): number {
  const { result } = post<{ result: ScriptCoverage[] }>('Profiler.takePreciseCoverage');
  let fresh = 0;
  for (const script of result) {
    const at = script.url.indexOf('/out/src/core/');
    if (at < 0) continue;
    const file = script.url.slice(at + 14);
    for (const fn of script.functions) {
      for (const range of fn.ranges) {
        const key = `${file}:${range.startOffset}:${range.endOffset}:${range.count > 0 ? 1 : 0}`;
        if (!seen.has(key)) {
          seen.add(key);
          fresh++;
        }
      }
    }
  }
  return fresh;
}

function send(message: WorkerMessage): void {
  parentPort!.postMessage(message);
}

/** Runs one input, published in the shared buffer while it runs. */
function execute(bytes: Uint8Array): { failure: Failure | null; ms: number } {
  if (bytes.length > inputBytes.length) return { failure: null, ms: 0 };
  inputBytes.set(bytes);
  Atomics.store(lengthAndState, 0, bytes.length);
  startTime[0] = Date.now();
  Atomics.store(lengthAndState, 1, 1);
  const started = performance.now();
  const failure = replayInput(bytes, target.extension);
  const ms = performance.now() - started;
  Atomics.store(lengthAndState, 1, 0);
  return { failure, ms };
}

/** Bytes the model of an input keeps on the heap; null without `--expose-gc`. */
function retainedBytes(bytes: Uint8Array): number | null {
  if (!gc) return null;
  gc();
  const before = process.memoryUsage().heapUsed;
  const model = analyzeBytes(bytes, 'fuzz');
  gc();
  const after = process.memoryUsage().heapUsed;
  return model.packetCount >= 0 ? after - before : 0;
}

const reported = new Set<string>();
function signature(kind: FindingKind, detail: string): string {
  return `${kind}:${detail.replace(/\d+/g, 'N').slice(0, 200)}`;
}

/** Shorter bytes that fail the same way: chunks removed, halving their size down to a byte. */
function minimise(bytes: Uint8Array, detail: string): Uint8Array {
  const want = signature('crash', detail);
  let best = bytes;
  const started = Date.now();
  for (let chunk = best.length >> 1; chunk >= 1 && Date.now() - started < 20_000; chunk >>= 1) {
    for (let at = 0; at + chunk <= best.length && Date.now() - started < 20_000; ) {
      const candidate = new Uint8Array(best.length - chunk);
      candidate.set(best.subarray(0, at));
      candidate.set(best.subarray(at + chunk), at);
      const { failure } = execute(candidate);
      if (failure && signature('crash', failure.detail) === want) best = candidate;
      else at += chunk;
    }
  }
  return best;
}

function report(kind: FindingKind, detail: string, bytes: Uint8Array, stack?: string): void {
  const key = signature(kind, detail);
  if (reported.has(key)) return;
  reported.add(key);
  const small = kind === 'crash' ? minimise(bytes, detail) : bytes;
  send({ type: 'finding', kind, detail, stack, bytes: small.slice(), minimisedFrom: small.length < bytes.length ? bytes.length : undefined });
}

/** Runs an input and checks it: a crash, a time out of proportion, memory out of proportion. Returns whether it showed new coverage. */
function check(input: unknown): boolean {
  const bytes = target.bytesOf(input);
  const { failure, ms } = execute(bytes);
  const fresh = newCoverage();
  if (failure) report('crash', failure.detail, bytes, failure.stack);
  const work = target.workSize(bytes);
  if (ms > timeBound(work)) {
    // Once more, to tell a hang from a busy machine.
    const again = execute(bytes);
    if (again.ms > timeBound(work)) report('hang', `${bytes.length} bytes took ${Math.round(Math.min(ms, again.ms))} ms (bound ${Math.round(timeBound(work))} ms)`, bytes);
  }
  // Measuring takes two full garbage collections: for new behaviour at most once a second, and every 500th input.
  if ((fresh > 0 && Date.now() - lastMemoryCheck > 1000) || executions % 500 === 0) {
    lastMemoryCheck = Date.now();
    const retained = retainedBytes(bytes);
    if (retained !== null && retained > memoryBound(work)) {
      const again = retainedBytes(bytes)!;
      if (again > memoryBound(work)) report('memory', `${bytes.length} bytes kept ${Math.round(again / 1024)} KiB (bound ${Math.round(memoryBound(work) / 1024)} KiB)`, bytes);
    }
  }
  return fresh > 0;
}

const MAX_CORPUS = 4000;
let executions = 0;
let lastMemoryCheck = 0;

function main(): void {
  post('Profiler.enable');
  post('Profiler.startPreciseCoverage', { callCount: false, detailed: true });
  const seeds = target.seeds();
  const corpus: unknown[] = [];
  for (const seed of seeds) {
    executions++;
    if (check(seed) || corpus.length === 0) corpus.push(seed);
  }
  // Seeds that added nothing still serve as splice donors.
  const donors = seeds.length > 0 ? seeds : corpus;
  let lastStats = Date.now();
  while (Date.now() < data.deadline) {
    const recent = corpus.length > 64 && random.chance(0.5);
    const parent = recent ? corpus[corpus.length - 1 - random.below(64)] : random.pick(corpus);
    const child = target.mutate(parent, random, random.chance(0.5) ? random.pick(corpus) : random.pick(donors));
    executions++;
    if (check(child)) {
      if (corpus.length < MAX_CORPUS) corpus.push(child);
      else corpus[random.below(MAX_CORPUS)] = child;
    }
    if (Date.now() - lastStats > 5000) {
      lastStats = Date.now();
      send({ type: 'stats', executions, corpus: corpus.length, coverage: seen.size, seeds: seeds.length });
    }
  }
  send({ type: 'done', executions, corpus: corpus.length, coverage: seen.size });
}

main();

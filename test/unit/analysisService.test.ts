/**
 * The worker-backed analysis service under Node (a real `worker_threads` worker running the compiled
 * src/worker/analysisWorker.ts), against the in-process service on real captures.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { renderCaptureText } from '../../src/core/render/captureText';
import {
  AnalysisCancelledError,
  AnalysisFailedError,
  WorkerAnalysisService,
  type AnalysisWorkerStarter,
  type CancellationSignal,
  type WorkerPoolLimits,
} from '../../src/extension/analysisService';
import { nodeAnalysisWorker } from '../../src/extension/nodeAnalysisWorker';
import { transferablesOf, type AnalysisResult, type AnalysisSource } from '../../src/protocol';
import { InProcessAnalysisService } from '../../src/worker/inProcessAnalysisService';
import { fixtureBytes } from './helpers/captureFixtures';
import { repeatedPcap } from './helpers/repeatedCapture';

const WORKER_SCRIPT = join(__dirname, '..', '..', 'src', 'worker', 'analysisWorker.js');
const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');

/** A cancellation token as VS Code's behaves: listeners hear the cancel once. */
function cancellationSource(): { token: CancellationSignal; cancel(): void } {
  let cancelled = false;
  const listeners = new Set<() => void>();
  return {
    token: {
      get isCancellationRequested() {
        return cancelled;
      },
      onCancellationRequested: (listener) => {
        listeners.add(listener);
        return { dispose: () => listeners.delete(listener) };
      },
    },
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      for (const listener of [...listeners]) listener();
    },
  };
}

const never = (): CancellationSignal => cancellationSource().token;

/** Real workers, counted: how many were started and how many the service terminated. */
class CountedWorkers {
  starts = 0;
  terminations = 0;

  constructor(private readonly scriptFor: (start: number) => string = () => WORKER_SCRIPT) {}

  readonly starter: AnalysisWorkerStarter = (events) => {
    const worker = nodeAnalysisWorker(this.scriptFor(++this.starts))(events);
    return {
      post: (request) => worker.post(request),
      terminate: () => {
        this.terminations++;
        worker.terminate();
      },
    };
  };
}

const services: WorkerAnalysisService[] = [];
function workerService(workers = new CountedWorkers(), limits?: WorkerPoolLimits): WorkerAnalysisService {
  const service = new WorkerAnalysisService(workers.starter, limits);
  services.push(service);
  return service;
}
after(() => services.forEach((service) => service.dispose()));

const inProcess = new InProcessAnalysisService();

function captureSource(file: string, renderText = false): AnalysisSource {
  return { kind: 'capture', fileName: file, bytes: fixtureBytes(file), renderText };
}

function textSource(path: string): AnalysisSource {
  return { kind: 'text', fileName: path, text: readFileSync(join(FIXTURES, path), 'utf8') };
}

/** Large enough to be reported on several times and to be cancelled part-way. */
function largeCapture(): AnalysisSource {
  const real = new Uint8Array(readFileSync(join(FIXTURES, 'unseen', 'bulk-loss-reorder-sack.pcap')));
  return { kind: 'capture', fileName: 'bulk-repeated.pcap', bytes: repeatedPcap(real, 12 * 1024 * 1024), renderText: false };
}

function assertSound(result: AnalysisResult): void {
  assert.equal(result.model.internalError, undefined);
  assert.equal(result.model.unreadable, undefined);
  assert.ok(result.model.packetCount > 0);
}

/** A request left hanging fails its test instead of stopping the run. */
const NO_HANG = { timeout: 60_000 };

describe('the analysis service in a worker thread', NO_HANG, () => {
  const sources: [string, () => AnalysisSource][] = [
    ['a pcap', () => captureSource('http-clean-client-close.pcap')],
    ['a pcapng with two interfaces', () => captureSource('pcapng-two-interfaces.pcapng')],
    ['a gzip-compressed capture', () => captureSource('http-gzip.pcap.gz')],
    ['tcpdump text', () => textSource('unseen/bulk-loss-reorder-sack.v.txt')],
    ['tcpdump 3.x text', () => textSource('text/corpus/oldstyle-tcpdump3.txt')],
  ];
  for (const [what, sourceOf] of sources) {
    test(`${what}: the model the worker sends equals the in-process one`, async () => {
      const fromWorker = await workerService().analyze(sourceOf(), never());
      const expected = await inProcess.analyze(sourceOf(), never());
      assertSound(fromWorker);
      assert.deepEqual(fromWorker, expected);
    });
  }

  test('a capture source with renderText gives its text view and its model from one pass', async () => {
    const file = 'ipv6-http.pcap';
    const result = await workerService().analyze(captureSource(file, true), never());
    assertSound(result);
    assert.ok(result.text, 'no text view');
    const text = new TextDecoder().decode(result.text.utf8);
    assert.equal(text, renderCaptureText(fixtureBytes(file)).text);
    assert.equal(result.text.characters, text.length);
    assert.deepEqual(result.text.problems, []);
    const modelOnly = await inProcess.analyze(captureSource(file, false), never());
    assert.deepEqual(result.model, modelOnly.model);
  });

  test('a capture with firstPageFrames sends the text of its first frames ahead of the result', async () => {
    const firstPages: string[] = [];
    let resolved = false;
    const source = { ...largeCapture(), renderText: true, firstPageFrames: 1000 } as AnalysisSource;
    const result = await workerService().analyze(source, never(), {
      onFirstPage: (text) => {
        assert.ok(!resolved, 'the first page after the result');
        const decoded = new TextDecoder().decode(text.utf8);
        assert.equal(text.characters, decoded.length);
        firstPages.push(decoded);
      },
    });
    resolved = true;
    assert.ok(result.text);
    const whole = new TextDecoder().decode(result.text.utf8);
    assert.equal(firstPages.length, 1);
    assert.equal(firstPages[0].split('\n').length - 1, 1000);
    assert.ok(whole.startsWith(firstPages[0]), 'the first page is not the start of the text view');
    assert.ok(whole.length > firstPages[0].length);
  });

  test('thresholds reach the findings', async () => {
    const scan = (): AnalysisSource => ({
      kind: 'capture',
      fileName: 'port-scan-syn-hping3.pcap',
      bytes: new Uint8Array(readFileSync(join(FIXTURES, 'model', 'port-scan-syn-hping3.pcap'))),
      renderText: false,
    });
    const service = workerService();
    const kinds = async (portScanMinPorts?: number) =>
      (await service.analyze(scan(), never(), { thresholds: portScanMinPorts === undefined ? {} : { portScanMinPorts } })).model.findings.map(
        (finding) => finding.kind,
      );
    assert.ok((await kinds()).includes('port-scan'), 'the scan is not found with the default thresholds');
    assert.ok(!(await kinds(100_000)).includes('port-scan'), 'the scan is still found with a threshold above its port count');
  });

  test('progress arrives, growing, up to the total, before the result', async () => {
    const reports: [number, number][] = [];
    let resolved = false;
    const analysis = workerService().analyze(largeCapture(), never(), {
      onProgress: (done, total) => {
        assert.ok(!resolved, 'progress after the result');
        reports.push([done, total]);
      },
    });
    const result = await analysis;
    resolved = true;
    assertSound(result);
    assert.ok(reports.length >= 2, `${reports.length} progress reports`);
    const total = reports[0][1];
    assert.ok(reports.every(([, t]) => t === total));
    assert.ok(reports.every(([done], i) => i === 0 || done > reports[i - 1][0]), 'progress went backwards');
    assert.deepEqual(reports.at(-1), [total, total]);
  });

  test('a file source is read from disk by the worker: the model of its text, progress in frames read', async () => {
    const path = join(FIXTURES, 'unseen', 'bulk-loss-reorder-sack.v.txt');
    const reports: [number, number, number | undefined][] = [];
    const fromFile = await workerService().analyze({ kind: 'file', fileName: 'bulk-loss-reorder-sack.v.txt', path }, never(), {
      onProgress: (done, total, frames) => reports.push([done, total, frames]),
    });
    assertSound(fromFile);
    const fromText = await inProcess.analyze(textSource('unseen/bulk-loss-reorder-sack.v.txt'), never());
    assert.deepEqual(fromFile.model.packets, fromText.model.packets);
    assert.deepEqual(fromFile.model.connections, fromText.model.connections);
    assert.ok(reports.length >= 1, 'no progress');
    const [done, total, frames] = reports.at(-1)!;
    assert.equal(done, total);
    assert.equal(total, readFileSync(path).length);
    assert.ok(frames !== undefined && frames > 0 && frames <= fromText.model.frameCount, `frames ${frames}`);
  });

  test('a binary capture read from disk by the worker gives the text view and model its bytes give', async () => {
    const file = 'ipv6-http.pcap';
    const path = join(FIXTURES, 'capture', file);
    const fromFile = await workerService().analyze({ kind: 'file', fileName: file, path, renderText: true }, never());
    const fromBytes = await inProcess.analyze({ kind: 'capture', fileName: file, bytes: new Uint8Array(readFileSync(path)), renderText: true }, never());
    assertSound(fromFile);
    assert.deepEqual(fromFile, fromBytes);
    assert.ok(fromFile.text && fromFile.text.utf8.length > 0);
  });

  test('progress of a binary capture counts the frames read, growing', async () => {
    const frames: (number | undefined)[] = [];
    const result = await workerService().analyze(largeCapture(), never(), { onProgress: (_done, _total, read) => frames.push(read) });
    assert.ok(frames.length >= 2 && frames.every((read, i) => read !== undefined && (i === 0 || read >= frames[i - 1]!)), `frames ${frames}`);
    assert.equal(frames.at(-1), result.model.frameCount);
  });

  test('cancelling terminates the worker and rejects; the next request gets a fresh worker', async () => {
    const workers = new CountedWorkers();
    const service = workerService(workers);
    const cancellation = cancellationSource();
    const analysis = service.analyze(largeCapture(), cancellation.token, { onProgress: () => cancellation.cancel() });
    await assert.rejects(analysis, AnalysisCancelledError);
    assert.equal(workers.terminations, 1);
    const next = await service.analyze(captureSource('port-reuse.pcap'), never());
    assertSound(next);
    assert.deepEqual(next, await inProcess.analyze(captureSource('port-reuse.pcap'), never()));
    assert.equal(workers.starts, 2);
  });

  test('a request cancelled before it is sent leaves the running one alone', async () => {
    const workers = new CountedWorkers();
    const service = workerService(workers, { maxWorkers: 1 });
    const queued = cancellationSource();
    const running = service.analyze(largeCapture(), never());
    const cancelled = service.analyze(captureSource('port-reuse.pcap'), queued.token);
    queued.cancel();
    await assert.rejects(cancelled, AnalysisCancelledError);
    assertSound(await running);
    assert.equal(workers.terminations, 0);
    assert.equal(workers.starts, 1);
  });

  test('a request already cancelled is rejected without starting a worker', async () => {
    const workers = new CountedWorkers();
    const cancellation = cancellationSource();
    cancellation.cancel();
    await assert.rejects(workerService(workers).analyze(captureSource('port-reuse.pcap'), cancellation.token), AnalysisCancelledError);
    assert.equal(workers.starts, 0);
  });

  test('several requests at once each get their own answer', async () => {
    const files = ['http-clean-client-close.pcap', 'ipv6-http.pcap', 'port-reuse.pcap', 'out-of-order.pcap'];
    const service = workerService();
    const results = await Promise.all(files.map((file) => service.analyze(captureSource(file), never())));
    for (const [i, file] of files.entries()) {
      assertSound(results[i]);
      assert.deepEqual(results[i], await inProcess.analyze(captureSource(file), never()), file);
    }
  });

  test('a result hands every buffer of its model and text over instead of copying it', async () => {
    const result = await inProcess.analyze(captureSource('http-clean-client-close.pcap', true), never());
    const expected = structuredClone(result);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise((resolve) => port2.once('message', resolve));
    port1.postMessage(result, transferablesOf(result));
    // A transferred buffer is detached on the sending side.
    const { packets, frameLines, connectionPackets } = result.model;
    for (const [name, column] of Object.entries({ ...packets, ...frameLines, ...connectionPackets, text: result.text?.utf8 })) {
      assert.equal(column?.byteLength, 0, `${name} was copied`);
    }
    assert.deepEqual(await received, expected);
    port1.close();
  });
});

/**
 * A capture of many small packets (about 400,000), whose analysis runs long enough, on a loaded machine
 * too, for a small one started after it to be over first if it runs beside it.
 */
function longCapture(): AnalysisSource {
  return { kind: 'capture', fileName: 'port-reuse-repeated.pcap', bytes: repeatedPcap(fixtureBytes('port-reuse.pcap'), 64 * 1024 * 1024), renderText: false };
}

/** A request followed: `running` resolves at its first progress report (a worker is analysing it), `done` tells whether it settled. */
function followed(service: WorkerAnalysisService, source: AnalysisSource, token: CancellationSignal = never()) {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const state = { done: false };
  const analysis = service.analyze(source, token, { onProgress: () => started() });
  void analysis.then(
    () => (state.done = true),
    () => (state.done = true),
  );
  return { analysis, running, get done() { return state.done; } };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the analysis service\'s pool of workers', NO_HANG, () => {
  test('a small capture submitted while a long one is analysed is answered first, by another worker, the long one still running', async () => {
    const workers = new CountedWorkers();
    const service = workerService(workers);
    const long = followed(service, longCapture());
    await long.running;
    const small = await service.analyze(captureSource('port-reuse.pcap'), never());
    assert.ok(!long.done, 'the small capture was answered only after the long one');
    assert.deepEqual(small, await inProcess.analyze(captureSource('port-reuse.pcap'), never()));
    assertSound(await long.analysis);
    assert.equal(workers.starts, 2);
  });

  test('cancelling one of two running requests terminates its worker alone; the other completes', async () => {
    const workers = new CountedWorkers();
    const service = workerService(workers);
    const cancellation = cancellationSource();
    const cancelled = followed(service, longCapture(), cancellation.token);
    const other = followed(service, longCapture());
    await Promise.all([cancelled.running, other.running]);
    cancellation.cancel();
    await assert.rejects(cancelled.analysis, AnalysisCancelledError);
    assert.equal(workers.terminations, 1);
    assertSound(await other.analysis);
    assert.equal(workers.terminations, 1);
    assert.equal(workers.starts, 2);
  });

  test('beyond maxWorkers, a request waits for a worker to be free, then reuses it', async () => {
    const workers = new CountedWorkers();
    const service = workerService(workers, { maxWorkers: 2 });
    const longs = [followed(service, longCapture()), followed(service, longCapture())];
    await Promise.all(longs.map((long) => long.running));
    const small = await service.analyze(captureSource('port-reuse.pcap'), never());
    assert.ok(longs.some((long) => long.done), 'the third request ran beside the two long ones');
    assertSound(small);
    await Promise.all(longs.map((long) => long.analysis));
    assert.equal(workers.starts, 2);
  });

  test('waiting requests start in the order they came', async () => {
    const service = workerService(new CountedWorkers(), { maxWorkers: 1 });
    const order: string[] = [];
    const files = ['port-reuse.pcap', 'ipv6-http.pcap', 'out-of-order.pcap', 'http-clean-client-close.pcap'];
    await Promise.all(files.map((file) => service.analyze(captureSource(file), never()).then(() => order.push(file))));
    assert.deepEqual(order, files);
  });

  test('one idle worker is kept for the next request; the others are terminated after idleWorkerMs', async () => {
    const workers = new CountedWorkers();
    const service = workerService(workers, { idleWorkerMs: 100 });
    const files = ['port-reuse.pcap', 'ipv6-http.pcap', 'out-of-order.pcap'];
    await Promise.all(files.map((file) => service.analyze(captureSource(file), never())));
    assert.equal(workers.starts, 3);
    await delay(1000);
    assert.equal(workers.terminations, 2);
    assertSound(await service.analyze(captureSource('port-reuse.pcap'), never()));
    assertSound(await service.analyze(captureSource('ipv6-http.pcap'), never()));
    assert.equal(workers.starts, 3, 'a request after the idle time did not reuse the worker kept');
  });

  test('dispose terminates every worker and cancels the requests running and waiting', async () => {
    const workers = new CountedWorkers();
    const service = workerService(workers, { maxWorkers: 2 });
    const running = [followed(service, longCapture()), followed(service, longCapture())];
    const waiting = service.analyze(captureSource('port-reuse.pcap'), never());
    await Promise.all(running.map((request) => request.running));
    service.dispose();
    for (const analysis of [...running.map((request) => request.analysis), waiting]) await assert.rejects(analysis, AnalysisCancelledError);
    assert.equal(workers.starts, 2);
    assert.equal(workers.terminations, 2);
  });
});

describe('the analysis service when its worker fails', NO_HANG, () => {
  const scripts = mkdtempSync(join(tmpdir(), 'tcp-lens-workers-'));
  after(() => rmSync(scripts, { recursive: true, force: true }));
  function workerScript(name: string, body: string): string {
    const path = join(scripts, name);
    writeFileSync(path, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
    return path;
  }

  /** The first worker runs `script`, the ones after it the real analysis worker. */
  function failingFirst(script: string): CountedWorkers {
    return new CountedWorkers((start) => (start === 1 ? script : WORKER_SCRIPT));
  }

  async function assertRecovers(service: WorkerAnalysisService): Promise<void> {
    assertSound(await service.analyze(captureSource('port-reuse.pcap'), never()));
  }

  test('a worker that cannot start fails the request, and the next request works', async () => {
    const service = workerService(failingFirst(join(scripts, 'missing-worker.js')));
    await assert.rejects(service.analyze(captureSource('port-reuse.pcap'), never()), AnalysisFailedError);
    await assertRecovers(service);
  });

  test('a worker that exits mid-request fails it', async () => {
    const service = workerService(failingFirst(workerScript('exits.js', "parentPort.on('message', () => process.exit(3));")));
    await assert.rejects(service.analyze(captureSource('port-reuse.pcap'), never()), /exited with code 3/);
    await assertRecovers(service);
  });

  test('a worker that exits fails the request it was serving alone; the request running beside it completes', async () => {
    const exits = workerScript('exits-at-once.js', "parentPort.on('message', () => process.exit(3));");
    const workers = new CountedWorkers((start) => (start === 2 ? exits : WORKER_SCRIPT));
    const service = workerService(workers);
    const long = followed(service, longCapture());
    await long.running;
    await assert.rejects(service.analyze(captureSource('port-reuse.pcap'), never()), /exited with code 3/);
    assert.ok(!long.done, 'the failing request ran only after the long one');
    assertSound(await long.analysis);
    assert.equal(workers.starts, 2);
  });

  test('a worker that throws fails the request', async () => {
    const service = workerService(failingFirst(workerScript('throws.js', "parentPort.on('message', () => { throw new Error('boom'); });")));
    await assert.rejects(service.analyze(captureSource('port-reuse.pcap'), never()), /boom/);
    await assertRecovers(service);
  });

  const malformed: [string, string][] = [
    ['a model of another version', "{ type: 'result', id: m.id, result: { model: { modelVersion: 99 } } }"],
    ['an answer to another request', "{ type: 'failure', id: m.id + 1, message: 'no' }"],
    ['progress without numbers', "{ type: 'progress', id: m.id, done: 'half' }"],
    ['an unknown message', "{ type: 'hello', id: m.id }"],
  ];
  for (const [what, answer] of malformed) {
    test(`a worker answering ${what} fails the request instead of leaving it hanging`, async () => {
      const script = workerScript(`answers-${what.replace(/\W+/g, '-')}.js`, `parentPort.on('message', (m) => parentPort.postMessage(${answer}));`);
      const workers = failingFirst(script);
      const service = workerService(workers);
      await assert.rejects(service.analyze(captureSource('port-reuse.pcap'), never()), (error: Error) => {
        assert.ok(error instanceof AnalysisFailedError, String(error));
        assert.match(error.message, /malformed|not serving/);
        return true;
      });
      assert.equal(workers.terminations, 1);
      await assertRecovers(service);
    });
  }

  test('the real worker answers a malformed request with a failure', async () => {
    const script = workerScript(
      'asks-badly.js',
      `const { Worker } = require('node:worker_threads');
       const real = new Worker(${JSON.stringify(WORKER_SCRIPT)});
       parentPort.on('message', (m) => real.postMessage({ ...m, source: { kind: 'capture', fileName: 'x', bytes: 'not bytes' } }));
       real.on('message', (answer) => parentPort.postMessage(answer));`,
    );
    const service = workerService(failingFirst(script));
    await assert.rejects(service.analyze(captureSource('port-reuse.pcap'), never()), /malformed request: source.bytes is not a Uint8Array/);
  });
});

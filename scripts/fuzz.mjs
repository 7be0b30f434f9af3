// `npm run fuzz`: coverage-guided mutation fuzzing of every decoder of the core (test/fuzz), one
// target after another, each for a bounded time in a worker thread that this thread watches.
//
//   npm run fuzz                                   every target, 2 minutes each
//   npm run fuzz -- --minutes 10 --target pcap     one target (repeat --target, or a,b) for 10 minutes
//   npm run fuzz -- --seconds 30 --seed 7          a shorter run, repeated exactly from its seed
//   npm run fuzz -- --list                         the targets
//
// An input that makes an exception escape the core or an internal-error problem appear (a crash),
// that takes longer than its size allows (a hang; the worker is stopped), or whose model keeps memory
// out of proportion to its size (or runs the worker out of memory) is saved to test/fixtures/fuzz/,
// which `npm test` replays (test/unit/fuzzRegressions.test.ts). Crashes are minimised first.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { TARGETS } = require(path.join(repoRoot, 'out/test/fuzz/targets.js'));
const { SHARED_HEADER, timeBound } = require(path.join(repoRoot, 'out/test/fuzz/fuzzBounds.js'));
const workerFile = path.join(repoRoot, 'out/test/fuzz/fuzzWorker.js');
const regressionDir = path.join(repoRoot, 'test/fixtures/fuzz');

export const DEFAULT_MINUTES = 2;
/** The largest input a worker runs (inputs are kept far smaller: 64 KiB). */
const SHARED_INPUT_BYTES = 4 << 20;
/** A worker's heap: far more than any input here needs, so that running out of it is a finding. */
const WORKER_HEAP_MB = 768;

function usage(problem) {
  if (problem) console.error(problem);
  console.error('usage: npm run fuzz -- [--minutes N | --seconds N] [--target NAME[,NAME]]... [--seed N] [--list]');
  console.error(`targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { seconds: DEFAULT_MINUTES * 60, targets: [], seed: Date.now() % 0x7fffffff, list: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === '--minutes') options.seconds = Number(value()) * 60;
    else if (arg === '--seconds') options.seconds = Number(value());
    else if (arg === '--target') options.targets.push(...value().split(','));
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--list') options.list = true;
    else usage(`unknown argument ${arg}`);
  }
  if (!(options.seconds > 0)) usage('the duration must be a positive number');
  for (const name of options.targets) if (!TARGETS.some((t) => t.name === name)) usage(`no target ${name}`);
  return options;
}

const options = parseArgs(process.argv.slice(2));
if (options.list) {
  for (const t of TARGETS) console.log(`${t.name.padEnd(8)} ${t.description}`);
  process.exit(0);
}
const targets = options.targets.length ? TARGETS.filter((t) => options.targets.includes(t.name)) : TARGETS;

function save(target, kind, bytes) {
  mkdirSync(regressionDir, { recursive: true });
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const file = path.join(regressionDir, `${target.name}-${kind}-${hash}.${target.extension}`);
  writeFileSync(file, bytes);
  return path.relative(repoRoot, file);
}

/** Runs one target until its deadline, restarting its worker after a hang or an out-of-memory. */
async function fuzzTarget(target, seconds, seed) {
  const deadline = Date.now() + seconds * 1000;
  const totals = { executions: 0, corpus: 0, coverage: 0, findings: [], restarts: 0 };
  const signatures = new Set();
  const record = (kind, detail, bytes, stack, minimisedFrom) => {
    const key = `${kind}:${detail.replace(/\d+/g, 'N')}`;
    if (signatures.has(key)) return;
    signatures.add(key);
    const file = save(target, kind, bytes);
    totals.findings.push({ kind, detail, file });
    console.log(`  ${kind.toUpperCase()}: ${detail}\n    saved ${file} (${bytes.length} bytes${minimisedFrom ? `, minimised from ${minimisedFrom}` : ''})`);
    if (stack) console.log(stack.split('\n').slice(0, 8).map((line) => `    ${line}`).join('\n'));
  };
  for (let run = 0; Date.now() < deadline - 1000; run++) {
    const shared = new SharedArrayBuffer(SHARED_HEADER + SHARED_INPUT_BYTES);
    const state = new Int32Array(shared, 0, 2);
    const started = new Float64Array(shared, 8, 1);
    const current = () => new Uint8Array(shared, SHARED_HEADER, Atomics.load(state, 0)).slice();
    const worker = new Worker(workerFile, {
      workerData: { target: target.name, seed: (seed + run * 7919) >>> 0, deadline, shared },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let last = { executions: 0, corpus: 0, coverage: 0 };
    const outcome = await new Promise((resolve) => {
      const watchdog = setInterval(() => {
        if (Atomics.load(state, 1) !== 1) return;
        const bytes = current();
        const allowed = 3 * timeBound(target.workSize(bytes)) + 5000;
        const elapsed = Date.now() - started[0];
        if (elapsed > allowed) {
          clearInterval(watchdog);
          record('hang', `${bytes.length} bytes still running after ${Math.round(elapsed)} ms; the worker was stopped`, bytes);
          void worker.terminate();
          resolve('hang');
        }
      }, 250);
      worker.on('message', (message) => {
        if (message.type === 'stats' || message.type === 'done') {
          last = message;
          if (message.type === 'stats') {
            const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
            console.log(`  ${target.name}: ${totals.executions + message.executions} runs, corpus ${message.corpus}, coverage ${message.coverage} blocks, ${left} s left`);
          }
        } else if (message.type === 'finding') {
          record(message.kind, message.detail, new Uint8Array(message.bytes), message.stack, message.minimisedFrom);
        }
      });
      worker.on('error', (error) => {
        clearInterval(watchdog);
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          record('memory', `the worker ran out of its ${WORKER_HEAP_MB} MB heap on ${Atomics.load(state, 0)} bytes`, current());
          resolve('memory');
        } else {
          console.error(`  the ${target.name} worker failed: ${error.stack ?? error}`);
          resolve('error');
        }
      });
      worker.on('exit', () => {
        clearInterval(watchdog);
        resolve('done');
      });
    });
    totals.executions += last.executions;
    totals.corpus = Math.max(totals.corpus, last.corpus);
    totals.coverage = Math.max(totals.coverage, last.coverage);
    if (outcome === 'error') break;
    if (outcome !== 'done') totals.restarts++;
  }
  return totals;
}

console.log(`fuzzing ${targets.map((t) => t.name).join(', ')} for ${options.seconds} s each (seed ${options.seed})`);
const summary = [];
for (const target of targets) {
  console.log(`\n${target.name}: ${target.description}`);
  const started = Date.now();
  const totals = await fuzzTarget(target, options.seconds, options.seed);
  const seconds = (Date.now() - started) / 1000;
  summary.push({ target: target.name, seconds, ...totals });
  console.log(`  ${target.name}: ${totals.executions} runs in ${seconds.toFixed(0)} s (${(totals.executions / seconds).toFixed(0)}/s), ` +
    `corpus ${totals.corpus}, coverage ${totals.coverage} blocks, ${totals.findings.length} finding(s)`);
}

console.log('\ntarget   seconds    runs  runs/s  coverage  findings');
for (const s of summary) {
  console.log(`${s.target.padEnd(8)} ${s.seconds.toFixed(0).padStart(7)} ${String(s.executions).padStart(7)} ${(s.executions / s.seconds).toFixed(0).padStart(7)} ` +
    `${String(s.coverage).padStart(9)} ${String(s.findings.length).padStart(9)}`);
}
const findings = summary.flatMap((s) => s.findings);
if (findings.length > 0) {
  console.log(`\n${findings.length} new input(s) in test/fixtures/fuzz/: fix the core, then \`npm run test:unit\` replays them`);
  process.exit(1);
}

// The speed and memory of TCP Lens on large generated captures, side by side
// with a bare read-and-walk loop (the floor), `tcpdump -r FILE -n` and tshark,
// each row in a process of its own. Checks the targets and exits 1 when one is
// missed or when nothing was measured.
//   npm run bench [-- --runs N] [-- --scale F]
// --runs: timed runs per row, the fastest kept (default 3); --scale: every
// input's size times F (default 1; targets still checked, for a quick look).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GENERATOR_VERSION, cached, writeCaptureText, writeSyntheticPcap } from './bench/generate.mjs';

const require = createRequire(import.meta.url);
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = option('--runs', 3);
const SCALE = option('--scale', 1);
const INPUT_DIR = '.bench';
const ROW_TIMEOUT_MS = 15 * 60 * 1000;
const MB = 1e6;

const TARGETS = {
  modelToFloor: 1.5,
  jsonPacketsPerSecond: 1.5e6,
  textLinesPerSecond: 1.5e6,
  textPeakRss: (fileBytes) => Math.max(2 * fileBytes, 300 * MB),
  heapBytesPerPacket: 100,
  /** Seconds per packet at the largest size over that at a tenth of it; 10× the connections over the same packets. */
  linearGrowth: 1.5,
  /** Peak RSS of the summary of 10× the packets (the same connections open at once) over that of the smaller. */
  summaryRssGrowth: 1.5,
  /** The editor on a built 1M-packet model: a hover (packetAtLine + describePacket) and the diagram's window at a packet. */
  hoverSeconds: 0.02,
  diagramWindowSeconds: 1,
};

// ---- inputs ---------------------------------------------------------------

const scaled = (n) => Math.max(1000, Math.round(n * SCALE));

function pcapInput(packets, connections, open) {
  packets = scaled(packets);
  connections = Math.max(10, Math.round(connections * SCALE));
  open = Math.min(open, connections);
  const path = join(INPUT_DIR, `g${GENERATOR_VERSION}-${packets}p-${connections}c-${open}o.pcap`);
  cached(path, (p) => {
    process.stderr.write(`bench: writing ${p}\n`);
    writeSyntheticPcap(p, { packets, connections, open });
  });
  return { path, packets, connections, bytes: statSync(path).size };
}

function textInput(pcap) {
  const path = pcap.path.replace(/\.pcap$/, '.txt');
  cached(path, (p) => {
    process.stderr.write(`bench: writing ${p}\n`);
    const { CaptureTextRenderer } = require('../out/src/core/render/captureText.js');
    writeCaptureText(pcap.path, p, CaptureTextRenderer);
  });
  return { path, packets: pcap.packets, connections: pcap.connections, bytes: statSync(path).size };
}

// ---- measuring ------------------------------------------------------------

/** One run of a row in a fresh process. */
function runRow(kind, args) {
  const child = spawnSync(process.execPath, ['--expose-gc', 'scripts/bench/row.mjs', kind, ...args], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    timeout: ROW_TIMEOUT_MS,
    maxBuffer: 1 << 20,
  });
  const line = child.output[3]?.toString().trim();
  if (child.status !== 0 || !line) {
    const why = child.error?.message ?? child.stderr?.toString().trim().split('\n').slice(-3).join(' | ') ?? '';
    return { failed: `${kind} ${args.join(' ')}: exit ${child.status ?? child.signal} ${why}` };
  }
  return JSON.parse(line);
}

/**
 * Runs rows `runs` times each, taking turns (so that rows compared with each
 * other see the same load on a shared machine); keeps each row's fastest
 * time and highest peak RSS.
 */
function measureTogether(rows, runs = RUNS) {
  const best = rows.map(() => null);
  for (let r = 0; r < runs; r++) {
    rows.forEach(([kind, args], k) => {
      if (best[k]?.failed) return;
      const result = runRow(kind, args);
      if (result.failed) best[k] = result;
      else if (best[k] === null || result.seconds < best[k].seconds) best[k] = { ...result, peakRss: Math.max(result.peakRss, best[k]?.peakRss ?? 0) };
      else best[k].peakRss = Math.max(best[k].peakRss, result.peakRss);
    });
  }
  return best;
}

function measure(kind, args, runs = RUNS) {
  return measureTogether([[kind, args]], runs)[0];
}

/** An external program's wall time, its output to /dev/null (it runs once: these are slow). */
function measureTool(command, args) {
  const devNull = openSync('/dev/null', 'w');
  const t0 = performance.now();
  const child = spawnSync(command, args, { stdio: ['ignore', devNull, 'pipe'], timeout: ROW_TIMEOUT_MS });
  const seconds = (performance.now() - t0) / 1000;
  closeSync(devNull);
  if (child.status !== 0) return { failed: `${command}: exit ${child.status ?? child.signal} ${child.stderr?.toString().trim().split('\n').pop() ?? ''}` };
  return { seconds };
}

function haveCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** tcpdump and tshark from Debian when missing; says what it could not install. */
function ensureTools() {
  const missing = [['tcpdump', 'tcpdump'], ['tshark', 'tshark']].filter(([command]) => !haveCommand(command));
  if (missing.length === 0) return [];
  const packages = missing.map(([, pkg]) => pkg);
  process.stderr.write(`bench: installing ${packages.join(' ')} with apt-get\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const asRoot = process.getuid?.() === 0;
  const run = (args) => spawnSync(asRoot ? args[0] : 'sudo', asRoot ? args.slice(1) : ['-n', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (!haveCommand('apt-get')) return missing.map(([command]) => `${command}: not installed, and there is no apt-get here`);
  run(['apt-get', 'update', '-qq']);
  const install = run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
  const notes = [];
  for (const [command] of missing) {
    if (haveCommand(command)) notes.push(`${command}: installed from Debian by the bench`);
    else notes.push(`${command}: not installed (apt-get: ${install.stderr?.toString().trim().split('\n').pop() || `exit ${install.status}`}); its column is empty`);
  }
  return notes;
}

function toolVersion(command, args) {
  try {
    return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().split('\n')[0].trim();
  } catch {
    return null;
  }
}

// ---- the table ------------------------------------------------------------

const rows = [];
const failures = [];
const checks = [];

function row(label, input, result, extra = {}) {
  if (result.failed) {
    failures.push(result.failed);
    rows.push({ label, input, failed: true });
    return null;
  }
  const r = { label, input, ...result, ...extra };
  rows.push(r);
  return r;
}

function check(what, ok, detail) {
  checks.push({ what, ok, detail });
}

const fmt = {
  count: (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(n % 1e6 ? 1 : 0)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(n % 1e3 ? 1 : 0)}k` : String(n)),
  rate: (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${(n / 1e3).toFixed(0)} k/s`),
  seconds: (s) => (s < 1 ? s.toFixed(3) : s.toFixed(2)),
  ratio: (r) => (r === undefined ? '–' : r < 0.1 ? r.toFixed(3) : r.toFixed(2)),
  mb: (b) => (b === undefined ? '–' : `${(b / MB).toFixed(0)} MB`),
};

function printTable() {
  const header = ['what', 'input', 'packets', 'seconds', 'packets/s', '÷ floor', '÷ tcpdump', '÷ tshark', 'peak RSS', 'heap/packet'];
  const lines = rows.map((r) => {
    if (r.failed) return [r.label, r.input.name, fmt.count(r.input.packets), 'failed', '', '', '', '', '', ''];
    const count = r.count ?? r.input.packets;
    return [
      r.label,
      r.input.name,
      fmt.count(count),
      fmt.seconds(r.seconds),
      fmt.rate(count / r.seconds),
      fmt.ratio(r.floor && r.seconds / r.floor),
      fmt.ratio(r.tcpdump && r.seconds / r.tcpdump),
      fmt.ratio(r.tshark && r.seconds / r.tshark),
      fmt.mb(r.peakRss),
      r.heapBytes === undefined ? '–' : `${(r.heapBytes / count).toFixed(0)} B`,
    ];
  });
  const out = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...lines.map((cells) => `| ${cells.join(' | ')} |`)];
  console.log(out.join('\n'));
}

// ---- the run --------------------------------------------------------------

function machine() {
  const cpu = cpus();
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} free), Node ${process.version}, load average ${load} at start`;
}

mkdirSync(INPUT_DIR, { recursive: true });
console.log(`TCP Lens bench: ${machine()}`);
const toolNotes = ensureTools();
const tcpdumpVersion = haveCommand('tcpdump') ? toolVersion('tcpdump', ['--version']) : null;
const tsharkVersion = haveCommand('tshark') ? toolVersion('tshark', ['--version']) : null;

const inputs = {
  p10k: { ...pcapInput(10_000, 100, 100), name: 'pcap, 100 conns' },
  p100k: { ...pcapInput(100_000, 1_000, 1_000), name: 'pcap, 1k conns' },
  p1m: { ...pcapInput(1_000_000, 10_000, 1_000), name: 'pcap, 10k conns' },
  p1m100k: { ...pcapInput(1_000_000, 100_000, 1_000), name: 'pcap, 100k conns' },
  p10m: { ...pcapInput(10_000_000, 100_000, 1_000), name: 'pcap, 100k conns' },
};
inputs.t1m = { ...textInput(inputs.p1m), name: 'tcpdump -n text' };
for (const input of Object.values(inputs)) input.name += `, ${(input.bytes / MB).toFixed(0)} MB`;

// Untimed: the command line answers at all, with every packet (a broken build fails here, not with "0 packets").
{
  const small = inputs.p10k;
  const json = spawnSync(process.execPath, ['dist/cli.js', 'analyze', small.path, '--json'], { maxBuffer: 1 << 30 });
  let packets = -1;
  try {
    packets = JSON.parse(json.stdout.toString()).packets.length;
  } catch {}
  check(`analyze --json reads all ${small.packets} packets of the smallest input`, packets === small.packets, `${packets} read`);
}

const tools = {};
function runTools(input) {
  const result = {};
  if (tcpdumpVersion) {
    const t = measureTool('tcpdump', ['-r', input.path, '-n']);
    if (t.failed) failures.push(t.failed);
    else result.tcpdump = row('tcpdump -r -n', input, t).seconds;
  }
  if (tsharkVersion) {
    const t = measureTool('tshark', ['-r', input.path, '-T', 'fields', '-e', 'tcp.stream', '-e', 'tcp.analysis.flags']);
    if (t.failed) failures.push(t.failed);
    else result.tshark = row('tshark -T fields', input, t).seconds;
  }
  tools[input.path] = result;
  return result;
}

function modelRows(input) {
  const [floorResult, modelResult] = measureTogether([
    ['floor-pcap', [input.path]],
    ['model', [input.path]],
  ]);
  const floor = row('read + walk (floor)', input, floorResult);
  const compare = runTools(input);
  const model = row('model', input, modelResult, { floor: floor?.seconds, ...compare });
  if (model && model.count !== input.packets) failures.push(`model of ${input.path}: ${model.count} packets, ${input.packets} written`);
  return { floor, model, compare };
}

const m10k = modelRows(inputs.p10k);
const m100k = modelRows(inputs.p100k);
const m1m = modelRows(inputs.p1m);
const m1m100k = modelRows(inputs.p1m100k);

const json = row('analyze --json', inputs.p1m, measure('cli', ['analyze', inputs.p1m.path, '--json']), { floor: m1m.floor?.seconds, ...m1m.compare });
const [textFloorResult, textResult] = measureTogether([
  ['floor-text', [inputs.t1m.path]],
  ['cli', ['analyze', inputs.t1m.path]],
]);
const textFloor = row('read + walk (floor)', inputs.t1m, textFloorResult);
const text = row('analyze', inputs.t1m, textResult, { floor: textFloor?.seconds, ...m1m.compare });
const summary1m = row('analyze --summary', inputs.p1m, measure('cli', ['analyze', '--summary', inputs.p1m.path]), { floor: m1m.floor?.seconds, ...m1m.compare });
const [floor10mResult, summary10mResult] = measureTogether(
  [
    ['floor-pcap', [inputs.p10m.path]],
    ['cli', ['analyze', '--summary', inputs.p10m.path]],
  ],
  1,
);
const floor10m = row('read + walk (floor)', inputs.p10m, floor10mResult);
const summary10m = row('analyze --summary', inputs.p10m, summary10mResult, { floor: floor10m?.seconds });

// The editor's queries on the 1M model, once it is built (the hover's and the diagram's).
const queries = measure('queries', [inputs.p1m.path], 1);
if (queries.failed) failures.push(queries.failed);

console.log();
printTable();
console.log();
if (!queries.failed) {
  const ms = (s) => `${(s * 1000).toFixed(2)} ms`;
  console.log(`| editor query on the model of ${inputs.p1m.name} | asked | slowest | median | target |`);
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| hover: packetAtLine + describePacket | ${queries.hover.count} lines over the capture | ${ms(queries.hover.slowest)} | ${ms(queries.hover.median)} | ${ms(TARGETS.hoverSeconds)} |`);
  console.log(`| diagram: diagramWindow (Mermaid text included) | ${queries.diagram.count} packets' windows and the first of all | ${ms(queries.diagram.slowest)} | ${ms(queries.diagram.median)} | ${ms(TARGETS.diagramWindowSeconds)} |`);
  console.log();
}

// ---- targets --------------------------------------------------------------

const perPacket = (r) => r.seconds / (r.count ?? r.input.packets);
if (m1m.model && m1m.floor) {
  const ratio = m1m.model.seconds / m1m.floor.seconds;
  check(`model of ${fmt.count(inputs.p1m.packets)} packets within ${TARGETS.modelToFloor}× the floor`, ratio <= TARGETS.modelToFloor, `${ratio.toFixed(2)}×`);
}
if (json) {
  const rate = inputs.p1m.packets / json.seconds;
  check(`analyze --json at ${fmt.rate(TARGETS.jsonPacketsPerSecond)} or more`, rate >= TARGETS.jsonPacketsPerSecond, fmt.rate(rate));
}
if (text) {
  const rate = textFloor.count / text.seconds;
  check(`tcpdump text at ${fmt.rate(TARGETS.textLinesPerSecond)} lines or more`, rate >= TARGETS.textLinesPerSecond, `${fmt.rate(rate)} lines`);
  const limit = TARGETS.textPeakRss(inputs.t1m.bytes);
  check(`tcpdump text within ${fmt.mb(limit)} peak RSS`, text.peakRss <= limit, fmt.mb(text.peakRss));
}
if (m1m.model) {
  const perPacketHeap = m1m.model.heapBytes / m1m.model.count;
  check(
    `model heap at most ${TARGETS.heapBytesPerPacket} bytes per packet (${m1m.model.input.name})`,
    perPacketHeap <= TARGETS.heapBytesPerPacket,
    `${perPacketHeap.toFixed(0)} B`,
  );
}
if (m1m.model && m100k.model && m1m100k.model) {
  const packets = perPacket(m1m.model) / perPacket(m100k.model);
  check(`time per packet at ${fmt.count(inputs.p1m.packets)} within ${TARGETS.linearGrowth}× that at ${fmt.count(inputs.p100k.packets)}`, packets <= TARGETS.linearGrowth, `${packets.toFixed(2)}×`);
  const connections = m1m100k.model.seconds / m1m.model.seconds;
  check(`10× the connections over the same packets within ${TARGETS.linearGrowth}× the time`, connections <= TARGETS.linearGrowth, `${connections.toFixed(2)}×`);
}
if (summary1m && summary10m) {
  const growth = summary10m.peakRss / summary1m.peakRss;
  check(
    `summary of 10× the packets within ${TARGETS.summaryRssGrowth}× the peak RSS`,
    growth <= TARGETS.summaryRssGrowth,
    `${fmt.mb(summary1m.peakRss)} → ${fmt.mb(summary10m.peakRss)}`,
  );
}
if (!queries.failed) {
  check(`hover on the ${fmt.count(inputs.p1m.packets)}-packet model within ${TARGETS.hoverSeconds * 1000} ms`, queries.hover.slowest <= TARGETS.hoverSeconds, `slowest ${(queries.hover.slowest * 1000).toFixed(2)} ms`);
  check(`diagram window on the ${fmt.count(inputs.p1m.packets)}-packet model within ${TARGETS.diagramWindowSeconds} s`, queries.diagram.slowest <= TARGETS.diagramWindowSeconds, `slowest ${(queries.diagram.slowest * 1000).toFixed(0)} ms`);
}
const measured = rows.filter((r) => !r.failed && r.seconds > 0);
check('every row measured', failures.length === 0 && measured.length === rows.length && measured.length > 0, `${measured.length} of ${rows.length} rows`);

console.log(`Inputs: generated by scripts/bench/generate.mjs (deterministic, cached in ${INPUT_DIR}/): connections of a handshake, data and ACKs`);
console.log(`  (now and then a retransmission or duplicate ACK) and a four-way close, 1000 open at once, captured with a 96-byte snap length;`);
console.log(`  the text is TCP Lens's own text view of the 1M capture (tcpdump -n -tttt).`);
console.log(`read + walk (floor): reads the file in 1 MiB chunks and stores, in typed arrays grown by doubling, the fields the model keeps of`);
console.log(`  each packet from the file (frame, offset, time, addresses, ports, flags, numbers, length, window, MSS, window scale, timestamps);`);
console.log(`  for text, decodes it and stores where each line starts. No checks, no analysis.`);
console.log(`model: the core's analyzeChunks, as the CLI calls it; heap/packet: the JS heap and array buffers it holds after two collections.`);
console.log(`analyze …: the CLI's command in-process, its output dropped (as > /dev/null).`);
console.log(`Times: the fastest of ${RUNS} runs, each in a fresh process, a row and its floor taking turns (the 10M rows: 1 run); peak RSS: the highest; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end.`);
console.log(`÷ floor, ÷ tcpdump, ÷ tshark: this row's seconds over theirs on the same capture (tcpdump -r FILE -n > /dev/null; tshark -r FILE -T fields -e tcp.stream -e tcp.analysis.flags).`);
if (tcpdumpVersion) console.log(`tcpdump: ${tcpdumpVersion}`);
if (tsharkVersion) console.log(`tshark: ${tsharkVersion}`);
for (const note of toolNotes) console.log(note);
console.log('tcpdump and tshark are not run on the 10M capture (minutes each).');
console.log();
for (const f of failures) console.log(`FAILED: ${f}`);
for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'MISS'}  ${c.what}: ${c.detail}`);
const missed = checks.filter((c) => !c.ok).length;
console.log(missed === 0 ? '\nEvery target met.' : `\n${missed} target(s) missed.`);
process.exitCode = missed === 0 ? 0 : 1;

/**
 * `tcp-lens analyze FILE [--json]` and `tcp-lens diagram FILE ...`.
 * Exit 0 whenever something could be read (problems are listed); exit 1 with
 * one line on stderr when nothing can be (missing file, unknown format); exit
 * 2 on a usage error.
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeChunks, type CaptureModel } from '../core/analyze';
import { DEFAULT_DIAGRAM_PAGE_SIZE, diagramMarkdown, diagramWindow, type DiagramScope } from '../core/diagram/diagramWindow';
import { TOOL_VERSION, writeAnalysisJsonBytes } from '../core/json/analysisJson';
import { SummaryJsonWriter } from '../core/json/summaryJson';
import { DEFAULT_CLOSE_DELAY, summarizeChunks } from '../core/summary';
import { formatReport } from './report';

const USAGE = `usage:
  tcp-lens analyze FILE [--json | --summary]
  tcp-lens diagram FILE [--conn N|all] [--page N] [--page-size N] [--raw] [--window] [--time]
                        [--format mermaid|markdown] [-o OUT]

FILE: tcpdump text output, a pcap or a pcapng file (optionally gzip-compressed).

analyze: a table of the connections and findings; --json the whole analysis as JSON (every packet);
--summary its connections, findings and problems as JSON, streamed: connections are written as they
close, and memory stays bounded by the connections open at once, however many packets there are.

diagram: the Mermaid sequence diagram of connection N (0, 1 … as analyze lists them) or of
every connection (all, the default), one page of --page-size packets (default ${DEFAULT_DIAGRAM_PAGE_SIZE},
at most 1000) at a time: --page 1 is the first. --raw shows seq/ack as on the wire instead of
relative, --window adds the (scaled) window, --time the seconds since the first packet.
--format markdown writes a fenced mermaid block and a table of the connections.`;

class UsageError extends Error {}
class InputError extends Error {}

interface Parsed {
  command: string;
  file: string;
  flags: Map<string, string | true>;
}

const VALUE_OPTIONS = new Set(['--conn', '--page', '--page-size', '--format', '-o']);
const SWITCHES = new Set(['--json', '--summary', '--raw', '--window', '--time']);

function parseArgs(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('no command given');
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (VALUE_OPTIONS.has(arg)) {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      flags.set(arg, value);
    } else if (SWITCHES.has(arg)) {
      flags.set(arg, true);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length ? 'give exactly one FILE' : 'no FILE given');
  return { command, file: positional[0], flags };
}

function intOption(flags: Map<string, string | true>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError(`${name} takes a whole number`);
  return Number(v);
}

const CHUNK_BYTES = 1 << 20;

/**
 * The file in chunks of 1 MiB, read from its start each time it is iterated:
 * text that is not UTF-8 after all is read again as Latin-1. Two buffers take
 * turns, so a chunk stays as it was read until the one after the next is
 * read: a decoder may keep a reference to the last chunk until it is given
 * the next (fflate's Gunzip keeps the bytes it could not inflate yet as a
 * view of it), never longer. A fresh buffer for every chunk costs more than
 * the reading itself (zeroed memory, new pages, collections).
 */
function fileChunks(fd: number): Iterable<Uint8Array> {
  return {
    *[Symbol.iterator]() {
      const buffers = [new Uint8Array(CHUNK_BYTES), new Uint8Array(CHUNK_BYTES)];
      for (let position = 0, turn = 0; ; turn ^= 1) {
        const chunk = buffers[turn];
        const n = readSync(fd, chunk, 0, CHUNK_BYTES, position);
        if (n === 0) return;
        position += n;
        yield chunk.subarray(0, n);
      }
    },
  };
}

/** Runs `read` on the open file, its chunks and size; what the file system says becomes one line. */
function withFile<T>(file: string, read: (chunks: Iterable<Uint8Array>, size: number) => T): T {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? e})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(`${file}: is a directory`);
    return read(fileChunks(fd), stat.size);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'EISDIR' ? `${file}: is a directory` : `${file}: cannot read (${code ?? e})`);
  } finally {
    closeSync(fd);
  }
}

function load(file: string): CaptureModel {
  const analysis = withFile(file, (chunks, size) => analyzeChunks(chunks, basename(file), { inputBytes: size }));
  if (analysis.unreadable) throw new InputError(`${file}: ${analysis.unreadable}`);
  return analysis;
}

/** The summary JSON, written as the connections end. */
function summarize(file: string): void {
  const writer = new SummaryJsonWriter(stdoutWriteBytes, DEFAULT_CLOSE_DELAY);
  const summary = withFile(file, (chunks, size) =>
    summarizeChunks(chunks, basename(file), (c) => writer.connection(c), { inputBytes: size, closeDelay: DEFAULT_CLOSE_DELAY }),
  );
  if (summary.unreadable) throw new InputError(`${file}: ${summary.unreadable}`);
  writer.end(summary);
}

/** Writes to stdout synchronously, so a large JSON document is not held in memory by the stream. */
function stdoutWrite(chunk: string): void {
  stdoutWriteBytes(Buffer.from(chunk));
}

function stdoutWriteBytes(buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw e;
    }
  }
}

function analyzeCommand(p: Parsed): void {
  if (p.flags.has('--summary')) return summarize(p.file);
  const a = load(p.file);
  if (p.flags.has('--json')) writeAnalysisJsonBytes(a, stdoutWriteBytes);
  else stdoutWrite(formatReport(a));
}

function diagramCommand(p: Parsed): void {
  const format = p.flags.get('--format') ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'markdown') throw new UsageError('--format is mermaid or markdown');
  const conn = p.flags.get('--conn') ?? 'all';
  if (conn !== 'all' && (typeof conn !== 'string' || !/^\d+$/.test(conn))) throw new UsageError('--conn takes a connection number or all');
  const page = intOption(p.flags, '--page') ?? 1;
  if (page < 1) throw new UsageError('--page counts from 1');
  const a = load(p.file);
  const scope: DiagramScope = conn === 'all' ? 'all' : Number(conn);
  if (scope !== 'all' && scope >= a.connections.length) {
    throw new InputError(`${p.file}: there is no connection ${scope} (${a.connections.length} found)`);
  }
  const window = diagramWindow(a, {
    scope,
    page: page - 1,
    pageSize: intOption(p.flags, '--page-size') ?? DEFAULT_DIAGRAM_PAGE_SIZE,
    labels: { numbers: p.flags.has('--raw') ? 'raw' : 'relative', window: p.flags.has('--window'), time: p.flags.has('--time') },
  });
  if (window.page !== page - 1) throw new InputError(`${p.file}: there is no page ${page} (${window.pageCount} of ${window.pageSize} packets)`);
  const text = format === 'markdown' ? diagramMarkdown(a, window) : window.text;
  const out = p.flags.get('-o');
  if (typeof out === 'string') writeFileSync(out, text);
  else stdoutWrite(text);
  if (window.pageCount > 1) process.stderr.write(`tcp-lens: page ${page} of ${window.pageCount} (--page N for another)\n`);
}

export function main(argv: string[]): number {
  try {
    if (argv[0] === '--version') {
      stdoutWrite(`tcp-lens ${TOOL_VERSION}\n`);
      return 0;
    }
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
      stdoutWrite(USAGE + '\n');
      return argv.length === 0 ? 2 : 0;
    }
    const parsed = parseArgs(argv);
    if (parsed.command === 'analyze') analyzeCommand(parsed);
    else if (parsed.command === 'diagram') diagramCommand(parsed);
    else throw new UsageError(`unknown command ${parsed.command}`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tcp-lens: ${e.message} (tcp-lens --help for usage)\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`tcp-lens: ${message.split('\n')[0]}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

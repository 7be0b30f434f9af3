/**
 * Files that are not captures at all get one clear message, through the
 * command line as a user meets them: an image, an empty file, 2 GB of zeros
 * (made sparse here, never kept), a capture header and nothing else.
 * "Quickly" is the bench's to measure: here, each run finishes.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fixtureBytes } from './helpers/captureFixtures';

const root = resolve(__dirname, '../../..');
const cli = join(root, 'out/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'tcp-lens-not-captures-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function sparseZeros(name: string, size: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
}

/** A run's outcome; a run that does not finish within a minute is killed and fails. */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 << 20 });
  assert.equal(r.signal, null, `tcp-lens ${args.join(' ')} did not finish`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xdb, 0, 0x43, 0, ...new Array(64).fill(16), 0xff, 0xd9]);
const pcapHeader = fixtureBytes('http-clean-client-close.pcap').subarray(0, 24);

describe('files that are not captures', () => {
  const unreadable: [string, () => string, RegExp][] = [
    ['a JPEG image', () => file('photo.jpg', jpeg), /not a capture/],
    ['a PNG image', () => file('icon.png', readFileSync(join(root, 'media', 'icon.png'))), /not a capture/],
    ['an empty file', () => file('empty.pcap', ''), /empty/],
    ['2 GB of zeros', () => sparseZeros('zeros.pcap', 2 ** 31), /not a capture/],
  ];
  for (const [what, make, reason] of unreadable) {
    test(`${what}: exit 1 and one line saying why, as a table, as JSON and as a summary`, () => {
      const path = make();
      for (const extra of [[], ['--json'], ['--summary']]) {
        const r = run('analyze', path, ...extra);
        assert.equal(r.code, 1, `${extra.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, '');
        const lines = r.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], reason);
      }
    });
  }

  test('a pcap header and nothing else: read, and one problem says there are no frames', () => {
    const path = file('header-only.pcap', pcapHeader);
    const doc = JSON.parse(run('analyze', path, '--json').stdout);
    assert.equal(doc.input.frames, 0);
    assert.deepEqual(doc.problems.map((p: { offset: number; message: string }) => [p.offset, p.message]), [[24, 'pcap file with no frames: nothing follows its header']]);
    const table = run('analyze', path);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /offset 24: pcap file with no frames/);
  });

  test('a pcapng section and interface and nothing else: the same', () => {
    const ng = fixtureBytes('format-pcapng.pcapng');
    const view = new DataView(ng.buffer, ng.byteOffset);
    const shb = view.getUint32(4, true);
    const idb = view.getUint32(shb + 4, true);
    const doc = JSON.parse(run('analyze', file('header-only.pcapng', ng.subarray(0, shb + idb)), '--json').stdout);
    assert.equal(doc.input.frames, 0);
    assert.deepEqual(doc.problems.map((p: { message: string }) => p.message), ['pcapng file with no frames: nothing follows its header']);
  });
});

// The folder the extension-host and end-to-end suites open: the sample captures and the hover fixtures,
// plus files made here that are too big or too trivial to keep in the repository.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './install.mjs';

export const LARGE_CAPTURE_NAME = 'large-capture.pcap';
/** More packets than a page of the sequence diagram holds (200 by default). */
export const PAGED_CAPTURE_NAME = 'paged-capture.pcap';
export const PAGED_CAPTURE_FRAMES = 230;
/** tcpdump text whose host and service names try to inject Mermaid, HTML and Markdown. */
export const HOSTILE_TEXT_NAME = 'hostile-names.txt';
export const PLAIN_NOTES_NAME = 'notes.txt';
export const TCPDUMP_LOG_NAME = 'server-trace.log';
/** Damaged captures of the fixtures, files named as captures that are none, tcpdump text with lines that are not packets (test/e2e/brokenFiles.test.ts). */
const DAMAGED_CAPTURES = ['broken-corrupt-record-length.pcap', 'broken-truncated-mid-record.pcap', 'broken-random-bytes.pcap', 'broken-empty.pcap'];
export const GARBAGE_TEXT_NAME = 'broken-garbage-lines.tcpdump';

/**
 * A classic pcap (Ethernet, microsecond timestamps) holding `frames` TCP segments of one connection:
 * with a million, large enough that opening it takes long enough to be cancelled.
 */
export function largeCaptureBytes(frames) {
  const FRAME = 66; // Ethernet 14 + IPv4 20 + TCP 32 (with the timestamps option)
  const RECORD = 16 + FRAME;
  const out = Buffer.alloc(24 + frames * RECORD);
  out.writeUInt32LE(0xa1b2c3d4, 0); // magic: microsecond timestamps, little endian
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeUInt32LE(65535, 16); // snaplen
  out.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const frame = Buffer.alloc(FRAME);
  Buffer.from('0200000000020200000000010800', 'hex').copy(frame, 0); // dst MAC, src MAC, IPv4
  Buffer.from('4500003400004000400600000a0000010a000002', 'hex').copy(frame, 14); // IPv4, TCP, 10.0.0.1 > 10.0.0.2
  frame.writeUInt16BE(40000, 34);
  frame.writeUInt16BE(80, 36);
  frame.writeUInt8(0x80, 46); // data offset 8 words
  frame.writeUInt8(0x10, 47); // ACK
  frame.writeUInt16BE(502, 48);
  Buffer.from('0101080a0000000100000001', 'hex').copy(frame, 54); // nop, nop, TS val 1 ecr 1
  for (let i = 0; i < frames; i++) {
    const at = 24 + i * RECORD;
    out.writeUInt32LE(1_700_000_000 + Math.floor(i / 1000), at);
    out.writeUInt32LE((i % 1000) * 1000, at + 4);
    out.writeUInt32LE(FRAME, at + 8);
    out.writeUInt32LE(FRAME, at + 12);
    frame.writeUInt32BE(1000 + i, 38); // seq
    frame.writeUInt32BE(5000 + i, 42); // ack
    frame.copy(out, at + 16);
  }
  return out;
}

/**
 * A fresh folder, removed when this process exits. The large capture's text view (about 135
 * characters a frame) is just over the 50 MB VS Code shares with extensions, so it opens in pages.
 */
export function prepareTestWorkspace({ largeCaptureFrames = 420_000 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tcp-lens-workspace-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  for (const folder of ['samples', 'test/fixtures/hover']) {
    const from = path.join(repoRoot, folder);
    for (const name of readdirSync(from).filter((entry) => entry !== 'README.md')) copyFileSync(path.join(from, name), path.join(dir, name));
  }
  writeFileSync(path.join(dir, LARGE_CAPTURE_NAME), largeCaptureBytes(largeCaptureFrames));
  writeFileSync(path.join(dir, PAGED_CAPTURE_NAME), largeCaptureBytes(PAGED_CAPTURE_FRAMES));
  copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'text', HOSTILE_TEXT_NAME), path.join(dir, HOSTILE_TEXT_NAME));
  for (const name of DAMAGED_CAPTURES) {
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'capture', name), path.join(dir, name));
  }
  // A JPEG's first bytes and its end marker, named as a capture.
  writeFileSync(path.join(dir, 'photo.pcap'), Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(200, 0x55), Buffer.from('ffd9', 'hex')]));
  writeFileSync(path.join(dir, 'header-only.pcap'), readFileSync(path.join(repoRoot, 'samples', 'http-clean-client-close.pcap')).subarray(0, 24));
  copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'text', 'corpus', 'broken-garbage-lines.txt'), path.join(dir, GARBAGE_TEXT_NAME));
  writeFileSync(path.join(dir, PLAIN_NOTES_NAME), 'Notes on the capture\n10:00 the client connects\n');
  writeFileSync(
    path.join(dir, TCPDUMP_LOG_NAME),
    '12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1, win 64240, length 0\n' +
      '12:00:00.000201 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 7, ack 2, win 65160, length 0\n',
  );
  return dir;
}

/** Corpus captures copied into test/fixtures/capture with trimmed tshark answers (NAME.expected.json) and tcpdump -tttt renderings. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectedPacket } from './packetView';

export type { ExpectedPacket } from './packetView';

export const FIXTURE_DIR = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'capture');

export interface Expected {
  frames: number;
  packets: ExpectedPacket[];
}

export function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_DIR, file)));
}

export function baseName(file: string): string {
  return file.replace(/\.(pcap|pcapng)(\.gz)?$/, '');
}

export function expectedFor(file: string): Expected {
  const raw = JSON.parse(readFileSync(join(FIXTURE_DIR, baseName(file) + '.expected.json'), 'utf8'));
  const fields: string[] = raw.fields;
  const packets = raw.packets.map((row: unknown[]) => Object.fromEntries(fields.map((f, i) => [f, row[i]])) as unknown as ExpectedPacket);
  return { frames: raw.frames, packets };
}

export function tcpdumpLines(file: string): string[] | null {
  const path = join(FIXTURE_DIR, baseName(file) + '.tttt.txt');
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
}

/** Capture files of the fixtures, broken ones excluded unless asked. */
export function captureFixtures(includeBroken = false): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f))
    .filter((f) => includeBroken || !f.startsWith('broken-'))
    .sort();
}

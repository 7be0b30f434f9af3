/** Real captures analysed into a model, for the explanation tests. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { analyzeBytes } from '../../../src/core/analyze';
import { describePacket, PacketDescription } from '../../../src/core/explain/describePacket';
import type { Message } from '../../../src/core/explain/message';
import type { CaptureModel } from '../../../src/core/model/captureModel';

export const REPO = resolve(__dirname, '../../../..');

/** A capture of the repository (samples/…, test/fixtures/…), analysed; the analysis must have met no defect. */
export function modelOf(path: string): CaptureModel {
  const model = analyzeBytes(new Uint8Array(readFileSync(join(REPO, path))), basename(path));
  assert.equal(model.internalError, undefined, model.internalError);
  assert.equal(model.unreadable, undefined, model.unreadable);
  return model;
}

/** Every packet's description, so that a test can pick one by its frame number as tcpdump printed it. */
export function describeAll(model: CaptureModel): PacketDescription[] {
  return Array.from({ length: model.packetCount }, (_, i) => describePacket(model, i));
}

export function byFrame(descriptions: readonly PacketDescription[], frame: number): PacketDescription {
  const d = descriptions.find((x) => x.frame === frame);
  assert.ok(d, `no TCP packet in frame ${frame}`);
  return d;
}

export const keysOf = (messages: readonly Message[]): string[] => messages.map((m) => m.key);

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeBytes } from '../../src/core/analyze';

/** Each of `count` clients sends its SYN, then, once all have, its ACK: the tracker's table grows while every connection is still to be found. */
function manyOpenAtOnce(count: number): string {
  const lines: string[] = [];
  const line = (k: number, second: number, flags: string, extra: string) =>
    `00:00:${String(second).padStart(2, '0')}.${String(k).padStart(6, '0')} IP 10.0.${k >> 8}.${k & 255}.${1024 + k} > 10.9.9.9.80: Flags [${flags}], ${extra}, win 512, length 0`;
  for (let k = 0; k < count; k++) lines.push(line(k, 1, 'S', `seq ${1000 + k}`));
  for (let k = 0; k < count; k++) lines.push(line(k, 2, '.', 'ack 1'));
  return lines.join('\n') + '\n';
}

describe('a capture of many connections open at once', () => {
  it('finds every connection again after its table grew', () => {
    const count = 3000;
    const model = analyzeBytes(new TextEncoder().encode(manyOpenAtOnce(count)), 'many.txt');
    assert.equal(model.packetCount, 2 * count);
    assert.equal(model.connections.length, count);
    for (const c of model.connections) assert.equal(c.packets, 2, `connection ${c.id}`);
  });
});

/**
 * Every tcpdump rendering in test/fixtures/text (corpus copies and the
 * variants made with tcpdump, see its README) against tshark's answers.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithOracle, decodeText, expectedCaptures, fixtureText } from './helpers/textFixtures';

const agreementByVariant = new Map<string, [number, number]>();

describe('tcpdump text renderings against the oracle', () => {
  for (const [name, expected] of expectedCaptures()) {
    if (!expected.renderings) continue;
    describe(name, () => {
      for (const [variant, rendering] of Object.entries(expected.renderings!)) {
        it(`${variant} (${rendering.flags || 'no flags'})`, () => {
          const decoded = decodeText(fixtureText(rendering.file));
          const agreement = compareWithOracle(decoded, expected, {
            frameLines: rendering.frameLines,
            time: rendering.time,
            plain: !rendering.flags.includes('-n'),
          });
          const sum = agreementByVariant.get(variant) ?? [0, 0];
          agreementByVariant.set(variant, [sum[0] + agreement.agree, sum[1] + agreement.total]);

          assert.deepEqual(decoded.problems.list(), [], 'a clean rendering reports no problems');
          assert.equal(decoded.frameCount, expected.frames, 'every frame line counts');
          assert.equal(decoded.packets.length, expected.packets.length, 'TCP segments');
          assert.deepEqual(agreement.mismatches, [], `${agreement.agree}/${agreement.total} fields agree`);
        });
      }
    });
  }
});

after(() => {
  const rows = [...agreementByVariant].map(([v, [a, t]]) => `${v} ${((100 * a) / t).toFixed(2)}% (${a}/${t})`);
  console.log(`field agreement by variant: ${rows.join(', ')}`);
});

/** The Simplified Chinese bundle covers every core template, with the same placeholders and the names that stay as they are. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGES } from '../../src/core/explain/messages';
import { STATE_NAMES } from '../../src/core/model/vocabulary';
import { REPO } from './helpers/explain-fixtures';

const bundle: Record<string, string> = JSON.parse(readFileSync(join(REPO, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'));
const templates: [string, string][] = Object.entries(MESSAGES);

const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort();
const CJK = /[\u4e00-\u9fff]/;
/** Words that stay the same in every language: RFC 793 state names and the TCP flag and option names. */
const KEPT = [...STATE_NAMES, 'SYN', 'ACK', 'FIN', 'RST', 'MSS', 'SACK', 'ISN', 'RFC 5961', '2×MSL'];

describe('zh-cn translations of the core messages', () => {
  test('every template is unique, since the template is the key of its translation', () => {
    const seen = new Map<string, string>();
    for (const [key, template] of templates) {
      assert.ok(!seen.has(template), `${key} and ${seen.get(template)} share the template "${template}"`);
      seen.set(template, key);
    }
  });

  for (const [key, template] of templates) {
    test(key, () => {
      const zh = bundle[template];
      assert.equal(typeof zh, 'string', `no zh-cn translation of "${template}"`);
      assert.notEqual(zh, template, 'left in English');
      assert.match(zh, CJK, 'no Chinese in the translation');
      assert.deepEqual(placeholders(zh), placeholders(template), 'placeholders differ');
      for (const word of KEPT) {
        if (new RegExp(`(^|[^A-Z_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Z_]|$)`).test(template)) {
          assert.ok(zh.includes(word), `"${word}" must stay as it is`);
        }
      }
    });
  }
});

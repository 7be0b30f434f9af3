/**
 * The Simplified Chinese translation of the extension is complete: every
 * string it passes to `vscode.l10n.t` and every `%key%` of the manifest has
 * its zh-cn text, with the same placeholders; and no translation is left
 * over from a string that is gone. (The core's catalogue: explainTranslations.test.ts.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MESSAGES } from '../../src/core/explain/messages';

const root = path.resolve(__dirname, '..', '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

/** A string literal of our own sources ('…', "…" or `…` without substitutions) as its value. */
function literalValue(literal: string): string {
  return new Function(`return ${literal};`)() as string;
}

/** The first arguments of every `l10n.t(` call in src/extension, and the calls whose first argument is not a literal. */
function extensionStrings(): { strings: Set<string>; dynamic: string[] } {
  const dir = path.join(root, 'src', 'extension');
  const strings = new Set<string>();
  const dynamic: string[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const call of source.matchAll(/\bl10n\.t\(\s*/g)) {
      const rest = source.slice(call.index + call[0].length);
      const literal = /^(['"])(?:\\.|(?!\1)[^\\\n])*\1|^`(?:\\.|[^`\\$])*`/.exec(rest);
      if (literal) strings.add(literalValue(literal[0]));
      // The one renderer of the core's catalogue (connectionText.ts) passes its templates on.
      else if (!(file === 'connectionText.ts' && rest.startsWith('template, args)'))) dynamic.push(`${file}: l10n.t(${rest.slice(0, 40)}`);
    }
  }
  return { strings, dynamic };
}

const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();

describe('the zh-cn translation', () => {
  const bundle = readJson('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
  const { strings, dynamic } = extensionStrings();
  const templates = new Set<string>(Object.values(MESSAGES));

  it('every l10n.t call in src/extension names its English string literally (or a catalogue template)', () => {
    assert.deepEqual(dynamic, []);
    assert.ok(strings.size > 0);
  });

  it('has every string of the extension, with the same placeholders', () => {
    const missing = [...strings].filter((english) => typeof bundle[english] !== 'string' || bundle[english].trim() === '');
    assert.deepEqual(missing, []);
    for (const english of strings) assert.deepEqual(placeholders(bundle[english]), placeholders(english), english);
  });

  it('has nothing else: each translation belongs to a string still in use', () => {
    assert.deepEqual(Object.keys(bundle).filter((english) => !strings.has(english) && !templates.has(english)), []);
  });

  it('covers every %key% of package.json in package.nls.json and package.nls.zh-cn.json, and no other key', () => {
    const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
    const keys = [...new Set([...manifest.matchAll(/"%([^"%]+)%"/g)].map((match) => match[1]))].sort();
    const english = readJson('package.nls.json');
    const chinese = readJson('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(english).sort(), keys);
    assert.deepEqual(Object.keys(chinese).sort(), keys);
    for (const key of keys) assert.ok(typeof chinese[key] === 'string' && chinese[key] !== english[key], `${key} is not translated`);
  });
});

/**
 * The diagram webview's colour conversion: VS Code's theme variables in the forms it writes them,
 * to the #rrggbb Mermaid takes. Translucent colours are composited over the background by the
 * usual "over" operator; the expected values are worked out by hand or by that formula.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { composite, hexOver, parseCssColor, toHex } from '../../webview/diagram/color';

describe('theme colours for Mermaid', () => {
  test('the forms VS Code writes', () => {
    assert.equal(hexOver('#1F1F1F', '#ffffff'), '#1f1f1f');
    assert.equal(hexOver('#abc', '#ffffff'), '#aabbcc');
    assert.equal(hexOver('  #CCCCCC ', '#000000'), '#cccccc');
    assert.equal(hexOver('rgb(0, 120, 212)', '#ffffff'), '#0078d4');
    assert.equal(hexOver('rgb(0 120 212)', '#ffffff'), '#0078d4');
    assert.equal(hexOver('rgb(0% 50% 100%)', '#ffffff'), '#0080ff');
  });

  test('translucent colours over the background', () => {
    // #add6ff26 (Dark Modern's selection highlight) over #1f1f1f: 0x26/255 ≈ 0.149 of the colour.
    const a = 0x26 / 255;
    const expected = toHex({ r: 0xad * a + 0x1f * (1 - a), g: 0xd6 * a + 0x1f * (1 - a), b: 0xff * a + 0x1f * (1 - a), a: 1 });
    assert.equal(hexOver('#add6ff26', '#1f1f1f'), expected);
    assert.equal(expected, '#343a40');
    assert.equal(hexOver('rgba(255, 255, 255, 0.5)', '#000000'), '#808080');
    assert.equal(hexOver('rgb(255 255 255 / 50%)', '#000000'), '#808080');
    assert.equal(hexOver('#0008', '#ffffff'), '#777777');
    // A translucent background is itself made opaque over white.
    assert.equal(hexOver('#00000000', '#00000080'), '#7f7f7f');
  });

  test('what is not a colour read here', () => {
    for (const value of ['', 'red', 'var(--x)', '#12', '#12345', 'rgb(1, 2)', 'rgb(1, 2, 3, 4, 5)', 'hsl(0 0% 0%)', 'rgb(a, b, c)']) {
      assert.equal(hexOver(value, '#ffffff'), undefined, value);
    }
  });

  test('any #rrggbbaa: the over operator, channel by channel', () => {
    const byte = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(byte, byte, byte, byte, byte, byte, byte, (r, g, b, alpha, br, bg, bb) => {
        const hex = (...values: number[]) => '#' + values.map((v) => v.toString(16).padStart(2, '0')).join('');
        const colour = parseCssColor(hex(r, g, b, alpha));
        assert.deepEqual(colour, { r, g, b, a: alpha / 255 });
        const over = parseCssColor(hexOver(hex(r, g, b, alpha), hex(br, bg, bb)) ?? '');
        const a = alpha / 255;
        for (const [channel, top, bottom] of [['r', r, br], ['g', g, bg], ['b', b, bb]] as const) {
          assert.ok(Math.abs((over?.[channel] ?? -1) - (top * a + bottom * (1 - a))) <= 0.5, `${channel}`);
        }
        assert.deepEqual(composite({ r, g, b, a: 1 }, { r: br, g: bg, b: bb, a: 1 }), { r, g, b, a: 1 });
      }),
    );
  });
});

/**
 * CSS colours as Mermaid takes them: `#rrggbb` only (its theme code runs colour arithmetic on what it
 * is given). VS Code's theme variables come as `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()` or
 * `rgba()`; a translucent colour is composited over the background it is drawn on.
 */

export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  /** 0…1 */
  readonly a: number;
}

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
// rgb(1, 2, 3) rgba(1, 2, 3, 0.5) rgb(1 2 3 / 50%) rgb(10% 20% 30%)
const FUNCTIONAL = /^rgba?\(\s*([^)]*)\)$/i;

function channel(text: string): number | undefined {
  const match = /^(-?\d*\.?\d+)(%?)$/.exec(text);
  if (!match) return undefined;
  const value = match[2] ? (Number(match[1]) * 255) / 100 : Number(match[1]);
  return Math.min(255, Math.max(0, value));
}

function alpha(text: string): number | undefined {
  const match = /^(-?\d*\.?\d+)(%?)$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]) / (match[2] ? 100 : 1);
  return Math.min(1, Math.max(0, value));
}

/** The colour a CSS colour value names, if it is one of the forms above. */
export function parseCssColor(value: string): Rgba | undefined {
  const text = value.trim();
  const hex = HEX.exec(text);
  if (hex) {
    let digits = hex[1];
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join('');
    const byte = (i: number): number => parseInt(digits.slice(i * 2, i * 2 + 2), 16);
    return { r: byte(0), g: byte(1), b: byte(2), a: digits.length === 8 ? byte(3) / 255 : 1 };
  }
  const functional = FUNCTIONAL.exec(text);
  if (!functional) return undefined;
  const [colour, slashAlpha] = functional[1].split('/').map((part) => part.trim());
  const parts = colour.split(/\s*,\s*|\s+/).filter((part) => part !== '');
  if (slashAlpha !== undefined && parts.length !== 3) return undefined;
  if (parts.length !== 3 && parts.length !== 4) return undefined;
  const [r, g, b] = parts.slice(0, 3).map(channel);
  const a = slashAlpha ?? parts[3];
  const opacity = a === undefined ? 1 : alpha(a);
  if (r === undefined || g === undefined || b === undefined || opacity === undefined) return undefined;
  return { r, g, b, a: opacity };
}

/** `colour` as seen over the opaque `background`. */
export function composite(colour: Rgba, background: Rgba): Rgba {
  const mix = (top: number, bottom: number): number => top * colour.a + bottom * (1 - colour.a);
  return { r: mix(colour.r, background.r), g: mix(colour.g, background.g), b: mix(colour.b, background.b), a: 1 };
}

export function toHex(colour: Rgba): string {
  const byte = (value: number): string => Math.round(value).toString(16).padStart(2, '0');
  return `#${byte(colour.r)}${byte(colour.g)}${byte(colour.b)}`;
}

/** `value` as `#rrggbb`, over `background` (itself made opaque over white); undefined if `value` is no colour read here. */
export function hexOver(value: string, background: string): string | undefined {
  const colour = parseCssColor(value);
  if (!colour) return undefined;
  const white: Rgba = { r: 255, g: 255, b: 255, a: 1 };
  const under = composite(parseCssColor(background) ?? white, white);
  return toHex(composite(colour, under));
}

/** Relative luminance (WCAG), 0 for black to 1 for white. */
export function luminance(colour: Rgba): number {
  const linear = (value: number): number => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b);
}

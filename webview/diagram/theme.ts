/**
 * The diagram's colours from VS Code's theme. VS Code puts its colours on the webview's <html> as
 * `--vscode-*` custom properties and the theme's kind as a class on <body>; Mermaid takes hex
 * colours only, so each variable is read and converted (over the editor background when
 * translucent). A theme change rewrites both, which `watchTheme` reports.
 */
import { hexOver } from './color';

export type ThemeKind = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast' | 'vscode-high-contrast-light';

export interface DiagramTheme {
  /** What `rendered` reports: the body class, or `light` for the export theme. */
  readonly name: string;
  readonly mermaidTheme: 'base' | 'default';
  readonly themeVariables: Readonly<Record<string, string | boolean>>;
  /** The background the diagram is drawn on (export puts it behind the SVG). */
  readonly background: string;
}

const KINDS: readonly ThemeKind[] = ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-dark', 'vscode-light'];

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  return KINDS.find((kind) => body.classList.contains(kind)) ?? 'vscode-light';
}

const isDark = (kind: ThemeKind): boolean => kind === 'vscode-dark' || kind === 'vscode-high-contrast';
const isHighContrast = (kind: ThemeKind): boolean => kind === 'vscode-high-contrast' || kind === 'vscode-high-contrast-light';

/** Mermaid's own light theme: what docs get by default. */
export const LIGHT_THEME: DiagramTheme = { name: 'light', mermaidTheme: 'default', themeVariables: {}, background: '#ffffff' };

/** The theme VS Code shows now. */
export function currentTheme(): DiagramTheme {
  const kind = themeKind();
  const style = getComputedStyle(document.documentElement);
  const variable = (name: string): string => style.getPropertyValue(`--vscode-${name}`).trim();
  const background = hexOver(variable('editor-background'), '#ffffff') ?? (isDark(kind) ? '#1e1e1e' : '#ffffff');
  /** The first of the variables that is set to a colour, as hex over the background. */
  const colour = (fallback: string, ...names: string[]): string => {
    for (const name of names) {
      const hex = hexOver(variable(name), background);
      if (hex) return hex;
    }
    return fallback;
  };
  const foreground = colour(isDark(kind) ? '#cccccc' : '#333333', 'editor-foreground', 'foreground');
  const border = isHighContrast(kind)
    ? colour(foreground, 'contrastBorder', 'focusBorder')
    : colour(foreground, 'editorWidget-border', 'widget-border', 'focusBorder');
  const widget = colour(background, 'editorWidget-background');
  const widgetText = colour(foreground, 'editorWidget-foreground', 'editor-foreground');
  const noteBackground = colour(widget, 'badge-background');
  const fontFamily = variable('font-family');
  const themeVariables: Record<string, string | boolean> = {
    darkMode: isDark(kind),
    background,
    primaryColor: widget,
    primaryBorderColor: border,
    primaryTextColor: widgetText,
    textColor: foreground,
    lineColor: foreground,
    actorBkg: widget,
    actorBorder: border,
    actorTextColor: widgetText,
    actorLineColor: colour(border, 'editorLineNumber-foreground', 'descriptionForeground'),
    signalColor: foreground,
    signalTextColor: foreground,
    labelBoxBkgColor: widget,
    labelBoxBorderColor: border,
    labelTextColor: widgetText,
    loopTextColor: foreground,
    noteBkgColor: noteBackground,
    noteBorderColor: isHighContrast(kind) ? border : noteBackground,
    noteTextColor: colour(foreground, 'badge-foreground'),
    activationBkgColor: widget,
    activationBorderColor: border,
    sequenceNumberColor: background,
  };
  if (fontFamily) themeVariables.fontFamily = fontFamily;
  return { name: kind, mermaidTheme: 'base', themeVariables, background };
}

/** Two themes that draw alike. */
export function sameTheme(a: DiagramTheme, b: DiagramTheme): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Calls `onChange` (once per burst of mutations) when VS Code changes the theme: it sets the body's
 * class and rewrites the style attribute of <html> that holds the variables.
 */
export function watchTheme(onChange: () => void): void {
  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      onChange();
    }, 30);
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}

// Drives the VS Code workbench (served by code-server, see scripts/runE2eTests.mjs) in Chromium.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setup, suiteSetup, suiteTeardown, teardown } from 'mocha';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** The editor's default foreground is always colour 1 of the theme's token colour map. */
export const DEFAULT_FOREGROUND = 'mtk1';

export interface Token {
  text: string;
  colorClass: string;
}

/**
 * A rendered line's spans of its own text, without the text decorations inject (TCP Lens's state hints
 * and other inlay hints), which the editor draws in spans of `dyn-rule-` classes.
 */
const TEXT_SPANS = ':scope > span > span:not([class*="dyn-rule-"])';

/** Generous: a 2-core machine running a VS Code server, its extension hosts and Chromium. */
export const UI_TIMEOUT_MS = 30_000;

/**
 * Reads `read()` again every `intervalMs` until `accept` takes what it read or `timeoutMs` has passed,
 * for what the page changes with no event to wait for; what it read last, and whether it was taken.
 */
export async function pollUntil<T>(
  page: Page,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = UI_TIMEOUT_MS, intervalMs = 200 } = {},
): Promise<{ value: T; accepted: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return { value, accepted: true };
    if (Date.now() >= deadline) return { value, accepted: false };
    await page.waitForTimeout(intervalMs);
  }
}

function requiredEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end suite with \`npm run test:e2e\``);
  return value;
}

export const e2e = {
  /** The served VS Code with TCP Lens loaded from the source folder. */
  get devUrl() {
    return requiredEnvironment('TCP_LENS_E2E_URL');
  },
  /** The served VS Code with TCP Lens installed from the .vsix. */
  get vsixUrl() {
    return requiredEnvironment('TCP_LENS_E2E_VSIX_URL');
  },
  /** The served VS Code given TCP Lens without `main`: only the `browser` bundle can run. */
  get webUrl() {
    return requiredEnvironment('TCP_LENS_E2E_WEB_URL');
  },
  get workspace() {
    return requiredEnvironment('TCP_LENS_E2E_WORKSPACE');
  },
  get resultsDir() {
    return requiredEnvironment('TCP_LENS_E2E_RESULTS');
  },
};

/**
 * What the workbench logs when it runs a window's extensions twice over, which code-server does now and
 * then, for every extension (Git's delegate is set twice too): the second run registers everything again.
 */
const EXTENSIONS_RUN_TWICE = /A provider has already been registered for scheme vscode-remote|GitExtension delegate is already set/;

export class Workbench {
  /** Set once the window shows that its extensions run twice over (see `EXTENSIONS_RUN_TWICE`). */
  private extensionsRunTwice = false;
  private readonly onExtensionsRunTwice: (() => void)[] = [];

  constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (this.extensionsRunTwice || !EXTENSIONS_RUN_TWICE.test(message.text())) return;
      this.extensionsRunTwice = true;
      for (const listener of this.onExtensionsRunTwice) listener();
    });
  }

  /** Calls `listener` once, when (or if already) the window's extensions run twice over. */
  whenExtensionsRunTwice(listener: () => void): void {
    if (this.extensionsRunTwice) listener();
    else this.onExtensionsRunTwice.push(listener);
  }

  static async open(context: BrowserContext, url: string): Promise<Workbench> {
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    const workbench = new Workbench(page);
    await page.goto(url);
    await page.locator('.monaco-workbench .part.editor').waitFor();
    await workbench.explorerRow('http-clean-client-close.pcap').waitFor();
    await workbench.waitForTcpLensContributions();
    return workbench;
  }

  /**
   * The explorer shows up before the extensions' contributions are registered; a capture clicked
   * before that opens as a binary file. The TCP Lens commands in the palette show they are there.
   */
  async waitForTcpLensContributions(): Promise<void> {
    const command = this.page.locator('.quick-input-list .monaco-list-row', { hasText: 'TCP Lens: Open Capture File as Text' });
    const deadline = Date.now() + 2 * UI_TIMEOUT_MS;
    for (;;) {
      await this.focusWorkbench();
      await this.page.keyboard.press('F1');
      await this.quickInput.fill('>TCP Lens: Open Capture');
      const found = await command.first().waitFor({ timeout: 2000 }).then(() => true, () => false);
      await this.page.keyboard.press('Escape');
      if (found) return;
      if (Date.now() > deadline) throw new Error('the TCP Lens commands never showed up in the command palette');
    }
  }

  explorerRow(name: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  }

  /** The text editor of the active editor group. */
  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** The text editor of the group whose active tab shows `tabTitle`. */
  editorShowing(tabTitle: string): Locator {
    const group = this.page.locator('.editor-group-container', { has: this.page.locator('.tabs-container .tab.active', { hasText: tabTitle }) });
    return group.locator('.editor-instance .monaco-editor').first();
  }

  /** The cursor's position as the status bar shows it, e.g. "Ln 14, Col 1" or "Ln 14, Col 80 (79 selected)". */
  get cursorStatus(): Locator {
    return this.page.locator('[id="status.editor.selection"]');
  }

  /** The 1-based line of the cursor, as the status bar shows it. */
  async cursorLine(): Promise<number> {
    const match = /Ln (\d+),/.exec(await this.cursorStatus.innerText());
    if (!match) throw new Error(`the status bar shows no cursor position: ${await this.cursorStatus.innerText()}`);
    return Number(match[1]);
  }

  /** Puts the cursor of `editor` on a line with Go to Line (Ctrl+G), as a reader would. */
  async goToLine(editor: Locator, line: number): Promise<void> {
    // Focus the editor by its line numbers: text under the mouse could be a CodeLens, or run under a webview beside.
    const margin = await editor.locator('.margin').boundingBox();
    const box = await editor.boundingBox();
    if (!margin || !box) throw new Error('the editor has no line numbers');
    await editor.click({ position: { x: margin.width / 2, y: box.height / 2 } });
    await this.page.keyboard.press('Control+G');
    await this.quickInput.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.cursorStatus.filter({ hasText: new RegExp(`^Ln ${line},`) }).waitFor();
  }

  get languageStatus(): Locator {
    return this.page.locator('[id="status.editor.mode"]');
  }

  activeTab(): Locator {
    return this.page.locator('.editor-group-container.active .tabs-container .tab.active');
  }

  line(text: string): Locator {
    return this.activeEditor.locator('.view-line', { hasText: text }).first();
  }

  async quickOpen(fileName: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    await this.quickInput.fill(fileName);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /**
   * Runs a command from the palette by clicking its row: the row the palette puts first may be
   * another command whose title holds the same words. Retried while the workbench is still
   * registering commands, or when the palette closes before it is filled (a webview beside taking the
   * focus as it redraws closes the palette).
   */
  async runCommand(title: string): Promise<void> {
    const row = this.quickPickRow(title);
    const deadline = Date.now() + 2 * UI_TIMEOUT_MS;
    for (;;) {
      await this.focusWorkbench();
      await this.page.keyboard.press('F1');
      const filled = await this.quickInput.fill(`>${title}`, { timeout: 5000 }).then(() => true, () => false);
      const found = filled && (await row.waitFor({ timeout: 5000 }).then(() => true, () => false));
      if (found && (await row.click({ timeout: 5000 }).then(() => true, () => false))) return;
      if (Date.now() > deadline) throw new Error(`the command palette never offered "${title}"`);
    }
  }

  /** The row of the open quick pick (palette, picker) whose label is `label`, after the command's category if any. */
  quickPickRow(label: string): Locator {
    const exactly = new RegExp(`^\\s*(?:[^:]+: )?${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    return this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: exactly }) }).first();
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  }

  /**
   * Each token of a rendered line: its text and the `mtkN` class the theme colours it with. The editor
   * first shows a line uncoloured and colours it once the grammar has tokenized it (asynchronously), so
   * this waits for colours unless `expectColours` is false, and reads all tokens in one go.
   */
  async tokensOf(line: Locator, expectColours = true): Promise<Token[]> {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    for (;;) {
      const tokens: Token[] = await line.locator(TEXT_SPANS).evaluateAll((spans) =>
        spans.map((span) => ({
          text: String(span.textContent ?? '').replace(/\u00a0/g, ' '),
          colorClass: String(span.className).split(/\s+/).find((c: string) => /^mtk\d+$/.test(c)) ?? '',
        })),
      );
      const coloured = tokens.some((token) => token.colorClass !== DEFAULT_FOREGROUND);
      if (coloured === expectColours || Date.now() > deadline) return tokens;
      await this.page.waitForTimeout(expectColours ? 100 : 500);
    }
  }

  /** A rendered line's text, without inlay hints; spaces as spaces (the editor shows U+00A0). */
  async textOf(line: Locator): Promise<string> {
    return (await line.locator(TEXT_SPANS).allTextContents()).join('').replace(/\u00a0/g, ' ');
  }

  /** What decorations inject into a rendered line (inlay hints), spaces as spaces. */
  async injectedTextOf(line: Locator): Promise<string> {
    return (await line.locator(':scope > span > span[class*="dyn-rule-"]').allTextContents()).join('').replace(/\u00a0/g, ' ');
  }

  /** The spans of a rendered line's own text (see `TEXT_SPANS`). */
  textSpans(line: Locator): Locator {
    return line.locator(TEXT_SPANS);
  }

  /** The CSS colour of the first token whose text matches. */
  async colorOf(line: Locator, text: string): Promise<string> {
    return line.locator(TEXT_SPANS, { hasText: text }).first().evaluate(
      (element) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(element).color,
    );
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget input');
  }

  /**
   * The keyboard's focus back in the workbench (out of a webview, a widget) by a click on the empty
   * middle of the status bar: a click in the editor would move its cursor.
   */
  private async focusWorkbench(): Promise<void> {
    await this.page.keyboard.press('Escape');
    const statusBar = this.page.locator('.part.statusbar');
    const [bar, left, right] = await Promise.all([
      statusBar.boundingBox(),
      statusBar.locator('.left-items').boundingBox(),
      statusBar.locator('.right-items').boundingBox(),
    ]);
    if (!bar || !left || !right) throw new Error('the workbench has no status bar');
    await this.page.mouse.click((left.x + left.width + right.x) / 2, bar.y + bar.height / 2);
  }
}

export interface WorkbenchOptions {
  /**
   * The display language (`vscode.env.language`, and so the extensions' l10n bundles), set the way a
   * language pack's script sets it before the workbench starts; the workbench's own strings stay English.
   */
  readonly displayLanguage?: string;
}

/**
 * Registers the mocha hooks of a suite that works in `url`: a fresh browser context (and so a fresh
 * workbench window and extension host) per test, with a screenshot kept for each failed test.
 */
export function useWorkbench(url: () => string, options: WorkbenchOptions = {}): { readonly workbench: Workbench } {
  let browser: Browser;
  let context: BrowserContext | undefined;
  const state: { workbench?: Workbench } = {};
  suiteSetup(async () => {
    browser = await chromium.connect(requiredEnvironment('TCP_LENS_E2E_BROWSER_WS'));
  });
  setup(async function () {
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    if (options.displayLanguage) {
      await context.addInitScript({ content: `globalThis._VSCODE_NLS_LANGUAGE = ${JSON.stringify(options.displayLanguage)};` });
    }
    state.workbench = await Workbench.open(context, url());
    // Such a window shows every provider twice (two hovers, two columns of state hints): a test failing
    // there gets one more try, in a new window.
    const test = this.currentTest;
    state.workbench.whenExtensionsRunTwice(() => {
      console.log(`      (VS Code runs the extensions of this window twice over; "${test?.title}" may be tried again)`);
      test?.retries(1);
    });
  });
  teardown(async function () {
    const failed = this.currentTest?.state === 'failed';
    if (failed && state.workbench) {
      mkdirSync(e2e.resultsDir, { recursive: true });
      const name = (this.currentTest?.fullTitle() ?? 'failure').replace(/[^\w.-]+/g, '-').slice(0, 120);
      await state.workbench.page.screenshot({ path: path.join(e2e.resultsDir, `${name}.png`) }).catch(() => undefined);
    }
    await context?.close();
    context = undefined;
    state.workbench = undefined;
  });
  suiteTeardown(async () => {
    await browser?.close();
  });
  return {
    get workbench() {
      if (!state.workbench) throw new Error('no workbench: use it inside a test');
      return state.workbench;
    },
  };
}

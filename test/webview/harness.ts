/**
 * The diagram webview in Chromium as VS Code runs it: the page is `diagramHtml` (its CSP included)
 * served from 127.0.0.1 with the bundle dist/webview/diagram.js and media/diagram.css, and an init
 * script provides what VS Code's webview host provides: `acquireVsCodeApi` (whose `postMessage`
 * records what the page sends), the theme's variables on <html> and its class on <body>. The tests
 * send the extension's messages to the window as VS Code does, with `postMessage`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { diagramHtml } from '../../src/extension/diagramHtml';
import type { ExtensionToWebviewMessage, WebviewToExtensionMessage } from '../../src/protocol';
import type { WebviewTheme } from './themes';

/** out/test/webview → the repository. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const UI_TIMEOUT_MS = 30_000;

const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/dist/webview/diagram.js': { file: 'dist/webview/diagram.js', type: 'text/javascript' },
  '/media/diagram.css': { file: 'media/diagram.css', type: 'text/css' },
};

export interface HarnessServer {
  readonly origin: string;
  close(): Promise<void>;
}

export async function startServer(): Promise<HarnessServer> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const served = FILES[url.pathname];
    if (served) {
      response.writeHead(200, { 'content-type': served.type, 'cache-control': 'no-store' });
      response.end(readFileSync(path.join(repoRoot, served.file)));
      return;
    }
    if (url.pathname !== '/') {
      response.writeHead(404).end();
      return;
    }
    const origin = `http://${request.headers.host}`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(
      diagramHtml({
        cspSource: origin,
        nonce: randomBytes(16).toString('base64'),
        scriptUri: `${origin}/dist/webview/diagram.js`,
        styleUri: `${origin}/media/diagram.css`,
        title: url.searchParams.get('title') ?? 'capture.pcap',
        lang: 'en',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function connectBrowser(): Promise<Browser> {
  const endpoint = process.env.TCP_LENS_WEBVIEW_BROWSER_WS;
  if (!endpoint) throw new Error('TCP_LENS_WEBVIEW_BROWSER_WS is not set: run the suite with `npm run test:webview`');
  return chromium.connect(endpoint);
}

/** What the init script keeps on the page's window. */
export interface Recorder {
  posted: WebviewToExtensionMessage[];
  violations: { directive: string; blocked: string; sample: string }[];
  state: unknown;
  /** Set if anything calls alert/confirm/prompt: what the hostile names would run. */
  ran: string[];
  errors: string[];
}

declare global {
  interface Window {
    tcpLens: Recorder;
    applyTheme(theme: WebviewTheme): void;
  }
}

/** Runs in the page before its own script, as VS Code's webview host does. */
export function initScript(theme: WebviewTheme): void {
  const recorder: Recorder = { posted: [], violations: [], state: undefined, ran: [], errors: [] };
  window.tcpLens = recorder;
  document.addEventListener('securitypolicyviolation', (event) => {
    recorder.violations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample });
  });
  window.addEventListener('error', (event) => recorder.errors.push(String(event.message)));
  for (const name of ['alert', 'confirm', 'prompt'] as const) {
    (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      recorder.ran.push(`${name}(${args.map(String).join(', ')})`);
    };
  }
  let acquired = false;
  (window as unknown as { acquireVsCodeApi: unknown }).acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (message: unknown) => recorder.posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => recorder.state,
      setState: (state: unknown) => {
        recorder.state = JSON.parse(JSON.stringify(state));
      },
    };
  };
  window.applyTheme = (next) => {
    // VS Code sets the variables on <html> through the CSSOM (which the CSP does not govern) and the
    // theme's kind as a class of <body>; a light high contrast theme gets `vscode-high-contrast` too.
    const style = document.documentElement.style;
    for (const name of [...style]) if (name.startsWith('--vscode-')) style.removeProperty(name);
    for (const [name, value] of Object.entries(next.variables)) style.setProperty(name, value);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
    document.body.classList.add(next.kind);
    if (next.kind === 'vscode-high-contrast-light') document.body.classList.add('vscode-high-contrast');
    document.body.dataset.vscodeThemeKind = next.kind;
  };
  const applyWhenBodyExists = (): boolean => {
    if (!document.body) return false;
    window.applyTheme(theme);
    return true;
  };
  if (!applyWhenBodyExists()) {
    const observer = new MutationObserver(() => {
      if (applyWhenBodyExists()) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  }
}

type Posted<T extends WebviewToExtensionMessage['type']> = Extract<WebviewToExtensionMessage, { type: T }>;

export class WebviewPage {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, server: HarnessServer, theme: WebviewTheme, title = 'capture.pcap'): Promise<WebviewPage> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.addInitScript(initScript, theme);
    await page.goto(`${server.origin}/?title=${encodeURIComponent(title)}`);
    const webview = new WebviewPage(page);
    await webview.waitForPosted('ready', 0);
    return webview;
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }

  async recorder(): Promise<Recorder> {
    return this.page.evaluate(() => window.tcpLens);
  }

  async posted(): Promise<WebviewToExtensionMessage[]> {
    return this.page.evaluate(() => window.tcpLens.posted);
  }

  /** How many messages the page has posted so far: `waitForPosted` looks at those after it. */
  async mark(): Promise<number> {
    return this.page.evaluate(() => window.tcpLens.posted.length);
  }

  async send(message: ExtensionToWebviewMessage | Record<string, unknown>): Promise<void> {
    await this.page.evaluate((data) => window.postMessage(data, '*'), message as unknown as Record<string, unknown>);
  }

  /** The first message of this type (and matching `where`) posted after `from`. */
  async waitForPosted<T extends WebviewToExtensionMessage['type']>(
    type: T,
    from: number,
    where: Partial<Posted<T>> = {},
  ): Promise<Posted<T>> {
    const handle = await this.page.waitForFunction(
      ({ type, from, where }) =>
        window.tcpLens.posted
          .slice(from)
          .find((message) => message.type === type && Object.entries(where).every(([key, value]) => (message as unknown as Record<string, unknown>)[key] === value)) ??
        false,
      { type, from, where: where as Record<string, unknown> },
    );
    return (await handle.jsonValue()) as Posted<T>;
  }

  /** Sends `show` and waits for the page to say it is drawn (or failed). */
  async show(message: Extract<ExtensionToWebviewMessage, { type: 'show' }>): Promise<Posted<'rendered'> | Posted<'renderFailed'>> {
    const from = await this.mark();
    await this.send(message);
    const handle = await this.page.waitForFunction(
      ({ from, version }) =>
        window.tcpLens.posted
          .slice(from)
          .find((m) => (m.type === 'rendered' || m.type === 'renderFailed') && m.documentVersion === version) ?? false,
      { from, version: message.view.documentVersion },
    );
    return (await handle.jsonValue()) as Posted<'rendered'> | Posted<'renderFailed'>;
  }

  async setTheme(theme: WebviewTheme): Promise<void> {
    await this.page.evaluate((next) => window.applyTheme(next), theme);
  }
}

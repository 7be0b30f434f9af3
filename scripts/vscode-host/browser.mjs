// Debian's Chromium driven by playwright-core (which downloads no browser of its own).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './install.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  // Anything not on loopback goes to a dead local proxy and fails at once.
  '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=127.0.0.1;localhost;[::1]',
];

function launchOptions(xdg) {
  return {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    // Chromium's profile, crash reports and dconf cache go here rather than into $HOME.
    env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg },
  };
}

/** @returns {Promise<{ browser: import('playwright-core').Browser, close(): Promise<void> }>} */
export async function launchChromium() {
  const xdg = mkdtempSync(path.join(os.tmpdir(), 'tcp-lens-chromium-'));
  const browser = await chromium.launch(launchOptions(xdg));
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(xdg, { recursive: true, force: true });
    },
  };
}

/** A browser that test files attach to with `chromium.connect(wsEndpoint)`. */
export async function launchChromiumServer() {
  const xdg = mkdtempSync(path.join(os.tmpdir(), 'tcp-lens-chromium-'));
  const server = await chromium.launchServer({ ...launchOptions(xdg), host: '127.0.0.1' });
  return {
    wsEndpoint: server.wsEndpoint(),
    async close() {
      await server.close().catch(() => undefined);
      rmSync(xdg, { recursive: true, force: true });
    },
  };
}

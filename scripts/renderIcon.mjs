// Renders media/icon.svg to media/icon.png (the Marketplace and the Extensions view need a PNG) with
// Chromium, so no image tool is needed: `node scripts/renderIcon.mjs` after changing the SVG.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from './vscode-host/browser.mjs';
import { ensureHost, repoRoot } from './vscode-host/install.mjs';

await ensureHost();
const svg = readFileSync(path.join(repoRoot, 'media', 'icon.svg'), 'utf8');
const chromium = await launchChromium();
try {
  const page = await chromium.browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(repoRoot, 'media', 'icon.png'), omitBackground: true });
} finally {
  await chromium.close();
}

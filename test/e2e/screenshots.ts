// The README's screenshots, taken by the suites that show what they picture.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { e2e, type Workbench } from './workbench';

/** Always kept with the test results; also written to media/screenshots with TCP_LENS_UPDATE_SCREENSHOTS=1. */
export function screenshotTargets(fileName: string): string[] {
  const targets = [path.join(e2e.resultsDir, fileName)];
  if (process.env.TCP_LENS_UPDATE_SCREENSHOTS === '1') targets.push(path.resolve(__dirname, '..', '..', '..', 'media', 'screenshots', fileName));
  for (const target of targets) mkdirSync(path.dirname(target), { recursive: true });
  return targets;
}

/** The whole workbench, once it has finished painting (hover effects, list animations). */
export async function workbenchScreenshot(workbench: Workbench, name: string): Promise<void> {
  await workbench.page.mouse.move(1, 1);
  await workbench.page.waitForTimeout(500);
  for (const target of screenshotTargets(`${name}.png`)) await workbench.page.screenshot({ path: target });
}

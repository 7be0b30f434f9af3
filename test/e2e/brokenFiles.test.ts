import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, test } from 'mocha';
import { renderCaptureText } from '../../src/core/render/captureText';
import { clickCaptureInExplorer } from './captureView';
import { e2e, UI_TIMEOUT_MS, useWorkbench, type Workbench } from './workbench';

// Put in the workspace by scripts/vscode-host/testWorkspace.mjs.
const DAMAGED_CAPTURES = ['broken-corrupt-record-length.pcap', 'broken-truncated-mid-record.pcap'];
/** Each with words of the one message it gets. */
const NOT_CAPTURES: Record<string, string> = {
  'broken-random-bytes.pcap': 'unknown magic number',
  'broken-empty.pcap': 'empty',
  'photo.pcap': 'unknown magic number',
  'header-only.pcap': 'no frames',
};
const GARBAGE_TEXT_NAME = 'broken-garbage-lines.tcpdump';

/**
 * The window still answers: another file opens from Quick Open and shows its text. Tried twice: an
 * editor that opens as Quick Open does takes the focus from it, as it would from a person.
 */
async function assertAnswering(workbench: Workbench): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const opened = await workbench.quickOpen('simultaneous-open.tcpdump').then(
      () => workbench.line('2026-11-21 22:26:40.000000').waitFor({ timeout: UI_TIMEOUT_MS }),
    ).then(() => true, (e) => (attempt === 2 ? Promise.reject(e) : false));
    if (opened) return;
    await workbench.page.keyboard.press('Escape');
  }
}

function problemsOf(name: string) {
  const bytes = readFileSync(path.join(e2e.workspace, name));
  return renderCaptureText(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).problems;
}

suite('broken files and files that are no capture in the workbench', () => {
  const session = useWorkbench(() => e2e.devUrl);

  for (const name of DAMAGED_CAPTURES) {
    test(`${name}: a notice names the damaged byte offsets and says the rest was read; the problem is on the damaged frame's line`, async () => {
      const { workbench } = session;
      const notice = workbench.notification(/is damaged at byte offset .*the rest of the capture was read/);
      await clickCaptureInExplorer(workbench, name, notice);
      const text = await notice.innerText();
      const offsets = [...new Set(problemsOf(name).map((p) => p.offset))];
      for (const offset of offsets) assert.match(text, new RegExp(`\\b${offset}\\b`), `offset ${offset} is not in "${text}"`);
      await workbench.activeTab().filter({ hasText: `${name}.tcpdump` }).first().waitFor();
      // The damaged record's placeholder line is in the text, and the Problems panel lists the damage on a line.
      await workbench.runCommand('Focus Problems (Errors, Warnings, Infos)');
      const panel = workbench.page.locator('.markers-panel');
      const row = panel.locator('.monaco-list-row', { hasText: /pcap record \d+/ }).first();
      await row.waitFor();
      assert.match(await row.innerText(), /\[Ln \d+/);
      await assertAnswering(workbench);
    });
  }

  for (const [name, reason] of Object.entries(NOT_CAPTURES)) {
    test(`${name}: one message saying why, and the window keeps answering`, async () => {
      const { workbench } = session;
      const notice = workbench.notification(new RegExp(`${name.replace('.', '\\.')}.*${reason}`));
      await clickCaptureInExplorer(workbench, name, notice);
      await assertAnswering(workbench);
    });
  }

  test('tcpdump text with lines that are not packets: each such line has its problem', async () => {
    const { workbench } = session;
    await workbench.quickOpen(GARBAGE_TEXT_NAME);
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    await workbench.runCommand('Focus Problems (Errors, Warnings, Infos)');
    const row = workbench.page.locator('.markers-panel .monaco-list-row', { hasText: 'not a tcpdump packet line' }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /\[Ln \d+/);
    await assertAnswering(workbench);
  });
});

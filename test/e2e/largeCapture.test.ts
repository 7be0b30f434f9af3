import * as assert from 'node:assert/strict';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import type { Locator } from 'playwright-core';
import { writeSyntheticPcap } from '../../scripts/bench/generate.mjs';
import { clickCaptureInExplorer } from './captureView';
import { hoverOver } from './editorHover';
import { e2e, pollUntil, UI_TIMEOUT_MS, useWorkbench, type Workbench } from './workbench';

/** Made by the test workspace (scripts/vscode-host/testWorkspace.mjs): frames of one connection, 1 ms apart, whose text is just over 50 MB. */
const LARGE_CAPTURE = 'large-capture.pcap';
const LARGE_CAPTURE_FRAMES = 420_000;
const FRAMES_PER_PAGE = 5000;
/** Rendering and analysing it on a 2-core machine that is also running the workbench. */
const OPEN_TIMEOUT_MS = 4 * UI_TIMEOUT_MS;

/** The time tcpdump shows for frame `frame` (1-based) of the large capture: 1 700 000 000 s + (frame - 1) ms, UTC. */
function timeOfFrame(frame: number): string {
  const milliseconds = 1_700_000_000_000 + (frame - 1);
  return `${new Date(milliseconds).toISOString().slice(11, 23)}000`;
}

/**
 * The names of the open editors' tabs. (A tab's text shows a name apart from its extension,
 * `large-capture.pcap` and `.tcpdump` on lines of their own; its aria-label is the whole name.)
 */
function tabNames(workbench: Workbench): Promise<string[]> {
  return workbench.page.locator('.tabs-container .tab').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('aria-label') ?? ''));
}

/** The tabs of a capture: its text view, or the stand-in shown while it is read. */
async function tabsOf(workbench: Workbench, captureName: string): Promise<string[]> {
  return (await tabNames(workbench)).filter((name) => name.startsWith(captureName));
}

/** After a cancelled open: nothing of the capture stays open (checked before another editor could take the place of a preview tab). */
async function assertNothingOpenOf(workbench: Workbench, captureName: string): Promise<void> {
  const { value: open } = await pollUntil(workbench.page, () => tabsOf(workbench, captureName), (tabs) => tabs.length === 0, { intervalMs: 100 });
  assert.deepEqual(open, [], `the cancelled capture is still open: ${await tabNames(workbench)}`);
}

/** The progress of a capture part read: a percentage below 100 and the packets read so far. */
const READING = /\b[1-9]\d?% \(\d+ of about \d+ packets read\)/;

/**
 * Clicks a capture in the explorer and waits until its first page shows while the rest is still being
 * read (the progress says how many packets so far); the progress notification.
 */
async function openUntilReading(workbench: Workbench, captureName: string): Promise<Locator> {
  const progress = workbench.notification(`opening ${captureName} as text`);
  await clickCaptureInExplorer(workbench, captureName, progress);
  await workbench.line(timeOfFrame(1)).waitFor({ timeout: OPEN_TIMEOUT_MS });
  await progress.filter({ hasText: READING }).waitFor({ timeout: OPEN_TIMEOUT_MS });
  return progress;
}

function statusItem(workbench: Workbench, text: string | RegExp): Locator {
  return workbench.page.locator('.statusbar-item', { hasText: text }).first();
}

suite('opening a large capture', () => {
  const session = useWorkbench(() => e2e.devUrl);

  test('opens in pages after its progress; the last page\'s last line has its hover and the diagram at it', async function () {
    this.timeout(10 * OPEN_TIMEOUT_MS);
    const { workbench } = session;
    await openUntilReading(workbench, LARGE_CAPTURE);
    await workbench.notification(`it is shown in pages of ${FRAMES_PER_PAGE} frames`).waitFor({ timeout: OPEN_TIMEOUT_MS });
    const pages = Math.ceil(LARGE_CAPTURE_FRAMES / FRAMES_PER_PAGE);
    const firstPage = statusItem(workbench, `Page 1 of ${pages}`);
    await firstPage.waitFor();

    // The status bar item asks for a page.
    await firstPage.click();
    await workbench.page.locator('.quick-input-widget input').fill(String(pages));
    await workbench.page.keyboard.press('Enter');
    await statusItem(workbench, `Page ${pages} of ${pages}`).waitFor();
    await workbench.line(timeOfFrame((pages - 1) * FRAMES_PER_PAGE + 1)).waitFor();
    // Its last line, with the cursor on it.
    const lastFrame = LARGE_CAPTURE_FRAMES;
    await workbench.runCommand('TCP Lens: Go to Frame…');
    await workbench.page.locator('.quick-input-widget input').fill(String(lastFrame));
    await workbench.page.keyboard.press('Enter');
    await statusItem(workbench, `Ln ${lastFrame - (pages - 1) * FRAMES_PER_PAGE},`).waitFor();
    const lastLine = workbench.line(timeOfFrame(lastFrame));
    await lastLine.waitFor();

    const hover = await hoverOver(workbench, lastLine, String(lastFrame), `Frame ${lastFrame} · connection 0`);
    assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), /ESTABLISHED/);
    await workbench.page.mouse.move(0, 0);

    // The diagram opens at the cursor's packet, the last one (the editor title's button leaves the cursor where it is).
    await workbench.page.locator('.editor-group-container.active .editor-actions .action-label[aria-label*="Show Sequence Diagram"]').first().click();
    const diagram = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await diagram.getByText(`#${lastFrame} [ACK]`).first().waitFor({ timeout: OPEN_TIMEOUT_MS });
  });
});

/**
 * Quick Open as a person does it from the editor: without the Escape that `Workbench.quickOpen` starts
 * with, which would also hide the notification toasts this suite watches.
 */
async function quickOpenKeepingToasts(workbench: Workbench, fileName: string): Promise<void> {
  await workbench.page.keyboard.press('Control+P');
  await workbench.quickInput.fill(fileName);
  await workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await workbench.page.keyboard.press('Enter');
}

suite('opening a capture that takes a while to analyse', () => {
  const session = useWorkbench(() => e2e.devUrl);
  /**
   * Frames enough for the worker to be still reading when a Quick Open is done, or when a Cancel
   * clicked as the progress shows lands: the large capture is read about two seconds after its first
   * page shows, as long as a Quick Open takes here, and may be read whole before the Cancel; these
   * take the worker about ten seconds more.
   */
  const CAPTURE = 'long-capture.pcap';
  const FRAMES = 2_000_000;
  const OTHER_FILE = 'simultaneous-open.tcpdump';
  const OTHER_FILE_FIRST_LINE = '2026-11-21 22:26:40.000000';
  /** A window that answers opens a small file in a moment: a few seconds on a busy 2-core machine. */
  const ANSWER_MS = 10_000;
  let path: string;
  suiteSetup(function () {
    this.timeout(120_000);
    path = join(e2e.workspace, CAPTURE);
    writeSyntheticPcap(path, { packets: FRAMES, connections: 2000, open: 100 });
  });
  suiteTeardown(() => rmSync(path, { force: true }));

  test('while the worker reads it, another file opens from Quick Open at once; back on the capture, it opens in pages', async function () {
    this.timeout(10 * OPEN_TIMEOUT_MS);
    const { workbench } = session;
    const progress = await openUntilReading(workbench, CAPTURE);
    const reading = progress.filter({ hasText: READING });

    // The extension host stays free while the worker reads: Quick Open (its file search runs there) answers.
    const started = Date.now();
    await quickOpenKeepingToasts(workbench, OTHER_FILE);
    const shown = await workbench.line(OTHER_FILE_FIRST_LINE).waitFor({ timeout: ANSWER_MS }).then(() => true, () => false);
    const took = Date.now() - started;
    const stillReading = await reading.isVisible();
    assert.ok(shown && took < ANSWER_MS, `${OTHER_FILE} did not show within ${ANSWER_MS} ms while ${CAPTURE} was analysed`);
    assert.ok(stillReading, `the analysis of ${CAPTURE} was over before ${OTHER_FILE} showed (${took} ms): nothing was done while it ran`);

    // Back on the capture: its first page, then the whole capture in pages once the worker is done.
    await workbench.page.locator('.tabs-container .tab', { hasText: CAPTURE }).first().click();
    await workbench.line(timeOfFrame(1)).waitFor();
    await progress.waitFor({ state: 'detached', timeout: OPEN_TIMEOUT_MS });
    await workbench.notification(`it is shown in pages of ${FRAMES_PER_PAGE} frames`).waitFor();
    await statusItem(workbench, `Page 1 of ${FRAMES / FRAMES_PER_PAGE}`).waitFor();
  });

  test('shows a cancellable progress notification; cancelling leaves the window responsive', async () => {
    const { workbench } = session;
    const progress = workbench.notification(`opening ${CAPTURE} as text`);
    await clickCaptureInExplorer(workbench, CAPTURE, progress);
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await progress.waitFor({ state: 'detached' });
    await workbench.notification('was cancelled').waitFor();
    await assertNothingOpenOf(workbench, CAPTURE);

    // Responsive: another file opens and shows its text promptly.
    const started = Date.now();
    await workbench.quickOpen('simultaneous-open.tcpdump');
    await workbench.line('2026-11-21 22:26:40.000000').waitFor();
    const took = Date.now() - started;
    assert.ok(took < 15_000, `opening a small file after the cancel took ${took} ms`);
    assert.deepEqual(await tabsOf(workbench, CAPTURE), [], `the cancelled capture opened anyway: ${await tabNames(workbench)}`);
  });

  test('cancelling once its first page shows closes that page', async function () {
    this.timeout(4 * OPEN_TIMEOUT_MS);
    const { workbench } = session;
    const progress = workbench.notification(`opening ${CAPTURE} as text`);
    await clickCaptureInExplorer(workbench, CAPTURE, progress);
    await workbench.line(timeOfFrame(1)).waitFor({ timeout: OPEN_TIMEOUT_MS });
    const shown = await tabsOf(workbench, CAPTURE);
    assert.ok(shown.length === 1 && shown[0].startsWith(`${CAPTURE}.tcpdump`), `the first page is not the one tab of the capture: ${shown}`);
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await progress.waitFor({ state: 'detached' });
    await workbench.notification('was cancelled').waitFor();
    await assertNothingOpenOf(workbench, CAPTURE);
    assert.equal(await workbench.line(timeOfFrame(1)).isVisible(), false, 'its first page is still shown');
  });
});

suite('a tcpdump text file over 50 MB', () => {
  const session = useWorkbench(() => e2e.devUrl);
  const FILE = 'huge-trace.log';
  const FRAMES = 400_000;
  let path: string;
  suiteSetup(() => {
    // Like the large capture's text: one frame a millisecond, each acknowledging one more byte.
    path = join(e2e.workspace, FILE);
    const fd = openSync(path, 'w');
    for (let from = 1; from <= FRAMES; from += 10_000) {
      const lines: string[] = [];
      for (let k = from; k < from + 10_000 && k <= FRAMES; k++) {
        const time = new Date(1_700_000_000_000 + (k - 1)).toISOString().replace('T', ' ').slice(0, 23);
        lines.push(`${time}000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack ${k}, win 502, options [nop,nop,TS val 1 ecr 1], length 0\n`);
      }
      writeSync(fd, lines.join(''));
    }
    closeSync(fd);
  });
  suiteTeardown(() => rmSync(path, { force: true }));

  test('opened as VS Code shows it, it is offered in pages; Open in Pages analyses it from the file, every page reachable', async function () {
    this.timeout(10 * OPEN_TIMEOUT_MS);
    const { workbench } = session;
    await workbench.quickOpen(FILE);
    const offer = workbench.notification(`${FILE} is over 50 MB, more than VS Code shares with extensions`);
    await offer.waitFor({ timeout: OPEN_TIMEOUT_MS });
    await offer.locator('.monaco-button', { hasText: 'Open in Pages' }).click();
    const pages = Math.ceil(FRAMES / FRAMES_PER_PAGE);
    await statusItem(workbench, `Page 1 of ${pages}`).waitFor({ timeout: OPEN_TIMEOUT_MS });
    await workbench.line(timeOfFrame(1)).waitFor();
    await workbench.runCommand('TCP Lens: Go to Frame…');
    await workbench.page.locator('.quick-input-widget input').fill(String(FRAMES));
    await workbench.page.keyboard.press('Enter');
    await statusItem(workbench, `Page ${pages} of ${pages}`).waitFor();
    const lastLine = workbench.line(timeOfFrame(FRAMES));
    await lastLine.waitFor();
    const hover = await hoverOver(workbench, lastLine, String(FRAMES), `Frame ${FRAMES} · connection 0`);
    assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), /ESTABLISHED|UNKNOWN/);
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setup, suite, test } from 'mocha';
import type { Locator, Page } from 'playwright-core';
import { lineOfPacket, packetAtLine, packetsOfConnection } from '../../src/core/query';
import { openCaptureFromExplorer, renderedLines } from './captureView';
import { DiagramView, expectedWindow, scopeAtCursor, waitForSelectedPacket, workspaceCaptureModel } from './diagramView';
import { hoverOver } from './editorHover';
import { drawnDiagrams, assertLoadsTcpLensScript, markdownPreviewFrame, messageLabels, waitForDrawnMessages, writeExportedMarkdown } from './markdownPreview';
import { workbenchScreenshot } from './screenshots';
import { e2e, pollUntil, UI_TIMEOUT_MS, useWorkbench, type Workbench } from './workbench';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const SHOW_DIAGRAM = 'TCP Lens: Show Sequence Diagram';

/** Monaco shows spaces as U+00A0. */
const shown = (text: string): string => text.replace(/ /g, '\u00a0');

/** A rendered editor line by the start of its text (a capture's lines start with a unique timestamp). */
function editorLine(editor: Locator, text: string): Locator {
  return editor.locator('.view-line', { hasText: shown(text.slice(0, 26)) }).first();
}

async function clickTitleButton(workbench: Workbench): Promise<void> {
  await workbench.page.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Show Sequence Diagram"]').click();
}

/** Drags the sash between the capture's editor group and the diagram's so that the diagram's is `width` wide. */
async function narrowDiagramGroup(workbench: Workbench, capture: string, width: number): Promise<void> {
  const { page } = workbench;
  const group = page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: `Sequence diagram: ${capture}` }) });
  const box = await group.boundingBox();
  assert.ok(box, 'no diagram group');
  const sashes = await page.locator('.monaco-sash.vertical').evaluateAll((elements) =>
    elements.map((element) => {
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x: x + width / 2, y: y + height / 2, height };
    }),
  );
  const sash = sashes.filter((candidate) => candidate.height > 200).sort((a, b) => Math.abs(a.x - box.x) - Math.abs(b.x - box.x))[0];
  assert.ok(sash && Math.abs(sash.x - box.x) < 10, `no sash at the diagram group's edge (${box.x}): ${JSON.stringify(sashes)}`);
  await page.mouse.move(sash.x, sash.y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - width, sash.y, { steps: 10 });
  await page.mouse.up();
  await page.waitForFunction(
    ({ wanted, left }) => Array.from(document.querySelectorAll('.editor-group-container')).some((element) => Math.abs(element.getBoundingClientRect().width - wanted) < 20 && element.getBoundingClientRect().x > left),
    { wanted: width, left: box.x },
  );
}

/** Dialogs, CSP violations and messages the diagram's page rejected, anywhere in the workbench's frames. */
function watchForTrouble(page: Page): string[] {
  const trouble: string[] = [];
  page.on('dialog', (dialog) => {
    // The workbench asks before a reload; anything else is a page opening a dialog.
    if (dialog.type() === 'beforeunload') {
      void dialog.accept().catch(() => undefined);
      return;
    }
    trouble.push(`a ${dialog.type()} dialog: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('console', (message) => {
    // A sandboxed frame's alert() only logs that it was blocked.
    if (/Content Security Policy|allow-modals|TCP Lens diagram:/i.test(message.text())) trouble.push(`console: ${message.text()}`);
  });
  return trouble;
}

/** The colours the diagram is drawn in, and whether its SVG is the one `markDrawing` marked (not drawn again since). */
interface Drawing {
  readonly themeKind: string;
  readonly actorFill: string;
  readonly arrowStroke: string;
  readonly labelFill: string;
  readonly marked: boolean;
}

const DRAWING_MARK = 'e2eMark';

function markDrawing(diagram: DiagramView): Promise<void> {
  return diagram.frame.locator('#canvas svg').evaluate((svg: SVGSVGElement, mark) => {
    svg.dataset[mark] = 'marked';
  }, DRAWING_MARK);
}

function drawing(diagram: DiagramView): Promise<Drawing> {
  return diagram.frame.locator('#canvas svg').evaluate((svg: SVGSVGElement, mark) => {
    const style = (selector: string, property: 'fill' | 'stroke'): string => {
      const element = svg.querySelector(selector);
      return element ? getComputedStyle(element)[property] : '';
    };
    return {
      themeKind: document.body.className,
      actorFill: style('rect.actor', 'fill'),
      arrowStroke: style('[data-et="message"]:not(.tcp-lens-highlight)', 'stroke'),
      labelFill: style('text.messageText:not(.tcp-lens-highlight)', 'fill'),
      marked: svg.dataset[mark] === 'marked',
    };
  }, DRAWING_MARK);
}

/** The diagram once drawn again (no longer the one marked) and `drawn` accepts it. */
async function redrawing(diagram: DiagramView, accept: (drawn: Drawing) => boolean): Promise<Drawing> {
  const { value: drawn } = await pollUntil(diagram.workbench.page, () => drawing(diagram), (d) => !d.marked && accept(d));
  assert.equal(drawn.marked, false, 'the diagram was not drawn again');
  assert.ok(accept(drawn), `the diagram was drawn again, but not as expected: ${JSON.stringify(drawn)}`);
  return drawn;
}

/** Picks a colour theme in "Preferences: Color Theme"; the theme that was current. */
/** Picks `theme` in the colour theme picker, opened again if it closes before the pick (the diagram redrawing beside takes the focus). */
async function pickColorTheme(workbench: Workbench, theme: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    await workbench.runCommand('Preferences: Color Theme');
    try {
      // The picker opens on the current theme.
      await workbench.quickInput.and(workbench.page.locator('[placeholder*="Color Theme" i]')).waitFor({ timeout: 10_000 });
      const previous = (await workbench.page.locator('.quick-input-list .monaco-list-row.focused .label-name').first().innerText({ timeout: 10_000 })).trim();
      await workbench.quickInput.fill(theme, { timeout: 10_000 });
      await workbench.quickPickRow(theme).click({ timeout: 10_000 });
      await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      return previous;
    } catch (error) {
      if (attempt === 3) throw error;
      await workbench.page.keyboard.press('Escape');
    }
  }
}

suite('sequence diagram in the workbench', () => {
  const session = useWorkbench(() => e2e.devUrl);
  let trouble: string[] = [];
  setup(() => {
    trouble = watchForTrouble(session.workbench.page);
  });

  test('from the palette beside a pcap: an arrow per packet; a click on an arrow or its label selects its line; the cursor highlights its arrow; resting on one explains it as the hover does', async () => {
    const { workbench } = session;
    const diagram = new DiagramView(workbench);
    const capture = 'dupack-fast-retransmit.pcap';
    const model = workspaceCaptureModel(capture);
    const lines = renderedLines(capture);
    await openCaptureFromExplorer(workbench, capture);
    const editor = workbench.editorShowing(`${capture}.tcpdump`);
    await workbench.runCommand(SHOW_DIAGRAM);
    const window = expectedWindow(model, await scopeAtCursor(workbench, model));
    await diagram.waitForWindow(window);
    assert.equal(window.messagePackets.length, model.packetCount);
    // Beside the capture: the panel's tab is in the group to the right of the capture's.
    const captureGroup = await workbench.page.locator('.editor-group-container', { has: workbench.page.locator('.tab', { hasText: `${capture}.tcpdump` }) }).boundingBox();
    const tab = await diagram.tab(capture).boundingBox();
    assert.ok(captureGroup && tab && tab.x >= captureGroup.x + captureGroup.width - 1, `the panel is not beside the capture: ${JSON.stringify({ captureGroup, tab })}`);

    // Diagram → editor: a click on an arrow, then on another message's label, selects that packet's line.
    const arrowPacket = window.messagePackets[40];
    await diagram.click(diagram.arrow(arrowPacket));
    await waitForSelectedPacket(workbench, `${capture}.tcpdump`, model, lines, arrowPacket);
    await diagram.waitForHighlight(arrowPacket);
    const labelPacket = window.messagePackets[30];
    await diagram.click(diagram.label(labelPacket));
    await waitForSelectedPacket(workbench, `${capture}.tcpdump`, model, lines, labelPacket);
    await diagram.waitForHighlight(labelPacket);

    // Editor → diagram: a click on a line, a key, Go to Line. The line clicked is first brought well into
    // view (not under the sticky scroll, not scrolled sideways to the end of the line selected above) by
    // moving the cursor a few lines below it; the click is on its text (not on its state hint).
    const clicked = labelPacket + 3;
    await workbench.goToLine(editor, lineOfPacket(model, clicked + 5));
    await diagram.waitForHighlight(clicked + 5);
    await workbench.textSpans(editorLine(editor, lines[lineOfPacket(model, clicked) - 1])).first().click();
    await diagram.waitForHighlight(clicked);
    await workbench.page.keyboard.press('ArrowDown');
    await diagram.waitForHighlight(clicked + 1);
    const last = window.messagePackets.at(-1)!;
    await workbench.goToLine(editor, lineOfPacket(model, last));
    await diagram.waitForHighlight(last);
    assert.ok(await diagram.isInView(diagram.arrow(last)), 'the highlighted arrow was not scrolled into view');

    // Resting on an arrow explains its packet with the words of the editor's hover.
    const explained = window.messagePackets[24];
    const tooltip = await diagram.hover(diagram.arrow(explained));
    const line = lines[lineOfPacket(model, explained) - 1];
    await workbench.goToLine(editor, lineOfPacket(model, explained));
    const hover = await hoverOver(workbench, shown(line.slice(0, 26)), 'IP', 'Reveal connection');
    const words = (text: string): string[] =>
      text.split('\n').map((part) => part.replace(/^\s*•\s*/, '').replace(/\s+/g, ' ').trim()).filter((part) => part !== '');
    const hoverText = words((await hover.innerText()).replace(/\u00a0/g, ' ')).join('\n');
    assert.match(tooltip, /ESTABLISHED/);
    for (const tooltipLine of words(tooltip)) assert.ok(hoverText.includes(tooltipLine), `the hover does not say "${tooltipLine}":\n${hoverText}`);
    assert.deepEqual(trouble, []);
  });

  test('from the editor title beside a tcpdump document and a pcap; the cursor on a packet of another page turns the page', async () => {
    const { workbench } = session;
    const diagram = new DiagramView(workbench);
    const tcpdump = 'close-wait-server-never-closes.tcpdump';
    await workbench.quickOpen(tcpdump);
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    const textModel = workspaceCaptureModel(tcpdump);
    await clickTitleButton(workbench);
    await diagram.tab(tcpdump).waitFor();
    await diagram.waitForWindow(expectedWindow(textModel, await scopeAtCursor(workbench, textModel)));

    // More packets than a page (200): the page of the cursor's packet is shown.
    const paged = 'paged-capture.pcap';
    const model = workspaceCaptureModel(paged);
    assert.ok(model.packetCount > 200 && model.packetCount <= 400, `${paged} has ${model.packetCount} packets`);
    await openCaptureFromExplorer(workbench, paged);
    const editor = workbench.editorShowing(`${paged}.tcpdump`);
    await clickTitleButton(workbench);
    await diagram.tab(paged).waitFor();
    await diagram.pageLabel.filter({ hasText: 'Page 1 of 2' }).waitFor();
    await diagram.waitForWindow(expectedWindow(model, 0, 0));
    const onPage2 = 214;
    await workbench.goToLine(editor, lineOfPacket(model, onPage2));
    await diagram.pageLabel.filter({ hasText: 'Page 2 of 2' }).waitFor();
    await diagram.waitForWindow(expectedWindow(model, 0, 1));
    await diagram.waitForHighlight(onPage2);
    assert.ok(await diagram.isInView(diagram.arrow(onPage2)), 'the highlighted arrow was not scrolled into view');
    await workbench.page.keyboard.press('ArrowUp');
    await diagram.waitForHighlight(onPage2 - 1);
    await workbench.goToLine(editor, lineOfPacket(model, 5));
    await diagram.pageLabel.filter({ hasText: 'Page 1 of 2' }).waitFor();
    await diagram.waitForHighlight(5);
    assert.deepEqual(trouble, []);
  });

  test('a colour theme change redraws the diagram in its colours; a window reload restores the connection shown', async () => {
    const { workbench } = session;
    const { page } = workbench;
    const diagram = new DiagramView(workbench);
    const capture = 'pcapng-two-interfaces.pcapng';
    const model = workspaceCaptureModel(capture);
    assert.equal(model.connections.length, 2);
    await openCaptureFromExplorer(workbench, capture);
    // The cursor on a packet of connection #0, the diagram showing connection #1: the reload must bring back #1.
    const onFirst = packetsOfConnection(model, 0)[2];
    await workbench.goToLine(workbench.editorShowing(`${capture}.tcpdump`), lineOfPacket(model, onFirst));
    await workbench.runCommand(SHOW_DIAGRAM);
    await diagram.waitForWindow(expectedWindow(model, 0));
    await diagram.waitForHighlight(onFirst);
    await diagram.chooseScope('#1 ');
    const chosen = 1;
    await diagram.waitForWindow(expectedWindow(model, chosen));

    // The theme is a user setting, kept by the server for the tests after this one: switched, then back.
    const before = await drawing(diagram);
    const dark = (await page.locator('.monaco-workbench.vs-dark, .monaco-workbench.hc-black').count()) > 0;
    await markDrawing(diagram);
    const original = await pickColorTheme(workbench, dark ? 'Light Modern' : 'Dark Modern');
    let themeRestored = false;
    try {
      const switched = await redrawing(diagram, (drawn) => drawn.themeKind !== before.themeKind);
      for (const key of ['actorFill', 'arrowStroke', 'labelFill'] as const) {
        assert.ok(switched[key] !== '' && switched[key] !== before[key], `${key} stayed ${before[key]} in the new theme`);
      }
      await markDrawing(diagram);
      await pickColorTheme(workbench, original);
      themeRestored = true;
      assert.deepEqual(await redrawing(diagram, (drawn) => drawn.themeKind === before.themeKind), before, 'the diagram is not drawn as before in the first theme');
    } finally {
      if (!themeRestored) await pickColorTheme(workbench, original);
    }

    // A mark on the window: gone once the page is really loaded again.
    await page.evaluate(() => Object.assign(window, { e2eBeforeReload: true }));
    const loaded = page.waitForEvent('load', { timeout: 2 * UI_TIMEOUT_MS });
    await workbench.runCommand('Developer: Reload Window');
    await loaded;
    assert.equal(await page.evaluate(() => 'e2eBeforeReload' in window), false, 'the window was not reloaded');
    await page.locator('.monaco-workbench .part.editor').waitFor();
    await diagram.tab(capture).waitFor({ timeout: 2 * UI_TIMEOUT_MS });
    await diagram.waitForWindow(expectedWindow(model, chosen));
    assert.equal(await diagram.scope(), String(chosen));
    // In the theme chosen last: the setting was kept.
    assert.deepEqual(await drawing(diagram), before, 'the restored diagram is not in the theme chosen');
    assert.deepEqual(trouble, []);
  });

  test('the toolbar\'s Export… writes the diagram as Markdown, Mermaid, SVG and PNG where the save dialog says', async () => {
    const { workbench } = session;
    const { page } = workbench;
    const diagram = new DiagramView(workbench);
    const capture = 'http-clean-client-close.pcap';
    const captureFile = path.join(e2e.workspace, capture);
    const model = workspaceCaptureModel(capture);
    const lines = renderedLines(capture);
    await openCaptureFromExplorer(workbench, capture);
    // Room for the capture's text beside the diagram in the README's screenshot.
    await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    await workbench.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    const fin = packetAtLine(model, lines.findIndex((line) => line.includes('Flags [F.]')) + 1);
    await workbench.goToLine(workbench.editorShowing(`${capture}.tcpdump`), lineOfPacket(model, fin));
    await workbench.runCommand(SHOW_DIAGRAM);
    const window = expectedWindow(model, model.packets.conn[fin]);
    await diagram.waitForWindow(window);
    await narrowDiagramGroup(workbench, capture, 560);
    await diagram.button('fit-to-width').click();
    // From the handshake down, then the client's FIN clicked: its line selected, its arrow highlighted.
    const view = await diagram.viewport();
    const syn = await diagram.label(window.messagePackets[0]).boundingBox();
    assert.ok(syn);
    await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    await page.mouse.wheel(0, syn.y - view.y - 60);
    await diagram.click(diagram.arrow(fin));
    await waitForSelectedPacket(workbench, `${capture}.tcpdump`, model, lines, fin);
    await diagram.waitForHighlight(fin);
    await workbench.editorShowing(`${capture}.tcpdump`).locator('.codelens-decoration', { hasText: 'three-way handshake' }).first().waitFor();
    await workbenchScreenshot(workbench, 'diagram');

    const cli = (...args: string[]): string => execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'diagram', captureFile, '--conn', String(window.scope), ...args], { encoding: 'utf8' });
    const formats = [
      { label: 'Markdown', extension: 'md', check: (bytes: Buffer) => assert.equal(bytes.toString('utf8'), cli('--format', 'markdown')) },
      { label: 'Mermaid', extension: 'mmd', check: (bytes: Buffer) => assert.equal(bytes.toString('utf8'), cli()) },
      {
        label: 'SVG image',
        extension: 'svg',
        check: (bytes: Buffer) => {
          const svg = bytes.toString('utf8');
          assert.match(svg, /^<\?xml[^>]*>\s*<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
          assert.equal(svg.match(/data-et="message"/g)?.length, window.messagePackets.length);
          assert.match(svg, /\[FIN, ACK\]/);
        },
      },
      {
        label: 'PNG image',
        extension: 'png',
        check: (bytes: Buffer) => {
          assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
          assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
          assert.ok(bytes.readUInt32BE(16) > 400 && bytes.readUInt32BE(20) > 400, `a ${bytes.readUInt32BE(16)}×${bytes.readUInt32BE(20)} PNG`);
        },
      },
    ];
    const written: string[] = [];
    try {
      for (const format of formats) {
        await diagram.button('export').click();
        await workbench.quickPickRow(format.label).click();
        // VS Code's own save dialog (the browser has no native one): it proposes <capture>.diagram.<ext> beside the capture.
        const proposed = path.join(e2e.workspace, `${capture.replace(/\.pcap$/, '')}.diagram.${format.extension}`);
        await page.waitForFunction(
          ({ selector, value }) => (document.querySelector(selector) as HTMLInputElement | null)?.value === value,
          { selector: '.quick-input-widget input', value: proposed },
          { timeout: UI_TIMEOUT_MS },
        );
        const target = path.join(e2e.workspace, `e2e-export-${format.extension}.${format.extension}`);
        written.push(target);
        await workbench.quickInput.fill(target);
        await page.keyboard.press('Enter');
        await workbench.notification(`the sequence diagram is saved in ${path.basename(target)}`).waitFor();
        format.check(readFileSync(target));
      }
    } finally {
      for (const file of written) rmSync(file, { force: true });
    }
    assert.deepEqual(trouble, []);
  });

  test('the exported Markdown in VS Code\'s Markdown preview: TCP Lens draws its mermaid block, and draws it again as it is edited', async () => {
    const { workbench } = session;
    const fileName = 'e2e-preview.diagram.md';
    const file = writeExportedMarkdown('http-clean-client-close.pcap', fileName);
    try {
      const lines = readFileSync(file, 'utf8').split('\n');
      const labels = messageLabels(lines.join('\n'));
      assert.ok(labels.length >= 10 && labels.some((label) => label.includes('[FIN, ACK]')), JSON.stringify(labels));
      await workbench.quickOpen(fileName);
      await workbench.activeTab().filter({ hasText: fileName }).waitFor();
      await workbench.runCommand('Markdown: Open Preview to the Side');
      const preview = await markdownPreviewFrame(workbench);
      await assertLoadsTcpLensScript(preview);
      assert.equal((await waitForDrawnMessages(preview, labels)).byTcpLens, true);

      // An edit of a message (the shortest line: End goes to the end of a line the editor does not wrap):
      // the preview puts the new text in, and it is drawn again.
      const messageLines = lines.filter((line) => messageLabels(line).length === 1);
      const edited = lines.indexOf(messageLines.reduce((shortest, line) => (line.length < shortest.length ? line : shortest)));
      await workbench.goToLine(workbench.editorShowing(fileName), edited + 1);
      await workbench.page.keyboard.press('End');
      await workbench.page.keyboard.type(' edited');
      const editedLabels = messageLabels(lines.map((line, index) => (index === edited ? `${line} edited` : line)).join('\n'));
      assert.equal((await waitForDrawnMessages(preview, editedLabels)).byTcpLens, true);
      // Typed away again (the editor kept the focus; the workbench may have saved the edit already).
      for (let typed = 0; typed < ' edited'.length; typed++) await workbench.page.keyboard.press('Backspace');
      await waitForDrawnMessages(preview, labels);
      assert.equal((await drawnDiagrams(preview)).length, 1);
    } finally {
      rmSync(file, { force: true });
    }
    assert.deepEqual(trouble, []);
  });

  test('hostile names in a capture are drawn as text: no markup, no script, no dialog, no CSP violation', async () => {
    const { workbench } = session;
    const diagram = new DiagramView(workbench);
    const capture = 'hostile-names.txt';
    const model = workspaceCaptureModel(capture);
    await workbench.quickOpen(capture);
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    await clickTitleButton(workbench);
    await diagram.tab(capture).waitFor();
    await diagram.waitForWindow(expectedWindow(model, await scopeAtCursor(workbench, model)));
    await diagram.chooseScope('All connections');
    const window = expectedWindow(model, 'all');
    await diagram.waitForWindow(window);

    const names = [
      'javascript.example:<script>alert(1)</script>',
      'end:<img/src=x/onerror=alert(1)>',
      'end.click.example:%%{init}%%',
      'participant:#35;#59;%%;click_x_call_alert(1)',
      'link.example:links{}[]|\\~^$!@%%}',
    ];
    const texts = await diagram.frame.locator('#canvas svg text').evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
    for (const name of names) assert.ok(texts.some((text) => text.includes(name)), `no text shows ${name}: ${JSON.stringify(texts.slice(0, 12))}`);
    // The connection menu too.
    const options = await diagram.frame.locator('vscode-option').allTextContents();
    assert.ok(options.some((option) => option.includes('<img/src=x/onerror=alert(1)>')), JSON.stringify(options));

    // The tooltip quotes the names as text.
    const reset = window.messagePackets.find((packet) => model.packets.conn[packet] === 1)!;
    const tooltip = await diagram.hover(diagram.arrow(reset));
    assert.ok(tooltip.includes('<img/src=x/onerror=alert(1)>'), tooltip);
    assert.equal(await diagram.tooltip.locator('*').count(), 0);

    // Nothing in the page but its own elements: none that the names could have made, no handler attribute.
    const foreign = await diagram.frame.locator('body').evaluate((body) => {
      const found: string[] = [];
      for (const element of Array.from(body.querySelectorAll('*'))) {
        const name = element.localName.toLowerCase();
        const ownScript = name === 'script' && element.hasAttribute('nonce') && /\/dist\/webview\/diagram\.js$/.test(element.getAttribute('src') ?? '');
        if (['img', 'script', 'iframe', 'object', 'embed', 'foreignobject', 'a', 'b'].includes(name) && !ownScript) found.push(element.outerHTML.slice(0, 120));
        for (const attribute of Array.from(element.attributes)) {
          if (/^on/i.test(attribute.name) || /^\s*javascript:/i.test(attribute.value)) found.push(`${name} ${attribute.name}="${attribute.value}"`);
        }
      }
      return found;
    });
    assert.deepEqual(foreign, []);
    await workbench.page.waitForTimeout(1000); // a blocked handler or script would have reported by now
    assert.deepEqual(trouble, []);
  });
});

import * as assert from 'node:assert/strict';
import { setup, suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import type { Browser } from 'playwright-core';
import type { CaptureModel } from '../../src/core/analyze';
import type { DiagramView } from '../../src/protocol';
import { connectBrowser, startServer, WebviewPage, type HarnessServer } from './harness';
import { DARK_HIGH_CONTRAST, DARK_MODERN, LIGHT_HIGH_CONTRAST, LIGHT_MODERN } from './themes';
import { fixtureModel, viewOf } from './views';

/** Where a message is on the screen now: its arrow's middle, its label's middle, the label's text. */
interface MessageOnScreen {
  arrow: { x: number; y: number };
  label: { x: number; y: number };
  labelText: string;
}

/** The frame number a message's label shows ("#12 [SYN]…", or "… · n=12"). */
function frameInLabel(label: string): number | undefined {
  const match = /^#(\d+)\b/.exec(label.trim()) ?? /\bn=(\d+)\b/.exec(label);
  return match ? Number(match[1]) : undefined;
}

/**
 * The k-th message as Mermaid drew it: the k-th element it marks `data-et="message"` (in document
 * order) and the label lines drawn just before it. Read from Mermaid's markup, not from the
 * webview's links, so that it checks them.
 */
async function messageOnScreen(webview: WebviewPage, k: number): Promise<MessageOnScreen> {
  return webview.page.evaluate((k) => {
    const arrow = document.querySelectorAll('#canvas svg [data-et="message"]')[k];
    if (!arrow) throw new Error(`no message ${k}`);
    const labels: Element[] = [];
    for (let previous = arrow.previousElementSibling; previous?.matches('text.messageText'); previous = previous.previousElementSibling) labels.unshift(previous);
    const middle = (element: Element) => {
      const box = element.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    };
    return { arrow: middle(arrow), label: middle(labels[0] ?? arrow), labelText: labels.map((label) => label.textContent ?? '').join(' ') };
  }, k);
}

/** Scrolls the diagram with the wheel (the webview's own panning) until message k is in the viewport. */
async function scrollToMessage(webview: WebviewPage, k: number): Promise<MessageOnScreen> {
  const viewport = await webview.page.locator('#viewport').boundingBox();
  assert.ok(viewport);
  const centre = { x: viewport.x + viewport.width / 2, y: viewport.y + viewport.height / 2 };
  for (let attempt = 0; attempt < 5; attempt++) {
    const message = await messageOnScreen(webview, k);
    const points = [message.arrow, message.label];
    const inside = points.every(({ x, y }) => x >= viewport.x + 10 && x <= viewport.x + viewport.width - 10 && y >= viewport.y + 10 && y <= viewport.y + viewport.height - 10);
    if (inside) return message;
    await webview.page.mouse.move(viewport.x + 5, centre.y);
    await webview.page.mouse.wheel(message.label.x - centre.x, message.arrow.y - centre.y);
    await painted(webview);
  }
  throw new Error(`message ${k} never came into view`);
}

/** Panzoom applies a pan or zoom in the next animation frame: waits for it to be on screen. */
async function painted(webview: WebviewPage): Promise<void> {
  await webview.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** The element is (or comes, once the pan is painted) inside the viewport. */
async function assertInView(webview: WebviewPage, selector: string): Promise<void> {
  const inView = () =>
    webview.page.evaluate((selector) => {
      const box = document.querySelector(selector)?.getBoundingClientRect();
      const viewport = document.getElementById('viewport')?.getBoundingClientRect();
      return !!box && !!viewport && box.top >= viewport.top && box.bottom <= viewport.bottom && box.left >= viewport.left && box.right <= viewport.right;
    }, selector);
  await painted(webview);
  assert.ok(await inView(), `${selector} is in view`);
}

async function drawnMessageCount(webview: WebviewPage): Promise<number> {
  return webview.page.locator('#canvas svg [data-et="message"]').count();
}

/** Clicks each message (its arrow, or its label) and checks the packet the webview reveals. */
async function clickEachMessage(webview: WebviewPage, model: CaptureModel, view: DiagramView, on: 'arrow' | 'label', which?: number[]): Promise<void> {
  const packets = view.window.messagePackets;
  for (const k of which ?? packets.keys()) {
    const message = await scrollToMessage(webview, k);
    assert.equal(frameInLabel(message.labelText), model.packets.frame[packets[k]], `message ${k} is drawn with the label of packet ${packets[k]}: ${message.labelText}`);
    const from = await webview.mark();
    const point = message[on];
    await webview.page.mouse.click(point.x, point.y);
    const reveal = await webview.waitForPosted('reveal', from);
    assert.deepEqual(reveal, { type: 'reveal', documentVersion: view.documentVersion, packet: packets[k] }, `click on the ${on} of message ${k}`);
  }
}

async function computedColour(webview: WebviewPage, selector: string, property: 'fill' | 'stroke'): Promise<string> {
  return webview.page.evaluate(({ selector, property }) => {
    const element = document.querySelector(selector);
    if (!element) throw new Error(`nothing matches ${selector}`);
    return getComputedStyle(element)[property];
  }, { selector, property });
}

const rgb = (hex: string): string => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

suite('Diagram webview in Chromium', () => {
  let browser: Browser;
  let server: HarnessServer;
  let webview: WebviewPage;

  suiteSetup(async () => {
    [browser, server] = await Promise.all([connectBrowser(), startServer()]);
  });

  suiteTeardown(async () => {
    await browser?.close();
    await server?.close();
  });

  setup(async () => {
    webview = await WebviewPage.open(browser, server, LIGHT_MODERN);
  });

  teardown(async function () {
    // Whatever a test did, the page broke no rule of its CSP and threw nothing.
    const { violations, errors, ran } = await webview.recorder();
    await webview.close();
    if (this.currentTest?.state === 'failed') return;
    assert.deepEqual(violations, [], 'Content Security Policy violations');
    assert.deepEqual(errors, [], 'uncaught errors in the page');
    assert.deepEqual(ran, [], 'script run from the diagram');
  });

  test('the page comes up under its CSP and says it is ready', async () => {
    const { posted } = await webview.recorder();
    assert.deepEqual(posted, [{ type: 'ready' }]);
    const csp = await webview.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /default-src 'none'/);
    assert.match(csp ?? '', /script-src 'nonce-[^']+'(;|$)/);
  });

  test('every packet of the window is one message, and a click on its arrow reveals that packet', async () => {
    const model = fixtureModel('capture/http-clean-client-close.pcap');
    const view = viewOf(model);
    const rendered = await webview.show({ type: 'show', view });
    assert.deepEqual(rendered, { type: 'rendered', documentVersion: view.documentVersion, messages: model.packetCount, theme: 'vscode-light', viewId: view.id });
    assert.equal(await drawnMessageCount(webview), model.packetCount);
    await clickEachMessage(webview, model, view, 'arrow');
  });

  test('a click on a message label reveals its packet, on several connections at once', async () => {
    const model = fixtureModel('unseen/parallel-interleaved.pcap');
    const view = viewOf(model);
    const rendered = await webview.show({ type: 'show', view });
    assert.equal(rendered.type, 'rendered');
    assert.equal(await drawnMessageCount(webview), view.window.messagePackets.length);
    assert.equal(view.window.messagePackets.length, model.packetCount);
    await clickEachMessage(webview, model, view, 'label');
  });

  test('the corpus captures draw one message per packet of the window, each the right one', async () => {
    const fixtures = [
      'capture/port-reuse.pcap',
      'capture/out-of-order.pcap',
      'capture/refused-syn-rst.pcap',
      'capture/simultaneous-open-crafted.pcap',
      'capture/ipv6-http.pcap',
      'unseen/bulk-loss-reorder-sack.pcap',
      'unseen/rst-syn-recv-hping3.pcap',
      'text/pasted-tutorial.txt',
    ];
    for (const fixture of fixtures) {
      const model = fixtureModel(fixture);
      for (const scope of ['all', 0] as const) {
        const view = viewOf(model, { scope });
        const packets = view.window.messagePackets;
        const rendered = await webview.show({ type: 'show', view });
        assert.deepEqual(rendered, { type: 'rendered', documentVersion: view.documentVersion, messages: packets.length, theme: 'vscode-light', viewId: view.id }, `${fixture} ${scope}`);
        assert.equal(await drawnMessageCount(webview), packets.length, fixture);
        const labels = await webview.page.evaluate(() =>
          [...document.querySelectorAll('#canvas svg [data-et="message"]')].map((arrow) => arrow.previousElementSibling?.textContent ?? ''),
        );
        assert.deepEqual(labels.map(frameInLabel), packets.map((packet) => model.packets.frame[packet]), `${fixture} ${scope}: the frame of each message`);
        // The first, a middle and the last message, clicked.
        await clickEachMessage(webview, model, view, 'arrow', [...new Set([0, packets.length >> 1, packets.length - 1])]);
      }
    }
  });

  test('highlight marks the packet’s arrow and label in the theme’s colour and scrolls it into view', async () => {
    const model = fixtureModel('unseen/bulk-loss-reorder-sack.pcap');
    const view = viewOf(model);
    await webview.show({ type: 'show', view });
    const k = view.window.messagePackets.length - 3;
    const packet = view.window.messagePackets[k];
    await webview.send({ type: 'highlight', documentVersion: view.documentVersion, packet, reveal: true });
    const highlighted = webview.page.locator('#canvas .tcp-lens-highlight');
    await highlighted.first().waitFor();
    const marked = await webview.page.evaluate(() =>
      [...document.querySelectorAll('#canvas .tcp-lens-highlight')].map((element) => ({ tag: element.localName, packet: element.getAttribute('data-packet') })),
    );
    assert.ok(marked.some((element) => element.tag === 'line') && marked.some((element) => element.tag === 'text'), JSON.stringify(marked));
    assert.ok(marked.every((element) => element.packet === String(packet)));
    assert.equal(await computedColour(webview, '#canvas line.tcp-lens-highlight', 'stroke'), rgb(LIGHT_MODERN.variables['--vscode-focusBorder']));
    assert.notEqual(await computedColour(webview, '#canvas line.messageLine0:not(.tcp-lens-highlight), #canvas line.messageLine1:not(.tcp-lens-highlight)', 'stroke'), rgb(LIGHT_MODERN.variables['--vscode-focusBorder']));
    await assertInView(webview, '#canvas .tcp-lens-highlight-band');
    assert.equal(frameInLabel((await messageOnScreen(webview, k)).labelText), model.packets.frame[packet]);

    // Another version's highlight is ignored; null clears.
    await webview.send({ type: 'highlight', documentVersion: view.documentVersion - 1, packet: view.window.messagePackets[0], reveal: true });
    await webview.send({ type: 'highlight', documentVersion: view.documentVersion, packet: null, reveal: false });
    await webview.page.locator('#canvas .tcp-lens-highlight-band').waitFor({ state: 'detached' });
    assert.equal(await highlighted.count(), 0);
  });

  test('the view’s highlighted packet is marked and in view when it is drawn', async () => {
    const model = fixtureModel('unseen/bulk-loss-reorder-sack.pcap');
    for (const packet of [120, 40]) {
      const view = viewOf(model, {}, { highlightPacket: packet });
      await webview.show({ type: 'show', view });
      const marked = await webview.page.evaluate(() => [...document.querySelectorAll('#canvas .tcp-lens-highlight')].map((element) => element.getAttribute('data-packet')));
      assert.ok(marked.length >= 2);
      assert.deepEqual(new Set(marked), new Set([String(packet)]));
      await assertInView(webview, '#canvas .tcp-lens-highlight-band');
    }
  });

  test('hovering a message asks for its explanation and shows it as text', async () => {
    const model = fixtureModel('capture/http-clean-client-close.pcap');
    const view = viewOf(model);
    await webview.show({ type: 'show', view });
    const k = 3;
    const message = await scrollToMessage(webview, k);
    const from = await webview.mark();
    await webview.page.mouse.move(message.arrow.x, message.arrow.y);
    const explain = await webview.waitForPosted('explain', from);
    assert.equal(explain.packet, view.window.messagePackets[k]);
    assert.equal(explain.documentVersion, view.documentVersion);
    const text = 'ACK of <b>frame</b> <img src=x onerror="alert(1)">\nsecond line';
    // An answer to another request, or of another version, is not shown.
    await webview.send({ type: 'explanation', id: explain.id + 1, documentVersion: view.documentVersion, packet: explain.packet, text: 'wrong request' });
    await webview.send({ type: 'explanation', id: explain.id, documentVersion: view.documentVersion + 1, packet: explain.packet, text: 'wrong version' });
    await webview.send({ type: 'explanation', id: explain.id, documentVersion: view.documentVersion, packet: explain.packet, text });
    const tooltip = webview.page.locator('#tooltip');
    await tooltip.waitFor({ state: 'visible' });
    assert.equal(await tooltip.textContent(), text);
    assert.equal(await tooltip.evaluate((element) => element.childElementCount), 0);
    // Leaving the diagram hides it.
    await webview.page.mouse.move(2, 2);
    await tooltip.waitFor({ state: 'hidden' });
  });

  test('the keyboard goes from message to message: each is highlighted, its line revealed, its explanation shown; pages turn', async () => {
    const model = fixtureModel('unseen/parallel-interleaved.pcap');
    const view = viewOf(model, { scope: 'all', pageSize: 20, page: 1 });
    await webview.show({ type: 'show', view });
    const viewport = webview.page.locator('#viewport');
    assert.equal(await viewport.getAttribute('aria-label'), view.strings.keyboardHelp);
    await viewport.focus();
    const packets = view.window.messagePackets;
    const press = async (key: string, k: number) => {
      const from = await webview.mark();
      await webview.page.keyboard.press(key);
      assert.deepEqual(await webview.waitForPosted('reveal', from), { type: 'reveal', documentVersion: view.documentVersion, packet: packets[k] }, `${key} reveals message ${k}`);
      assert.deepEqual(
        await webview.page.locator('#canvas [data-et="message"].tcp-lens-highlight').evaluateAll((arrows) => arrows.map((arrow) => arrow.getAttribute('data-packet'))),
        [String(packets[k])],
        `${key} highlights message ${k}`,
      );
      // Wider than the viewport with every connection's endpoints: in view from top to bottom.
      await painted(webview);
      const rows = await webview.page.evaluate(() => {
        const band = document.querySelector('#canvas .tcp-lens-highlight-band')?.getBoundingClientRect();
        const viewport = document.getElementById('viewport')?.getBoundingClientRect();
        return band && viewport && { band: [band.top, band.bottom], viewport: [viewport.top, viewport.bottom] };
      });
      assert.ok(rows && rows.band[0] >= rows.viewport[0] && rows.band[1] <= rows.viewport[1], `message ${k} is in view: ${JSON.stringify(rows)}`);
      return webview.waitForPosted('explain', from);
    };
    await press('ArrowDown', 0);
    await press('ArrowDown', 1);
    await press('End', packets.length - 1);
    const explain = await press('ArrowUp', packets.length - 2);
    assert.equal(explain.packet, packets[packets.length - 2]);
    await webview.send({ type: 'explanation', id: explain.id, documentVersion: view.documentVersion, packet: explain.packet, text: 'the explanation' });
    const tooltip = webview.page.locator('#tooltip');
    await tooltip.waitFor({ state: 'visible' });
    assert.equal(await tooltip.textContent(), 'the explanation');
    await press('Home', 0);
    for (const [key, page] of [['PageDown', 2], ['PageUp', 0]] as const) {
      const from = await webview.mark();
      await webview.page.keyboard.press(key);
      assert.deepEqual(await webview.waitForPosted('choose', from), { type: 'choose', scope: 'all', page });
    }
  });

  test('a theme change re-renders the diagram in the new theme’s colours', async () => {
    const model = fixtureModel('capture/http-clean-client-close.pcap');
    const view = viewOf(model);
    await webview.show({ type: 'show', view });
    const colours = async () => ({
      actor: await computedColour(webview, '#canvas rect.actor', 'fill'),
      actorBorder: await computedColour(webview, '#canvas rect.actor', 'stroke'),
      label: await computedColour(webview, '#canvas text.messageText', 'fill'),
    });
    assert.deepEqual(await colours(), {
      actor: rgb(LIGHT_MODERN.variables['--vscode-editorWidget-background']),
      actorBorder: rgb(LIGHT_MODERN.variables['--vscode-editorWidget-border']),
      label: rgb(LIGHT_MODERN.variables['--vscode-editor-foreground']),
    });
    for (const theme of [DARK_MODERN, DARK_HIGH_CONTRAST, LIGHT_HIGH_CONTRAST, LIGHT_MODERN]) {
      const from = await webview.mark();
      await webview.setTheme(theme);
      const rendered = await webview.waitForPosted('rendered', from);
      assert.deepEqual(rendered, { type: 'rendered', documentVersion: view.documentVersion, messages: model.packetCount, theme: theme.kind, viewId: view.id });
      assert.deepEqual(await colours(), {
        actor: rgb(theme.variables['--vscode-editorWidget-background']),
        actorBorder: rgb(theme.variables['--vscode-contrastBorder'] ?? theme.variables['--vscode-editorWidget-border']),
        label: rgb(theme.variables['--vscode-editor-foreground']),
      }, theme.kind);
    }
  });

  test('a theme change while a view is being drawn: the view is drawn in the new theme', async () => {
    const view = viewOf(fixtureModel('unseen/bulk-loss-reorder-sack.pcap'));
    const from = await webview.mark();
    // The theme changes as soon as the page starts on the view (its "rendering" indicator shows).
    await webview.page.evaluate(([message, theme]) => {
      const progress = document.querySelector<HTMLElement>('#toolbar .progress');
      if (!progress) throw new Error('no progress indicator');
      new MutationObserver((_, observer) => {
        if (progress.hidden) return;
        observer.disconnect();
        window.applyTheme(theme);
      }).observe(progress, { attributes: true });
      window.postMessage(message, '*');
    }, [{ type: 'show', view }, DARK_MODERN] as const);
    await webview.waitForPosted('rendered', from, { theme: 'vscode-dark' });
    await webview.page.waitForTimeout(500);
    // It may have been drawn in the old theme first (the render was under way); it ends in the new one.
    const reports = (await webview.posted()).slice(from).filter((message) => message.type === 'rendered');
    assert.equal(reports.at(-1)?.type === 'rendered' && reports.at(-1)?.theme, 'vscode-dark');
    assert.equal(await computedColour(webview, '#canvas rect.actor', 'fill'), rgb(DARK_MODERN.variables['--vscode-editorWidget-background']));
  });

  test('the zoom is kept when the same connection is drawn again, and fit to width fits it', async () => {
    const model = fixtureModel('unseen/parallel-interleaved.pcap');
    const first = viewOf(model, { scope: 1 });
    await webview.show({ type: 'show', view: first });
    const svgWidth = async () => {
      await painted(webview);
      return (await webview.page.locator('#canvas svg').boundingBox())?.width ?? 0;
    };
    const fitted = await svgWidth();
    await webview.page.locator('#zoom-in').click();
    await webview.page.locator('#zoom-in').click();
    const zoomed = await svgWidth();
    assert.ok(zoomed > fitted * 1.4, `${zoomed} after zooming in from ${fitted}`);
    await webview.show({ type: 'show', view: viewOf(model, { scope: 1 }) });
    assert.ok(Math.abs((await svgWidth()) - zoomed) < 1, 'the zoom survives a new version of the same connection');
    await webview.page.locator('#fit-to-width').click();
    await painted(webview);
    const viewport = await webview.page.locator('#viewport').boundingBox();
    const box = await webview.page.locator('#canvas svg').boundingBox();
    assert.ok(viewport && box && box.x >= viewport.x && box.x + box.width <= viewport.x + viewport.width + 1, JSON.stringify({ box, viewport }));
    // Ctrl + wheel zooms.
    await webview.page.mouse.move(viewport.x + viewport.width / 2, viewport.y + viewport.height / 2);
    await webview.page.keyboard.down('Control');
    await webview.page.mouse.wheel(0, -300);
    await webview.page.keyboard.up('Control');
    await webview.page.waitForFunction((before) => (document.querySelector('#canvas svg')?.getBoundingClientRect().width ?? 0) > before * 1.1, box.width);
    // A drag pans, and is no click on the message it started on.
    const message = await scrollToMessage(webview, 2);
    const before = await webview.page.locator('#canvas svg').boundingBox();
    const from = await webview.mark();
    await webview.page.mouse.move(message.arrow.x, message.arrow.y);
    await webview.page.mouse.down();
    await webview.page.mouse.move(message.arrow.x + 60, message.arrow.y + 80, { steps: 5 });
    await webview.page.mouse.up();
    await painted(webview);
    const after = await webview.page.locator('#canvas svg').boundingBox();
    assert.ok(before && after && Math.abs(after.x - before.x - 60) < 2 && Math.abs(after.y - before.y - 80) < 2, JSON.stringify({ before, after }));
    assert.deepEqual((await webview.posted()).slice(from).filter((posted) => posted.type === 'reveal'), []);
    // Another connection is fitted to the width again.
    await webview.show({ type: 'show', view: viewOf(model, { scope: 2 }) });
    await painted(webview);
    const other = await webview.page.locator('#canvas svg').boundingBox();
    assert.ok(other && other.x >= viewport.x && other.x + other.width <= viewport.x + viewport.width + 1);
  });

  test('the same diagram again (another page of a paged capture text) stays drawn and answers with the new version', async () => {
    const model = fixtureModel('capture/http-clean-client-close.pcap');
    const first = viewOf(model);
    await webview.show({ type: 'show', view: first });
    await webview.page.evaluate(() => document.querySelector('#canvas svg')?.setAttribute('data-drawn', 'first'));
    const again = viewOf(model, {}, { highlightPacket: 2 });
    assert.equal(again.window.text, first.window.text);
    const rendered = await webview.show({ type: 'show', view: again });
    assert.deepEqual(rendered, { type: 'rendered', documentVersion: again.documentVersion, messages: model.packetCount, theme: 'vscode-light', viewId: again.id });
    assert.equal(await webview.page.locator('#canvas svg[data-drawn="first"]').count(), 1, 'the diagram was drawn again');
    assert.equal(await webview.page.locator('#canvas .tcp-lens-highlight').count() > 0, true, 'the new view\'s packet is not highlighted');
    await clickEachMessage(webview, model, again, 'arrow');
    // Another diagram is drawn anew.
    await webview.show({ type: 'show', view: viewOf(fixtureModel('capture/refused-syn-rst.pcap')) });
    assert.equal(await webview.page.locator('#canvas svg[data-drawn="first"]').count(), 0);
  });

  test('a second show during a render wins; the first is never drawn', async () => {
    const big = viewOf(fixtureModel('model/syn-flood-crafted.pcap'), { pageSize: 1000 });
    const small = viewOf(fixtureModel('capture/refused-syn-rst.pcap'));
    assert.ok(big.window.messagePackets.length === 1000);
    const from = await webview.mark();
    await webview.page.evaluate(([first, second]) => {
      window.postMessage({ type: 'show', view: first }, '*');
      window.postMessage({ type: 'show', view: second }, '*');
    }, [big, small]);
    await webview.waitForPosted('rendered', from, { documentVersion: small.documentVersion });
    // Long enough for the big render to have ended had it gone on.
    await webview.page.waitForTimeout(3000);
    const posted = (await webview.posted()).slice(from);
    assert.deepEqual(posted.filter((message) => message.type === 'rendered' || message.type === 'renderFailed').map((message) => message.documentVersion), [small.documentVersion]);
    assert.equal(await drawnMessageCount(webview), small.window.messagePackets.length);
    const state = (await webview.recorder()).state;
    assert.deepEqual(state, { documentUri: small.documentUri, scope: 'all', page: 0 });
  });

  test('hostile host and service names are drawn as text and run nothing', async () => {
    const model = fixtureModel('text/hostile-names.txt');
    for (const scope of ['all', 0, 1, 2, 3] as const) {
      const view = viewOf(model, { scope });
      const rendered = await webview.show({ type: 'show', view });
      assert.deepEqual(rendered, { type: 'rendered', documentVersion: view.documentVersion, messages: view.window.messagePackets.length, theme: 'vscode-light', viewId: view.id }, `scope ${scope}`);
      assert.equal(await drawnMessageCount(webview), view.window.messagePackets.length);
      if (scope === 'all') await clickEachMessage(webview, model, view, 'arrow');
      const found = await webview.page.evaluate(() => {
        const svg = document.querySelector('#canvas svg');
        const everything = [...(svg?.querySelectorAll('*') ?? [])];
        return {
          dangerous: everything.filter((element) => ['a', 'foreignobject', 'script', 'img', 'iframe', 'image', 'use'].includes(element.localName.toLowerCase()) && !element.closest('defs')).map((element) => element.outerHTML.slice(0, 80)),
          handlers: everything.flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name) || /javascript:/i.test(attribute.value)).map((attribute) => `${element.localName} ${attribute.name}=${attribute.value}`)),
          text: svg?.textContent ?? '',
        };
      });
      assert.deepEqual(found.dangerous, [], `scope ${scope}`);
      assert.deepEqual(found.handlers, [], `scope ${scope}`);
    }
    const all = viewOf(model);
    await webview.show({ type: 'show', view: all });
    const text = await webview.page.locator('#canvas svg').evaluate((svg) => svg.textContent ?? '');
    for (const name of ['javascript.example', 'end.click.example', 'alert(1)']) assert.ok(text.includes(name), `${name} is shown as text`);
  });

  test('Mermaid stays strict whatever the diagram text says: no handler, link or markup from it, and its directives change nothing', async () => {
    const model = fixtureModel('capture/refused-syn-rst.pcap');
    const good = viewOf(model);
    const messagePackets = good.window.messagePackets.slice(0, 2);
    assert.equal(messagePackets.length, 2);
    const diagram = (directive: string): string =>
      [
        directive,
        'sequenceDiagram',
        '    participant A',
        '    participant B',
        // Under `loose`, Mermaid gives the actor a popup menu opened by an inline onclick, its link neutered to about:blank;
        // under `strict`, neither handler nor link.
        '    links A: {"Dashboard": "javascript:alert(1)"}',
        '    A->>B: <img src=x onerror=alert(2)><b>bold</b>',
        '    B->>A: <a href="javascript:alert(3)">link</a><script>alert(4)</script>',
      ].join('\n');
    const loose = viewOf(model, {}, { window: { ...good.window, text: diagram('%%{init: {"securityLevel": "loose", "themeVariables": {"actorBkg": "#ff0000"}}}%%'), messagePackets } });
    assert.equal((await webview.show({ type: 'show', view: loose })).type, 'rendered');
    const found = await webview.page.evaluate(() => {
      const everything = [...document.querySelectorAll('#canvas svg *')];
      return {
        handlers: everything.flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => `${element.localName} ${attribute.name}`)),
        links: everything.flatMap((element) => [...element.attributes].filter((attribute) => /href$/i.test(attribute.name)).map((attribute) => `${element.localName} ${attribute.name}=${attribute.value}`)),
        markup: everything.filter((element) => ['img', 'b', 'script', 'iframe', 'foreignobject'].includes(element.localName.toLowerCase())).map((element) => element.localName),
        labels: [...document.querySelectorAll('#canvas svg text.messageText')].map((text) => text.textContent ?? ''),
      };
    });
    assert.deepEqual(found.handlers, []);
    assert.deepEqual(found.links, []);
    assert.deepEqual(found.markup, []);
    assert.equal(found.labels.length, 2);
    assert.match(found.labels[0], /<img src=x onerror=alert\(2\)>.*bold/, 'the markup is shown as text');
    // The directive's other keys are dropped as well: the actor keeps the theme's colour.
    assert.equal(await computedColour(webview, '#canvas rect.actor', 'fill'), rgb(LIGHT_MODERN.variables['--vscode-editorWidget-background']));

    // `sandbox` would draw into an iframe (no SVG to show): still drawn as an SVG.
    const sandbox = viewOf(model, {}, { window: { ...good.window, text: diagram('%%{init: {"securityLevel": "sandbox"}}%%'), messagePackets } });
    assert.equal((await webview.show({ type: 'show', view: sandbox })).type, 'rendered');
    assert.equal(await webview.page.locator('#canvas iframe').count(), 0);
    assert.equal(await drawnMessageCount(webview), 2);

    // Mermaid draws into the page while it measures and sanitises the SVG text afterwards: the popup's
    // onclick was there for a moment, and the CSP refused it (no inline handler runs).
    const { violations } = await webview.recorder();
    assert.ok(violations.every((violation) => violation.directive === 'script-src-attr'), JSON.stringify(violations));
    await webview.page.evaluate(() => {
      window.tcpLens.violations = [];
    });
  });

  test('export: a self-contained SVG with the messages, light or in the current theme', async () => {
    const model = fixtureModel('capture/http-clean-client-close.pcap');
    const view = viewOf(model);
    await webview.show({ type: 'show', view });
    await webview.setTheme(DARK_MODERN);
    await webview.waitForPosted('rendered', 0, { theme: 'vscode-dark' });
    for (const [id, theme, background] of [[7, 'light', '#ffffff'], [8, 'current', DARK_MODERN.variables['--vscode-editor-background']]] as const) {
      const from = await webview.mark();
      await webview.send({ type: 'export', id, format: 'svg', theme });
      const exported = await webview.waitForPosted('exported', from, { id });
      assert.equal(exported.format, 'svg');
      const parsed = await webview.page.evaluate((data) => {
        const document = new DOMParser().parseFromString(data, 'image/svg+xml');
        const svg = document.documentElement;
        return {
          error: document.querySelector('parsererror')?.textContent ?? null,
          root: svg.localName,
          namespace: svg.namespaceURI,
          width: svg.getAttribute('width'),
          height: svg.getAttribute('height'),
          viewBox: svg.getAttribute('viewBox'),
          styles: svg.querySelectorAll('style').length,
          background: svg.firstElementChild?.localName === 'rect' ? svg.firstElementChild.getAttribute('fill') : null,
          messages: [...svg.querySelectorAll('[data-et="message"]')].map((arrow) => arrow.previousElementSibling?.textContent ?? ''),
          links: svg.querySelectorAll('a, foreignObject, script').length,
          webviewMarks: svg.querySelectorAll('[data-packet], .tcp-lens-hit').length,
        };
      }, exported.data);
      assert.equal(parsed.error, null);
      assert.equal(parsed.root, 'svg');
      assert.equal(parsed.namespace, 'http://www.w3.org/2000/svg');
      assert.ok(Number(parsed.width) > 0 && Number(parsed.height) > 0, JSON.stringify(parsed));
      assert.equal(parsed.viewBox?.split(' ').slice(2).join(' '), `${parsed.width} ${parsed.height}`);
      assert.equal(parsed.styles, 1);
      assert.equal(parsed.background, background);
      assert.deepEqual(parsed.messages.map(frameInLabel), view.window.messagePackets.map((packet) => model.packets.frame[packet]));
      assert.equal(parsed.links, 0);
      assert.equal(parsed.webviewMarks, 0);
    }
  });

  test('export: a PNG at twice the size of the SVG', async () => {
    const model = fixtureModel('capture/refused-syn-rst.pcap');
    const view = viewOf(model);
    await webview.show({ type: 'show', view });
    let from = await webview.mark();
    await webview.send({ type: 'export', id: 1, format: 'svg', theme: 'light' });
    const svg = await webview.waitForPosted('exported', from, { id: 1 });
    const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg.data);
    assert.ok(size, svg.data.slice(0, 300));
    from = await webview.mark();
    await webview.send({ type: 'export', id: 2, format: 'png', theme: 'light' });
    const png = await webview.waitForPosted('exported', from, { id: 2 });
    assert.equal(png.format, 'png');
    assert.doesNotMatch(png.data, /^data:/);
    const bytes = Buffer.from(png.data, 'base64');
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
    assert.equal(bytes.readUInt32BE(16), Math.round(Number(size[1]) * 2));
    assert.equal(bytes.readUInt32BE(20), Math.round(Number(size[2]) * 2));
  });

  test('messages of the wrong shape are ignored', async () => {
    const model = fixtureModel('capture/refused-syn-rst.pcap');
    const view = viewOf(model);
    const from = await webview.mark();
    const { messagePackets: _dropped, ...windowWithoutPackets } = view.window;
    for (const bad of [
      null,
      'show',
      { type: 'show' },
      { type: 'show', view: { ...view, window: windowWithoutPackets } },
      { type: 'show', view: { ...view, documentVersion: '3' } },
      { type: 'show', view: { ...view, window: { ...view.window, messagePackets: [-1] } } },
      { type: 'highlight', documentVersion: view.documentVersion, packet: 'all' },
      { type: 'export', id: 1, format: 'gif', theme: 'light' },
      { type: 'launch', view },
    ]) {
      await webview.send(bad as unknown as Record<string, unknown>);
    }
    await webview.page.waitForTimeout(500);
    assert.deepEqual((await webview.posted()).slice(from), []);
    assert.equal(await webview.page.locator('#canvas svg').count(), 0);
    // The page still works.
    assert.equal((await webview.show({ type: 'show', view })).type, 'rendered');
  });

  test('a diagram Mermaid cannot draw is reported and shown as text', async () => {
    const model = fixtureModel('capture/refused-syn-rst.pcap');
    const good = viewOf(model);
    const broken = viewOf(model, {}, { window: { ...good.window, text: 'sequenceDiagram\n    A->>: <b>oops</b>\n' } });
    const failed = await webview.show({ type: 'show', view: broken });
    assert.equal(failed.type, 'renderFailed');
    const notice = webview.page.locator('#notice');
    await notice.waitFor({ state: 'visible' });
    assert.match((await notice.textContent()) ?? '', /could not be drawn/);
    assert.equal(await notice.evaluate((element) => element.childElementCount), 0);
    // More packets than messages: the links would be wrong, so it is a failure too.
    const mismatched = viewOf(model, {}, { window: { ...good.window, messagePackets: [...good.window.messagePackets, 0] } });
    const report = await webview.show({ type: 'show', view: mismatched });
    assert.equal(report.type, 'renderFailed');
    assert.match(report.type === 'renderFailed' ? report.message : '', /messages for .* packets/);
  });

  test('the toolbar posts the user’s choices and commands', async () => {
    const model = fixtureModel('unseen/parallel-interleaved.pcap');
    const view = viewOf(model, { scope: 'all', pageSize: 20, page: 1 }, { stale: true });
    await webview.show({ type: 'show', view });
    assert.equal(await webview.page.locator('.page-label').textContent(), `Page 2 of ${view.window.pageCount}`);
    assert.ok(await webview.page.locator('#stale').isVisible());
    const expectPosted = async (click: () => Promise<void>, expected: object) => {
      const from = await webview.mark();
      await click();
      const type = (expected as { type: 'choose' }).type;
      assert.deepEqual(await webview.waitForPosted(type, from), expected);
    };
    await expectPosted(() => webview.page.locator('#next-page').click(), { type: 'choose', scope: 'all', page: 2 });
    await expectPosted(() => webview.page.locator('#previous-page').click(), { type: 'choose', scope: 'all', page: 0 });
    await expectPosted(() => webview.page.locator('#jump-to-cursor').click(), { type: 'jumpToCursor' });
    await expectPosted(() => webview.page.locator('#export').click(), { type: 'command', command: 'export' });
    await expectPosted(() => webview.page.locator('#copy-mermaid').click(), { type: 'command', command: 'copyMermaid' });
    await expectPosted(async () => {
      await webview.page.locator('#scope').click();
      // The dropdown lists the options in the select's shadow root.
      await webview.page.locator('#scope li[role="option"]', { hasText: view.scopes[3].label }).click();
    }, { type: 'choose', scope: view.scopes[3].scope, page: 0 });
    assert.deepEqual((await webview.recorder()).state, { documentUri: view.documentUri, scope: 'all', page: 1 });
    // The last page: no next page.
    await webview.show({ type: 'show', view: viewOf(model, { scope: 'all', pageSize: 20, page: 99 }) });
    assert.equal(await webview.page.locator('#next-page').evaluate((button) => (button as HTMLElement & { disabled: boolean }).disabled), true);
    assert.equal(await webview.page.locator('#stale').isVisible(), false);
  });

  test('a window without packets is drawn empty and says so', async () => {
    const model = fixtureModel('capture/broken-empty.pcap');
    assert.equal(model.packetCount, 0);
    const view = viewOf(model);
    assert.deepEqual(view.window.messagePackets, []);
    const rendered = await webview.show({ type: 'show', view });
    assert.deepEqual(rendered, { type: 'rendered', documentVersion: view.documentVersion, messages: 0, theme: 'vscode-light', viewId: view.id });
    assert.equal(await webview.page.locator('#notice').textContent(), view.strings.noPackets);
  });

  test('a status replaces the diagram', async () => {
    const view = viewOf(fixtureModel('capture/refused-syn-rst.pcap'));
    await webview.show({ type: 'show', view });
    await webview.send({ type: 'status', text: 'Analysing <capture>…' });
    const notice = webview.page.locator('#notice');
    await notice.waitFor({ state: 'visible' });
    assert.equal(await notice.textContent(), 'Analysing <capture>…');
    assert.equal(await webview.page.locator('#canvas svg').count(), 0);
    assert.equal(await webview.page.locator('#toolbar').isVisible(), false);
    // Nothing to export, and it says so.
    const from = await webview.mark();
    await webview.send({ type: 'export', id: 5, format: 'svg', theme: 'light' });
    assert.equal((await webview.waitForPosted('exportFailed', from)).id, 5);
    // A highlight of the old view is ignored; the next view is drawn.
    await webview.send({ type: 'highlight', documentVersion: view.documentVersion, packet: 0, reveal: true });
    const next = viewOf(fixtureModel('capture/refused-syn-rst.pcap'));
    assert.equal((await webview.show({ type: 'show', view: next })).type, 'rendered');
    assert.equal(await webview.page.locator('#toolbar').isVisible(), true);
    assert.equal(await notice.isVisible(), false);
  });
});

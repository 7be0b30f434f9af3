import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import type { Locator } from 'playwright-core';
import { hoverOver, hoverWidget, packetPart } from './editorHover';
import { screenshotTargets } from './screenshots';
import { e2e, UI_TIMEOUT_MS, useWorkbench, type Workbench } from './workbench';

const SAMPLE = 'close-wait-server-never-closes.tcpdump';
const SYN_ACK = 'Flags [S.], seq 2636188205, ack 2011652082';
const SYN_ACK_TIME = '02:55:34.920846';
const CLIENT_FIN = 'Flags [F.], seq 95, ack 1591';
/** Step 3 of the handshake, on line 5 of the sample: it acknowledges the SYN+ACK on line 4. */
const HANDSHAKE_ACK = '02:55:34.920916';
const SYN_ACK_LINE = 4;

function statusItem(workbench: Workbench, text: string): Locator {
  return workbench.page.locator('.statusbar-item', { hasText: text }).first();
}

/** Opens the sample and clicks its client FIN line; returns the line and the status bar item once it shows the state pair there. */
async function atClientFin(workbench: Workbench): Promise<{ fin: Locator; item: Locator }> {
  await workbench.quickOpen(SAMPLE);
  const fin = workbench.line(CLIENT_FIN);
  await fin.waitFor();
  await fin.click();
  const item = statusItem(workbench, 'client FIN_WAIT_1 · server CLOSE_WAIT');
  await item.waitFor();
  return { fin, item };
}

/** The editor down to just below the hover. */
async function screenshot(workbench: Workbench, hover: Locator, name: string): Promise<void> {
  const editor = await workbench.page.locator('.part.editor').boundingBox();
  const shown = await hover.boundingBox();
  assert.ok(editor && shown);
  const height = Math.min(editor.height, shown.y + shown.height + 24 - editor.y);
  for (const target of screenshotTargets(name)) {
    await workbench.page.screenshot({ path: target, clip: { x: editor.x, y: editor.y, width: editor.width, height } });
  }
}

suite('packet hover in the workbench', () => {
  const session = useWorkbench(() => e2e.devUrl);

  test('hovering a packet line shows both endpoints\' states, the step and the arithmetic', async () => {
    const { workbench } = session;
    await workbench.quickOpen(SAMPLE);
    // The cursor on the last, empty line: no word under it highlighted in the screenshot. The mouse on the
    // timestamp, near the start of the line: a token further right would scroll the editor sideways.
    await workbench.activeEditor.locator('.view-line').last().click();
    const hover = await hoverOver(workbench, SYN_ACK, SYN_ACK_TIME, 'three-way handshake');
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /server 192\.0\.2\.2:80 +(SYN_RECEIVED \(unchanged\)|\w+ → SYN_RECEIVED)/);
    assert.match(text, /client 192\.0\.2\.1:40006 +SYN_SENT → ESTABLISHED/);
    assert.match(text, /step 2 of the three-way handshake/);
    assert.match(text, /ack 1 \(raw 2011652082\)/);
    assert.match(text, /2011652081/);
    assert.equal(await hover.locator('code', { hasText: 'ESTABLISHED' }).count() > 0, true, 'the state names are not set as code');
    await screenshot(workbench, hover, 'hover.png');
  });

  test('every packet line starts with both endpoints\' states after it, in a column that keeps the packets aligned', async () => {
    const { workbench } = session;
    await workbench.quickOpen(SAMPLE);
    const synAck = workbench.line(SYN_ACK);
    const fin = workbench.line(CLIENT_FIN);
    const column = (client: string, server: string) => `client ${client.padEnd(12)} · server ${server.padEnd(12)}`;
    // The hints come once the model is made.
    for (const deadline = Date.now() + UI_TIMEOUT_MS; (await workbench.injectedTextOf(fin)) !== column('FIN_WAIT_1', 'CLOSE_WAIT'); ) {
      if (Date.now() > deadline) throw new Error(`the FIN's line shows not its states' column but ${JSON.stringify(await workbench.injectedTextOf(fin))}`);
      await workbench.page.waitForTimeout(100);
    }
    assert.equal(await workbench.injectedTextOf(synAck), column('ESTABLISHED', 'SYN_RECEIVED'));
    assert.equal(await workbench.injectedTextOf(workbench.line('ARP, Request')), '');
    // Drawn before the timestamp, which starts at the same place on both lines.
    const timestampX = async (line: Locator) => (await workbench.textSpans(line).first().boundingBox())?.x;
    const [synAckX, finX] = [await timestampX(synAck), await timestampX(fin)];
    assert.ok(synAckX !== undefined && synAckX === finX, `the packets are not aligned: ${synAckX} and ${finX}`);
    const lineX = (await synAck.boundingBox())?.x ?? 0;
    assert.ok(synAckX > lineX + 100, 'no state column before the timestamp');
  });

  test('the status bar shows the state pair at the cursor; clicking it explains the packet', async () => {
    const { workbench } = session;
    const { fin, item } = await atClientFin(workbench);
    await workbench.line(SYN_ACK).click();
    await statusItem(workbench, 'client ESTABLISHED · server SYN_RECEIVED').waitFor();
    await workbench.line('ARP, Request').click();
    await statusItem(workbench, ' · server ').waitFor({ state: 'hidden' });
    await fin.click();
    await item.click();
    await hoverWidget(workbench, 'CLOSE_WAIT').waitFor();
  });

  test('names from the file stay text in the hover widget: no link but the extension\'s own, no image', async () => {
    const { workbench } = session;
    await workbench.quickOpen('hostile-names.tcpdump');
    const hover = packetPart(await hoverOver(workbench, '12:00:00.000201', '700', 'client.example:[x](evil)'));
    assert.equal(await hover.locator('img').count(), 0);
    const links = await hover.locator('a').evaluateAll((anchors) =>
      anchors.map((anchor) => (anchor as unknown as { getAttribute(name: string): string | null }).getAttribute('data-href') ?? ''),
    );
    // Its own: the connection in the TCP Connections view, the packet in the sequence diagram.
    assert.equal(links.length, 2, `links: ${links.join(' ')}`);
    assert.match(links[0], /^command:tcpLens\.revealConnection\?/);
    assert.match(links[1], /^command:tcpLens\.showSequenceDiagram\?/);

    const html = packetPart(await hoverOver(workbench, '12:00:01.000001', '200', '<img/src=x/onerror=alert(1)>'));
    assert.equal(await html.locator('img, strong:has-text("bold"), em').count(), 0);
    assert.ok((await html.innerText()).includes('_emph_.example:**bold**'));

    const script = packetPart(await hoverOver(workbench, '12:00:03.000001', 'IP', 'www.evil.example:<script>alert(1)</script>'));
    assert.ok((await script.innerText()).includes('mail.example:[x](command%3Aevil)'));
    assert.equal(await script.locator('script, a:not([data-href^="command:tcpLens.revealConnection"]):not([data-href^="command:tcpLens.showSequenceDiagram"])').count(), 0);
  });
});

// Only the `browser` bundle runs here, in the web worker extension host, as on vscode.dev.
suite('packet hover in the web worker extension host', () => {
  const session = useWorkbench(() => e2e.webUrl);

  test('hovering a packet line shows the states and the step', async () => {
    const { workbench } = session;
    await workbench.quickOpen(SAMPLE);
    const hover = await hoverOver(workbench, SYN_ACK, '2636188205', 'three-way handshake');
    assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), /client 192\.0\.2\.1:40006 +SYN_SENT → ESTABLISHED/);
  });

  test('the status bar shows the state pair on a FIN line, and Go to Definition on the handshake\'s ACK goes to the SYN+ACK', async () => {
    const { workbench } = session;
    await atClientFin(workbench);

    await workbench.line(HANDSHAKE_ACK).locator('span', { hasText: /^ack$/ }).first().click();
    await workbench.cursorStatus.filter({ hasText: /^Ln 5,/ }).waitFor();
    await workbench.page.keyboard.press('F12');
    await workbench.cursorStatus.filter({ hasText: new RegExp(`^Ln ${SYN_ACK_LINE},`) }).waitFor();
    assert.equal(await workbench.cursorLine(), SYN_ACK_LINE);
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { connectionSummary, lineOfPacket, packetsOfConnection } from '../../src/core/query';
import { proposedExportUri } from '../../src/extension/diagramExport';
import type { TcpLensApi } from '../../src/extension/extension';
import { editorOf, openHostileNames, putCursorOn, renderOf, setDiagramSetting, showDiagram } from './diagramHelpers';
import { activateTcpLens, closeAllEditors, EXTENSION_ID, waitFor, workspaceFile } from './helpers';
import { TWO_INTERFACES_SAMPLE } from './viewSamples';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function modelOf(api: TcpLensApi, document: vscode.TextDocument): Promise<CaptureModel> {
  const model = await api.modelCache.modelFor(document);
  assert.ok(model, 'no model');
  return model;
}

let exports = 0;
function exportTarget(extension: string): vscode.Uri {
  return workspaceFile(`exported-${Date.now().toString(36)}-${++exports}.${extension}`);
}

async function exportDiagram(format: string, document?: vscode.TextDocument): Promise<{ uri: vscode.Uri; bytes: Uint8Array; text: string }> {
  const uri = exportTarget(format === 'markdown' ? 'md' : format === 'mermaid' ? 'mmd' : format);
  const args = { format, uri: uri.toString(), ...(document ? { document: document.uri.toString() } : {}) };
  const written = await vscode.commands.executeCommand<vscode.Uri>('tcpLens.exportSequenceDiagram', args);
  assert.equal(written?.toString(), uri.toString());
  const bytes = await vscode.workspace.fs.readFile(uri);
  return { uri, bytes, text: new TextDecoder().decode(bytes) };
}

/** `tcp-lens diagram` of the repository's build, run with Node. */
function cliDiagram(file: vscode.Uri, args: string[]): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return execFileSync(process.execPath, [path.join(extension.extensionPath, 'dist', 'cli.js'), 'diagram', file.fsPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
}

/** The Mermaid block of a Markdown export. */
function mermaidBlock(markdown: string): string {
  const block = /```mermaid\n([\s\S]*?)```/.exec(markdown);
  assert.ok(block, `no mermaid block in\n${markdown}`);
  return block[1];
}

interface MarkdownRenderer {
  render(source: string): string;
}
// markdown-it ships no types. Raw HTML on, as GitHub allows some: whatever the capture names must still come out as text.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const markdownIt = require('markdown-it') as (options: object) => MarkdownRenderer;
const renderer = markdownIt({ html: true, linkify: true });

/** The HTML a Markdown export renders to, outside its mermaid block. */
function tableHtml(markdown: string): string {
  return renderer.render(markdown.replace(/```mermaid\n[\s\S]*?```/, ''));
}

/** The arrows Mermaid drew: one line per message, solid or dashed. */
function svgMessageLines(svg: string): number {
  return (svg.match(/<line[^>]*class="messageLine[01]"/g) ?? []).length;
}

suite('exporting the sequence diagram', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(async () => {
    await setDiagramSetting('pageSize', undefined);
    await closeAllEditors();
  });

  test('each format of the panel\'s window: Markdown, Mermaid as the CLI writes it, SVG with its messages, PNG', async () => {
    const file = workspaceFile(TWO_INTERFACES_SAMPLE.name);
    const document = await api.openCaptureAsText(file);
    assert.ok(document);
    const model = await modelOf(api, document);
    const panel = await showDiagram(api, document, { connection: 1 });
    const { view } = await renderOf(panel, 'connection #1', (shown) => shown.window.scope === 1);

    const markdown = await exportDiagram('markdown', document);
    assert.equal(mermaidBlock(markdown.text), view.window.text.endsWith('\n') ? view.window.text : `${view.window.text}\n`);
    const summary = connectionSummary(model, 1);
    const table = tableHtml(markdown.text);
    assert.match(table, /<table>/);
    assert.ok(table.includes(`<td>${summary.clientText}</td>`), `the table does not name the client ${summary.clientText}:\n${table}`);
    assert.ok(table.includes(`<td>${summary.serverText}</td>`), `the table does not name the server ${summary.serverText}:\n${table}`);
    assert.equal(markdown.text, cliDiagram(file, ['--conn', '1', '--format', 'markdown']));

    const mermaid = await exportDiagram('mermaid', document);
    assert.equal(mermaid.text, view.window.text);
    assert.equal(mermaid.text, cliDiagram(file, ['--conn', '1']));

    const svg = await exportDiagram('svg', document);
    assert.match(svg.text, /^<\?xml[^>]*>\s*<svg[\s>]/);
    assert.equal(svgMessageLines(svg.text), view.window.messagePackets.length);
    assert.ok((svg.text.match(/class="messageText"/g) ?? []).length >= view.window.messagePackets.length);

    const png = await exportDiagram('png', document);
    assert.deepEqual([...png.bytes.subarray(0, 8)], PNG_SIGNATURE);
    assert.ok(png.bytes.length > 1000, `a PNG of ${png.bytes.length} bytes`);
  });

  test('without a panel: the connection and page of the cursor\'s packet; SVG opens the panel to draw', async () => {
    await setDiagramSetting('pageSize', 10);
    const file = workspaceFile('dupack-fast-retransmit.pcap');
    const document = await api.openCaptureAsText(file);
    assert.ok(document);
    const model = await modelOf(api, document);
    putCursorOn(editorOf(document), lineOfPacket(model, 25));
    assert.equal(api.diagrams.panelOf(document.uri), undefined);
    const mermaid = await exportDiagram('mermaid');
    assert.equal(mermaid.text, cliDiagram(file, ['--conn', '0', '--page', '3', '--page-size', '10']));
    assert.equal(api.diagrams.panelOf(document.uri), undefined, 'a text export opened a panel');

    const svg = await exportDiagram('svg', document);
    const panel = api.diagrams.panelOf(document.uri);
    assert.ok(panel, 'the SVG export opened no panel');
    assert.equal(panel.view?.window.page, 2);
    assert.equal(svgMessageLines(svg.text), 10);
    assert.deepEqual([...(panel.view?.window.messagePackets ?? [])], [...packetsOfConnection(model, 0).subarray(20, 30)]);
  });

  test('a hidden panel is shown again to draw its image', async () => {
    const document = await api.openCaptureAsText(workspaceFile('http-clean-client-close.pcap'));
    assert.ok(document);
    const panel = await showDiagram(api, document);
    const { view } = await renderOf(panel, 'the capture');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'notes' }), { viewColumn: panel.webviewPanel.viewColumn });
    await waitFor('the panel hidden', () => !panel.webviewPanel.visible);
    const svg = await exportDiagram('svg', document);
    assert.equal(svgMessageLines(svg.text), view.window.messagePackets.length);
  });

  test('a capture with hostile names exports inert text', async () => {
    const document = await openHostileNames();
    const model = await modelOf(api, document);
    const panel = await showDiagram(api, document);
    panel.receive({ type: 'choose', scope: 'all', page: 0 });
    const { view } = await renderOf(panel, 'every connection', (shown) => shown.window.scope === 'all');

    const markdown = await exportDiagram('markdown', document);
    const block = mermaidBlock(markdown.text);
    assert.doesNotMatch(block, /%%\{|^\s*click\s|^\s*%%/m, 'a directive or a click came through');
    const table = tableHtml(markdown.text);
    assert.doesNotMatch(table, /<(script|img|b|a)\b/i, `HTML or a link came through the table:\n${table}`);
    assert.ok(table.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `the name with a script tag is not shown as text:\n${table}`);

    const svg = await exportDiagram('svg', document);
    assert.equal(svgMessageLines(svg.text), model.packetCount);
    assert.equal(view.window.messagePackets.length, model.packetCount);
    assert.doesNotMatch(svg.text, /<script|<img|<iframe|<foreignObject|\son\w+=|javascript:|<a[\s>]/i);
    // The names are there, as text.
    assert.ok(svg.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the name with a script tag is not shown as text');
  });

  test('the proposed file is beside the capture: beside the pcap for its text view', async () => {
    const pcap = workspaceFile('http-clean-client-close.pcap');
    const document = await api.openCaptureAsText(pcap);
    assert.ok(document);
    assert.equal(proposedExportUri(document.uri, 'markdown')?.toString(), workspaceFile('http-clean-client-close.diagram.md').toString());
    assert.equal(proposedExportUri(document.uri, 'png')?.toString(), workspaceFile('http-clean-client-close.diagram.png').toString());
    const text = await vscode.workspace.openTextDocument(workspaceFile('simultaneous-open.tcpdump'));
    assert.equal(proposedExportUri(text.uri, 'mermaid')?.toString(), workspaceFile('simultaneous-open.diagram.mmd').toString());
  });

  test('Copy Mermaid puts the window\'s text on the clipboard', async () => {
    const document = await api.openCaptureAsText(workspaceFile('http-clean-client-close.pcap'));
    assert.ok(document);
    const panel = await showDiagram(api, document);
    const { view } = await renderOf(panel, 'the capture');
    const copied = await vscode.commands.executeCommand<string>('tcpLens.copyMermaid');
    assert.equal(copied, view.window.text);
    assert.equal(await vscode.env.clipboard.readText(), view.window.text);
  });
});

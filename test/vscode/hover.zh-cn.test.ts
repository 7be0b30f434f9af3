import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { describePacket } from '../../src/core/explain/describePacket';
import type { Message } from '../../src/core/explain/message';
import { MESSAGES } from '../../src/core/explain/messages';
import { packetAtLine } from '../../src/core/query';
import { workspaceFile } from './helpers';
import { hoverMarkdown, lineContaining, shownLines, shownMessage } from './hoverHelpers';
import { zhCnSession } from './zhCn';

// Runs with the display language zh-cn (scripts/runVscodeTests.mjs): the extension's own bundles are used.
suite('TCP Lens in Simplified Chinese', () => {
  const zh = zhCnSession();

  test('the commands and settings have their Chinese titles from package.nls.zh-cn.json', () => {
    const chinese = JSON.parse(readFileSync(path.join(zh.extension.extensionPath, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    type Localised = string | { value: string; original: string };
    const manifest = zh.extension.packageJSON as {
      contributes: { commands: { command: string; title: Localised }[]; configuration: { properties: Record<string, { markdownDescription: string }> } };
    };
    // A localised command title carries the English original too.
    const titles = Object.fromEntries(
      manifest.contributes.commands.map((command) => [command.command, typeof command.title === 'string' ? command.title : command.title.value]),
    );
    assert.equal(titles['tcpLens.explainPacketAtCursor'], chinese['tcpLens.explainPacketAtCursor.title']);
    assert.equal(titles['tcpLens.openCaptureAsText'], chinese['tcpLens.openCaptureAsText.title']);
    assert.equal(manifest.contributes.configuration.properties['tcpLens.numbers'].markdownDescription, chinese['tcpLens.numbers.description']);
  });

  test('the hover speaks Chinese: its labels, the steps, the notes and the arithmetic; the state names stay RFC 793\'s', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('close-wait-server-never-closes.tcpdump'));
    for (const text of ['Flags [S.], seq 2636188205', 'Flags [.], seq 1:1449', 'Flags [F.], seq 95']) {
      const line = lineContaining(document, text);
      const model = await zh.api.modelCache.modelFor(document);
      assert.ok(model);
      const description = describePacket(model, packetAtLine(model, line + 1));
      const markdown = await hoverMarkdown(document, line);
      const messages: Message[] = [
        ...description.steps,
        ...description.sender.notes,
        ...description.receiver.notes,
        ...description.options,
        ...description.events.map((event) => event.explanation),
        ...description.findings.map((finding) => finding.summary),
      ];
      messages.push(description.seq.explanation, description.window.explanation, ...description.findings.map((finding) => finding.meaning));
      if (description.ack) messages.push(description.ack.explanation);
      for (const m of messages) {
        assert.ok(zh.bundle[MESSAGES[m.key]], `no Chinese for ${m.key}: ${MESSAGES[m.key]}`);
        assert.ok(markdown.value.includes(shownMessage(m, zh.bundle)), `the hover lacks the Chinese of ${m.key}\n---\n${markdown.value}`);
      }
      const shown = shownLines(markdown);
      const roles = shown.slice(0, 2).map((entry) => entry.split(' ')[0]).sort();
      assert.deepEqual(roles, ['客户端', '服务器']);
      for (const label of ['标志位', 'seq（序号）', '长度', '窗口']) assert.ok(shown.some((entry) => entry.startsWith(`${label} `)), `no ${label} line`);
      for (const english of ['Flags ', 'Length ', 'Window ', 'client ', 'server ']) {
        assert.ok(!shown.some((entry) => entry.startsWith(english)), `English left: ${english}`);
      }
    }
    const synAck = shownLines(await hoverMarkdown(document, lineContaining(document, 'Flags [S.], seq 2636188205')));
    assert.match(synAck[1], /^客户端 192\.0\.2\.1:40006 +SYN_SENT → ESTABLISHED$/);
    assert.match(synAck.find((entry) => entry.startsWith('ack')) ?? '', /^ack（确认号） 1（原始值 2011652082）/);
  });
});

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { activateTcpLens, EXTENSION_ID } from './helpers';

// Runs with the display language zh-cn (scripts/run-vscode-tests.mjs): the extension's own bundles are used.
suite('TCP Lens in Simplified Chinese', () => {
  let extension: vscode.Extension<unknown>;
  suiteSetup(async () => {
    await activateTcpLens();
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found);
    extension = found;
  });

  test('the display language is zh-cn', () => {
    assert.equal(vscode.env.language, 'zh-cn');
  });

  test('the commands and settings have their Chinese titles from package.nls.zh-cn.json', () => {
    const chinese = JSON.parse(readFileSync(path.join(extension.extensionPath, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    type Localised = string | { value: string; original: string };
    const manifest = extension.packageJSON as {
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
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'tcp-lens.tcp-lens';

export async function activateTcpLens(): Promise<TcpLensApi> {
  const extension = vscode.extensions.getExtension<TcpLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (the prepared test workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Polls until `probe` returns something truthy; the extension host and the workbench update asynchronously. */
export async function waitFor<T>(description: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Closes every editor, reverting edited documents first (closing one would ask whether to save it).
 * Only documents in a tab: VS Code edits some in the background (settings.json when it migrates a
 * setting at startup), and those cannot be shown in the meantime.
 */
export async function closeAllEditors(): Promise<void> {
  const inTabs = new Set(
    vscode.window.tabGroups.all.flatMap((group) => group.tabs).flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri.toString()] : [])),
  );
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty && inTabs.has(candidate.uri.toString()))) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function openDocumentWithUri(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
}

/** A long tcpdump text: one connection's handshake, then `segments` data segments, each acknowledged. */
export function longConversation(segments: number): string {
  const lines = [
    '12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 64240, length 0',
    '12:00:00.000201 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 700, ack 101, win 65160, length 0',
    '12:00:00.000401 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 701, win 502, length 0',
  ];
  for (let i = 0; i < segments; i++) {
    const micros = 1000 + i * 10;
    const time = `12:00:${String(Math.floor(micros / 1e6)).padStart(2, '0')}.${String(micros % 1e6).padStart(6, '0')}`;
    const seq = 701 + i * 100;
    lines.push(`${time} IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [P.], seq ${seq}:${seq + 100}, ack 101, win 509, length 100`);
    lines.push(`${time} IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack ${seq + 100}, win 502, length 0`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Runs `work` while a 10 ms timer ticks on the extension host, and says how long the host's thread was
 * held at most (the longest gap between ticks) and how long the work took.
 */
export async function whileTicking<T>(work: () => Promise<T>): Promise<{ value: T; longestGapMs: number; durationMs: number }> {
  const started = Date.now();
  const ticks: number[] = [started];
  const timer = setInterval(() => ticks.push(Date.now()), 10);
  let value: T;
  try {
    value = await work();
  } finally {
    clearInterval(timer);
  }
  const finished = Date.now();
  ticks.push(finished);
  let longestGapMs = 0;
  for (let i = 1; i < ticks.length; i++) longestGapMs = Math.max(longestGapMs, ticks[i] - ticks[i - 1]);
  return { value, longestGapMs, durationMs: finished - started };
}

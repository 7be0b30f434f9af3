/** What every extension-host suite run with the display language zh-cn (scripts/runVscodeTests.mjs) starts with. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors, EXTENSION_ID } from './helpers';

/** Chinese characters: a sentence that has them was translated. */
export const CHINESE = /[\u4e00-\u9fff]/;

export interface ZhCnSession {
  readonly api: TcpLensApi;
  readonly extension: vscode.Extension<unknown>;
  /** The extension's own l10n/bundle.l10n.zh-cn.json. */
  readonly bundle: Readonly<Record<string, string>>;
}

/**
 * Called in a suite: TCP Lens activated and its Chinese bundle read before the tests (the session's
 * fields are there from then on), every editor closed after each, and a first test that the display
 * language is zh-cn.
 */
export function zhCnSession(): ZhCnSession {
  let session: ZhCnSession | undefined;
  suiteSetup(async () => {
    const api = await activateTcpLens();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const bundle = JSON.parse(readFileSync(path.join(extension.extensionPath, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    session = { api, extension, bundle };
  });
  teardown(closeAllEditors);
  test('the display language is zh-cn', () => {
    assert.equal(vscode.env.language, 'zh-cn');
  });
  const started = (): ZhCnSession => {
    assert.ok(session, 'the zh-cn session is used before its suite setup');
    return session;
  };
  return {
    get api() {
      return started().api;
    },
    get extension() {
      return started().extension;
    },
    get bundle() {
      return started().bundle;
    },
  };
}

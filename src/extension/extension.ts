import * as vscode from 'vscode';
import { registerCaptureDocuments } from './captureDocument';
import { CaptureTextFileSystem, type OpenCaptureOptions } from './captureTextFileSystem';
import { registerLanguageSwitching } from './languageSwitch';
import { ModelCache } from './modelCache';

/** What `activate` returns: other extensions and the extension-host tests reach TCP Lens through it. */
export interface TcpLensApi {
  readonly modelCache: ModelCache;
  openCaptureAsText(fileUri: vscode.Uri, options?: OpenCaptureOptions): Promise<vscode.TextDocument | undefined>;
}

export function activate(context: vscode.ExtensionContext): TcpLensApi {
  const captures = new CaptureTextFileSystem();
  const modelCache = new ModelCache(captures);
  context.subscriptions.push(captures, modelCache, registerCaptureDocuments(captures), registerLanguageSwitching());
  return {
    modelCache,
    openCaptureAsText: (fileUri, options) => captures.open(fileUri, options),
  };
}

export function deactivate(): void {}

import * as vscode from 'vscode';
import { registerCaptureDocuments } from './captureDocument';
import { CaptureTextFileSystem, type OpenCaptureOptions } from './captureTextFileSystem';
import { registerCodeLens } from './codeLens';
import { registerConnectionsTree, type ConnectionsTree } from './connectionsTree';
import { registerDiagnostics } from './diagnostics';
import { registerLanguageSwitching } from './languageSwitch';
import { ModelCache } from './modelCache';
import { registerOutline } from './outline';

/** What `activate` returns: other extensions and the extension-host tests reach TCP Lens through it. */
export interface TcpLensApi {
  readonly modelCache: ModelCache;
  readonly connectionsTree: ConnectionsTree;
  openCaptureAsText(fileUri: vscode.Uri, options?: OpenCaptureOptions): Promise<vscode.TextDocument | undefined>;
}

export function activate(context: vscode.ExtensionContext): TcpLensApi {
  const captures = new CaptureTextFileSystem();
  const modelCache = new ModelCache(captures);
  context.subscriptions.push(captures, modelCache, registerCaptureDocuments(captures), registerLanguageSwitching());
  context.subscriptions.push(registerOutline(modelCache));
  context.subscriptions.push(registerCodeLens(modelCache));
  context.subscriptions.push(registerDiagnostics(modelCache));
  const connectionsTree = registerConnectionsTree(modelCache);
  context.subscriptions.push(connectionsTree);
  return {
    modelCache,
    connectionsTree,
    openCaptureAsText: (fileUri, options) => captures.open(fileUri, options),
  };
}

export function deactivate(): void {}

import * as vscode from 'vscode';
import { registerCaptureDocuments } from './captureDocument';
import { CaptureTextFileSystem, type OpenCaptureOptions } from './captureTextFileSystem';
import { registerLanguageSwitching } from './languageSwitch';
import { ModelCache } from './modelCache';
import { registerAckDefinition } from './ackDefinition';
import { registerConnectionReferences } from './connectionReferences';
import { registerPacketHover } from './packetHover';
import { PacketLookup } from './packetLookup';
import { registerPacketStatusBar } from './packetStatusBar';

/** What `activate` returns: other extensions and the extension-host tests reach TCP Lens through it. */
export interface TcpLensApi {
  readonly modelCache: ModelCache;
  openCaptureAsText(fileUri: vscode.Uri, options?: OpenCaptureOptions): Promise<vscode.TextDocument | undefined>;
}

export function activate(context: vscode.ExtensionContext): TcpLensApi {
  const captures = new CaptureTextFileSystem();
  const modelCache = new ModelCache(captures);
  context.subscriptions.push(captures, modelCache, registerCaptureDocuments(captures), registerLanguageSwitching());
  const packets = new PacketLookup(modelCache);
  context.subscriptions.push(packets, registerPacketHover(packets), registerPacketStatusBar(packets));
  context.subscriptions.push(registerAckDefinition(packets), registerConnectionReferences(packets));
  return {
    modelCache,
    openCaptureAsText: (fileUri, options) => captures.open(fileUri, options),
  };
}

export function deactivate(): void {}

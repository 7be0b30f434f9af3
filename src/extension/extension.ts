import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { startAnalysisService } from './analysisWorkers';
import { registerCaptureDocuments } from './captureDocument';
import { CaptureTextFileSystem, type OpenCaptureOptions } from './captureTextFileSystem';
import { FindingSettings } from './findingSettings';
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
  /** The analysis worker behind the model cache. */
  readonly analysisService: AnalysisService;
  openCaptureAsText(fileUri: vscode.Uri, options?: OpenCaptureOptions): Promise<vscode.TextDocument | undefined>;
}

export function activate(context: vscode.ExtensionContext): TcpLensApi {
  const analysisService = startAnalysisService(context.extensionUri);
  const settings = new FindingSettings();
  const captures = new CaptureTextFileSystem(analysisService, settings);
  const modelCache = new ModelCache(analysisService, captures, settings);
  context.subscriptions.push(
    analysisService,
    settings,
    captures,
    modelCache,
    registerCaptureDocuments(captures),
    registerLanguageSwitching(),
  );
  const packets = new PacketLookup(modelCache);
  context.subscriptions.push(packets, registerPacketHover(packets), registerPacketStatusBar(packets));
  context.subscriptions.push(registerAckDefinition(packets), registerConnectionReferences(packets));
  return {
    modelCache,
    analysisService,
    openCaptureAsText: (fileUri, options) => captures.open(fileUri, options),
  };
}

export function deactivate(): void {}

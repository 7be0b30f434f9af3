import * as vscode from 'vscode';
import { registerAckDefinition } from './ackDefinition';
import type { AnalysisService } from './analysisService';
import { startAnalysisService } from './analysisWorkers';
import { registerCaptureDocuments } from './captureDocument';
import { CaptureTextFileSystem, type OpenCaptureOptions } from './captureTextFileSystem';
import { registerCapturePageCommands } from './capturePageCommands';
import { registerCaptureSearch } from './captureSearch';
import { registerCodeLens } from './codeLens';
import { registerConnectionReferences } from './connectionReferences';
import { registerConnectionsTree, type ConnectionsTree } from './connectionsTree';
import { registerDiagnostics } from './diagnostics';
import { registerDiagramCommands } from './diagramCommands';
import { DiagramPanels, type DiagramsApi } from './diagramPanels';
import { FindingSettings } from './findingSettings';
import { registerLanguageSwitching } from './languageSwitch';
import { registerLargeTextFiles } from './largeTextFiles';
import { ModelCache } from './modelCache';
import { registerOutline } from './outline';
import { registerPacketHover } from './packetHover';
import { PacketLookup } from './packetLookup';
import { registerPacketStatusBar } from './packetStatusBar';
import { registerStateHints } from './stateHints';

/** What `activate` returns: other extensions and the extension-host tests reach TCP Lens through it. */
export interface TcpLensApi {
  readonly modelCache: ModelCache;
  readonly connectionsTree: ConnectionsTree;
  /** The analysis worker behind the model cache. */
  readonly analysisService: AnalysisService;
  /** The sequence diagram panels. */
  readonly diagrams: DiagramsApi;
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
    registerCapturePageCommands(captures, modelCache),
    registerCaptureSearch(captures, modelCache),
    registerLargeTextFiles(captures),
  );
  context.subscriptions.push(registerOutline(modelCache));
  context.subscriptions.push(registerCodeLens(modelCache));
  context.subscriptions.push(registerDiagnostics(modelCache));
  const connectionsTree = registerConnectionsTree(modelCache);
  context.subscriptions.push(connectionsTree);
  const packets = new PacketLookup(modelCache);
  context.subscriptions.push(packets, registerPacketHover(packets), registerPacketStatusBar(packets), registerStateHints(packets));
  context.subscriptions.push(registerAckDefinition(packets), registerConnectionReferences(packets));
  const diagrams = new DiagramPanels(context.extensionUri, modelCache, packets);
  context.subscriptions.push(
    diagrams,
    registerDiagramCommands({ panels: diagrams, models: modelCache, openCaptureAsText: (fileUri) => captures.open(fileUri) }),
  );
  return {
    modelCache,
    connectionsTree,
    analysisService,
    diagrams,
    openCaptureAsText: (fileUri, options) => captures.open(fileUri, options),
  };
}

export function deactivate(): void {}

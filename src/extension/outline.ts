/**
 * Document symbols of a capture: its connections, each with its phases (handshake, data, close) and
 * their lines. They feed the Outline view, the breadcrumbs and Go to Symbol in Editor; the workspace
 * symbol provider offers the connections of every open capture to Go to Symbol in Workspace.
 */
import * as vscode from 'vscode';
import type { CaptureModel } from '../core/model/captureModel';
import { connectionSummary, lastLineOfPacket, lineOfPacket, type ConnectionSummary } from '../core/query';
import { connectionKindText, connectionName, linesText, packetCountText, phaseText } from './connectionText';
import { lineAt, lineRange, showsLines } from './documentLines';
import type { ModelCache } from './modelCache';

/** More connections than this are not listed (the outline of 100 000 would only slow the editor down): the TCP Connections view has them all. */
export const MAX_OUTLINE_CONNECTIONS = 5000;

/** At most this many connections answer one Go to Symbol in Workspace query. */
const MAX_WORKSPACE_SYMBOLS = 500;

export function connectionSymbols(document: vscode.TextDocument, model: CaptureModel): vscode.DocumentSymbol[] {
  const shown = Math.min(model.connections.length, MAX_OUTLINE_CONNECTIONS);
  const symbols: vscode.DocumentSymbol[] = [];
  for (let connection = 0; connection < shown; connection++) {
    const { firstIndex, lastIndex } = model.connections[connection];
    if (!showsLines(document, lineOfPacket(model, firstIndex), lastLineOfPacket(model, lastIndex))) continue;
    symbols.push(connectionSymbol(document, model, connectionSummary(model, connection)));
  }
  const left = model.connections.length - shown;
  if (left > 0) {
    const last = lineAt(document, document.lineCount);
    symbols.push(
      new vscode.DocumentSymbol(
        vscode.l10n.t('… {0} more connections (the TCP Connections view lists them all)', left),
        '',
        vscode.SymbolKind.Null,
        last,
        last,
      ),
    );
  }
  return symbols;
}

function connectionSymbol(document: vscode.TextDocument, model: CaptureModel, summary: ConnectionSummary): vscode.DocumentSymbol {
  const { firstIndex, lastIndex } = summary.connection;
  const firstLine = lineOfPacket(model, firstIndex);
  const symbol = new vscode.DocumentSymbol(
    connectionName(summary.connection),
    `${connectionKindText(summary.connection)} · ${packetCountText(summary.packets)}`,
    vscode.SymbolKind.Module,
    lineRange(document, firstLine, lastLineOfPacket(model, lastIndex)),
    lineAt(document, firstLine),
  );
  const phasesShown = summary.phases.filter((phase) => showsLines(document, lineOfPacket(model, phase.firstPacket), lastLineOfPacket(model, phase.lastPacket)));
  symbol.children = phasesShown.map((phase) => {
    const first = lineOfPacket(model, phase.firstPacket);
    const last = lastLineOfPacket(model, phase.lastPacket);
    return new vscode.DocumentSymbol(
      phaseText(phase.phase),
      linesText(first, last),
      vscode.SymbolKind.Event,
      lineRange(document, first, last),
      lineAt(document, first),
    );
  });
  return symbol;
}

class ConnectionSymbolProvider implements vscode.DocumentSymbolProvider, vscode.WorkspaceSymbolProvider {
  constructor(private readonly modelCache: ModelCache) {}

  async provideDocumentSymbols(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentSymbol[]> {
    const model = await this.modelCache.currentModel(document, token);
    if (!model || token.isCancellationRequested) return [];
    return connectionSymbols(document, model);
  }

  /** Connections of the open captures already analysed, whose name contains the query. */
  provideWorkspaceSymbols(query: string, token: vscode.CancellationToken): vscode.SymbolInformation[] {
    const wanted = query.trim().toLowerCase();
    const found: vscode.SymbolInformation[] = [];
    for (const document of vscode.workspace.textDocuments) {
      const model = this.modelCache.isModelled(document) ? this.modelCache.peek(document)?.model : undefined;
      if (!model) continue;
      for (let connection = 0; connection < model.connections.length; connection++) {
        if (found.length >= MAX_WORKSPACE_SYMBOLS || token.isCancellationRequested) return found;
        const record = model.connections[connection];
        const name = connectionName(record);
        if (wanted && !name.toLowerCase().includes(wanted)) continue;
        if (!showsLines(document, lineOfPacket(model, record.firstIndex))) continue;
        const line = lineAt(document, lineOfPacket(model, record.firstIndex));
        found.push(new vscode.SymbolInformation(name, vscode.SymbolKind.Module, connectionKindText(record), new vscode.Location(document.uri, line)));
      }
    }
    return found;
  }
}

export function registerOutline(modelCache: ModelCache): vscode.Disposable {
  const provider = new ConnectionSymbolProvider(modelCache);
  return vscode.Disposable.from(
    vscode.languages.registerDocumentSymbolProvider({ language: 'tcpdump' }, provider, { label: vscode.l10n.t('TCP connections') }),
    vscode.languages.registerWorkspaceSymbolProvider(provider),
  );
}

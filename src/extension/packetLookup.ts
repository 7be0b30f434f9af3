import * as vscode from 'vscode';
import type { CaptureModel } from '../core/model/captureModel';
import { lastLineOfPacket, lineOfPacket, packetAtLine } from '../core/query';
import type { ModelCache } from './modelCache';

/** The packet a line of a document shows, in the model that answered. */
export interface PacketAtLine {
  readonly model: CaptureModel;
  readonly packet: number;
  /** The model is of the document's current text (else of an older version, whose lines may have moved). */
  readonly current: boolean;
}

/** What the features here ask of the model cache. */
export type CaptureModels = Pick<ModelCache, 'isModelled' | 'currentModel' | 'peek' | 'onDidChangeModel'>;

/** One edit event: the document's version after it and its changes, in the order they were applied. */
interface RecordedEdit {
  readonly version: number;
  readonly changes: readonly LineChange[];
}

/** From `startLine` (0-based), `oldLines` lines of the text before became `newLines` lines. */
interface LineChange {
  readonly startLine: number;
  readonly oldLines: number;
  readonly newLines: number;
}

/** Edits remembered per document: enough to span the few versions a rebuild lags behind typing. */
const MAX_RECORDED_EDITS = 256;

/**
 * Answers "which packet is on this line" for the hover, the status bar and
 * the navigation. The current version's model answers at once; while a newer
 * version is being analysed, the last good (stale) model answers too, but
 * only for a line that no edit since that version has touched (mapped to
 * where it was then); otherwise the answer waits for the current model.
 */
export class PacketLookup implements vscode.Disposable {
  private readonly edits = new Map<string, RecordedEdit[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(readonly models: CaptureModels) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || !models.isModelled(event.document)) return;
        const key = event.document.uri.toString();
        const recorded = this.edits.get(key) ?? [];
        recorded.push({ version: event.document.version, changes: event.contentChanges.map(lineChange) });
        if (recorded.length > MAX_RECORDED_EDITS) recorded.splice(0, recorded.length - MAX_RECORDED_EDITS);
        this.edits.set(key, recorded);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.edits.delete(document.uri.toString())),
    ];
  }

  /**
   * Without waiting: the packet on `line` (0-based) from the current model,
   * or from a stale one where the line still maps; `null` for a line that
   * shows no packet; `undefined` when only the current model can tell.
   */
  peek(document: vscode.TextDocument, line: number): PacketAtLine | null | undefined {
    const snapshot = this.models.peek(document);
    if (!snapshot) return undefined;
    const current = !snapshot.stale && snapshot.version === document.version;
    const lineThen = current ? line : this.lineInVersion(document, line, snapshot.version);
    if (lineThen === undefined) return undefined;
    const packet = packetAtLine(snapshot.model, lineThen + 1);
    return packet < 0 ? null : { model: snapshot.model, packet, current };
  }

  /** The packet on `line` (0-based), waiting for the current model when the last one cannot tell. */
  async at(document: vscode.TextDocument, line: number, token?: vscode.CancellationToken): Promise<PacketAtLine | undefined> {
    const known = this.peek(document, line);
    return known !== undefined ? known ?? undefined : this.inCurrentModel(document, line, token);
  }

  /** The packet on `line` (0-based) in the model of the current text (joining a rebuild under way): for answers that point at other lines. */
  async inCurrentModel(document: vscode.TextDocument, line: number, token?: vscode.CancellationToken): Promise<PacketAtLine | undefined> {
    const model = await this.models.currentModel(document, token);
    if (!model || token?.isCancellationRequested) return undefined;
    const packet = packetAtLine(model, line + 1);
    return packet < 0 ? undefined : { model, packet, current: true };
  }

  /** Where a line of the current text was in `version`, or undefined when an edit since then touched it. */
  private lineInVersion(document: vscode.TextDocument, line: number, version: number): number | undefined {
    if (version === document.version) return line;
    const recorded = this.edits.get(document.uri.toString()) ?? [];
    const since = recorded.filter((edit) => edit.version > version);
    // Every version after `version` must be known, or an unrecorded edit may have moved the line.
    if (since.length !== document.version - version || since[0]?.version !== version + 1) return undefined;
    let mapped = line;
    for (let e = since.length - 1; e >= 0; e--) {
      const changes = since[e].changes;
      for (let c = changes.length - 1; c >= 0; c--) {
        const { startLine, oldLines, newLines } = changes[c];
        if (mapped < startLine) continue;
        if (mapped < startLine + newLines) return undefined;
        mapped += oldLines - newLines;
      }
    }
    return mapped;
  }

  dispose(): void {
    this.edits.clear();
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

function lineChange(change: vscode.TextDocumentContentChangeEvent): LineChange {
  const { start, end } = change.range;
  let breaks = 0;
  for (let at = change.text.indexOf('\n'); at >= 0; at = change.text.indexOf('\n', at + 1)) breaks++;
  // Whole lines inserted, deleted or replaced (a line pasted or removed): the line after them is untouched.
  const wholeLines = start.character === 0 && end.character === 0 && (change.text === '' || change.text.endsWith('\n'));
  return wholeLines
    ? { startLine: start.line, oldLines: end.line - start.line, newLines: breaks }
    : { startLine: start.line, oldLines: end.line - start.line + 1, newLines: breaks + 1 };
}

/** A packet's lines in the document its model was made from: its first line to its last continuation line. */
export function packetRange(document: vscode.TextDocument, model: CaptureModel, packet: number): vscode.Range {
  const first = Math.min(lineOfPacket(model, packet) - 1, document.lineCount - 1);
  const last = Math.min(Math.max(lastLineOfPacket(model, packet) - 1, first), document.lineCount - 1);
  return new vscode.Range(first, 0, last, document.lineAt(last).text.length);
}

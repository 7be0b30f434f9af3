import * as vscode from 'vscode';
import { analyzeBytes, analyzeText } from '../core/analyze';
import type { CaptureTextFileSystem } from './captureTextFileSystem';
import { baseName, CAPTURE_TEXT_SCHEME } from './captureUris';
import { TCPDUMP_LANGUAGE_ID } from './languageSwitch';

export type Analysis = ReturnType<typeof analyzeText>;

export interface ModelChange {
  document: vscode.TextDocument;
  model: Analysis;
}

interface CachedModel {
  version: number;
  model: Analysis;
}

/** How long typing must pause before an edited document is analysed again. */
export const MODEL_REBUILD_DELAY_MS = 300;

/**
 * One analysed model per document version, shared by every feature. A feature asking for the model of
 * the current version gets it at once (computed on demand if needed); after an edit the model is rebuilt
 * once typing pauses and `onDidChangeModel` tells features to refresh.
 */
export class ModelCache implements vscode.Disposable {
  private readonly models = new Map<string, CachedModel>();
  private readonly pendingRebuilds = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changeEmitter = new vscode.EventEmitter<ModelChange>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeModel = this.changeEmitter.event;

  constructor(
    private readonly captures: CaptureTextFileSystem,
    private readonly rebuildDelayMs = MODEL_REBUILD_DELAY_MS,
  ) {
    this.subscriptions = [
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((change) => {
        if (change.contentChanges.length > 0 && this.isModelled(change.document)) this.scheduleRebuild(change.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
    ];
  }

  isModelled(document: vscode.TextDocument): boolean {
    return document.languageId === TCPDUMP_LANGUAGE_ID;
  }

  /** The model of the document's current version; undefined for a document that is not a capture. */
  modelFor(document: vscode.TextDocument): Analysis | undefined {
    if (!this.isModelled(document)) return undefined;
    const key = document.uri.toString();
    const cached = this.models.get(key);
    if (cached?.version === document.version) return cached.model;
    const model = this.analyze(document);
    this.models.set(key, { version: document.version, model });
    return model;
  }

  private analyze(document: vscode.TextDocument): Analysis {
    const fileName = baseName(document.uri);
    if (document.uri.scheme === CAPTURE_TEXT_SCHEME) {
      // The binary analysis is exact (nothing lost to text formatting); the text view never changes.
      const capture = this.captures.captureTextOf(document.uri);
      if (capture) return analyzeBytes(capture.bytes, baseName(capture.fileUri));
    }
    return analyzeText(document.getText(), fileName);
  }

  private scheduleRebuild(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pendingRebuilds.get(key));
    this.pendingRebuilds.set(
      key,
      setTimeout(() => {
        this.pendingRebuilds.delete(key);
        if (document.isClosed) return;
        const model = this.modelFor(document);
        if (model) this.changeEmitter.fire({ document, model });
      }, this.rebuildDelayMs),
    );
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pendingRebuilds.get(key));
    this.pendingRebuilds.delete(key);
    this.models.delete(key);
  }

  dispose(): void {
    this.pendingRebuilds.forEach((timer) => clearTimeout(timer));
    this.pendingRebuilds.clear();
    this.models.clear();
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

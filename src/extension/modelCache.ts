import * as vscode from 'vscode';
import type { CaptureModel } from '../core/model/captureModel';
import type { AnalysisSource } from '../protocol';
import { AnalysisCancelledError, isAnalysisCancelled, type AnalysisService } from './analysisService';
import { analysisSourceOf, type CaptureText, type CaptureTextFileSystem } from './captureTextFileSystem';
import { baseName, CAPTURE_TEXT_SCHEME } from './captureUris';
import { internalErrorModel } from '../core/analyze';
import { errorText } from './analysisFailureText';
import type { FindingSettings } from './findingSettings';
import { TCPDUMP_LANGUAGE_ID } from './languageSwitch';

export interface ModelSnapshot {
  readonly model: CaptureModel;
  /** The document version the model was made from. */
  readonly version: number;
  /** The document has changed since (or the findings' thresholds have): a newer model is on its way. */
  readonly stale: boolean;
}

export interface ModelChange {
  readonly document: vscode.TextDocument;
  readonly model: CaptureModel;
}

/** How long typing must pause before an edited document is analysed again. */
export const MODEL_REBUILD_DELAY_MS = 300;

/** Documents from this size on show the analysis in the status bar. */
const PROGRESS_THRESHOLD_CHARS = 1024 * 1024;

interface Made {
  readonly version: number;
  /** `FindingSettings.generation` it was made with. */
  readonly generation: number;
}

interface Modelled extends Made {
  readonly model: CaptureModel;
}

interface Analysis extends Made {
  readonly model: Promise<CaptureModel>;
  readonly cancellation: vscode.CancellationTokenSource;
}

/** The analysis of an edited version, waiting for typing to pause; those who want its model wait with it. */
interface Rebuild {
  readonly timer: ReturnType<typeof setTimeout>;
  /** The model, once the analysis has started and is done; rejects with `vscode.CancellationError` if it never starts. */
  readonly model: Promise<CaptureModel>;
  /** The analysis started: the model is its model. */
  started(analysis: Promise<CaptureModel>): void;
  /** A newer edit or a close: this version is never analysed. */
  dropped(): void;
}

interface DocumentModels {
  /** The latest model (it may be of an older version: then it is served as stale). */
  latest?: Modelled;
  /** The analysis under way, for the document's version at the time it started. */
  running?: Analysis;
  rebuild?: Rebuild;
}

/**
 * One analysed model per document version, shared by every feature. The analysis runs in the worker
 * (`AnalysisService`); meanwhile `peek` keeps serving the last good model, marked stale. After an edit
 * the document is analysed again once typing pauses (`currentModel` waits for that, `modelFor` does
 * not); an edit cancels the analysis of the version before it. A capture's text view comes with its
 * model, made in the same pass as the text.
 */
export class ModelCache implements vscode.Disposable {
  private readonly documents = new Map<string, DocumentModels>();
  private readonly changeEmitter = new vscode.EventEmitter<ModelChange>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires when a document gets a new current model. */
  readonly onDidChangeModel = this.changeEmitter.event;

  constructor(
    private readonly service: AnalysisService,
    private readonly captures: CaptureTextFileSystem,
    private readonly settings: FindingSettings,
    private readonly rebuildDelayMs = MODEL_REBUILD_DELAY_MS,
  ) {
    this.subscriptions = [
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((change) => {
        if (change.contentChanges.length === 0 || !this.isModelled(change.document)) return;
        // A capture text changes only when TCP Lens shows another page, or the whole text after its first page.
        if (this.captures.captureTextOf(change.document.uri)) this.adoptCaptureModel(change.document, this.modelsOf(change.document));
        else this.edited(change.document);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (this.isModelled(document)) this.adoptCaptureModel(document, this.modelsOf(document));
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      settings.onDidChange(() => this.analyseAgainWithNewSettings()),
    ];
  }

  isModelled(document: vscode.TextDocument): boolean {
    return document.languageId === TCPDUMP_LANGUAGE_ID;
  }

  /**
   * The model of the document's current version, analysed in the worker; undefined for a document that
   * is not a capture. Rejects with `vscode.CancellationError` when `token` is cancelled, or when the
   * document changes or closes before its analysis is done.
   */
  async modelFor(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<CaptureModel | undefined> {
    if (!this.isModelled(document)) return undefined;
    const models = this.modelsOf(document);
    this.adoptCaptureModel(document, models);
    if (models.latest && this.isCurrent(models.latest, document)) return models.latest.model;
    const analysis = this.analysisOf(document, models);
    return token ? untilCancelled(analysis.model, token) : analysis.model;
  }

  /**
   * The model of the document's current text for a view, without an analysis per keystroke: the model
   * if it is made; else the analysis under way, or the rebuild that waits for typing to pause (joined,
   * not hurried); else an analysis started now. An edit meanwhile makes it wait for the newer text's
   * model. Undefined for a document that is no capture, when `token` is cancelled or the document closed.
   */
  async currentModel(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<CaptureModel | undefined> {
    if (!this.isModelled(document)) return undefined;
    const models = this.modelsOf(document);
    this.adoptCaptureModel(document, models);
    for (;;) {
      if (models.latest && this.isCurrent(models.latest, document)) return models.latest.model;
      const model = models.rebuild ? models.rebuild.model : this.analysisOf(document, models).model;
      try {
        return await (token ? untilCancelled(model, token) : model);
      } catch (error) {
        if (!(error instanceof vscode.CancellationError)) throw error;
        if (token?.isCancellationRequested || document.isClosed || this.documents.get(document.uri.toString()) !== models) return undefined;
        if (this.captureGone(document)) return undefined;
        // The document changed before its model was made: the newer text's is on its way.
      }
    }
  }

  /** Without waiting: the current version's model, or the last good one marked stale; undefined if none yet. */
  peek(document: vscode.TextDocument): ModelSnapshot | undefined {
    if (!this.isModelled(document)) return undefined;
    const models = this.modelsOf(document);
    this.adoptCaptureModel(document, models);
    const latest = models.latest;
    return latest && { model: latest.model, version: latest.version, stale: !this.isCurrent(latest, document) };
  }

  /** A capture text document whose capture is not held (nor being read): its open was cancelled. */
  private captureGone(document: vscode.TextDocument): boolean {
    return document.uri.scheme === CAPTURE_TEXT_SCHEME && !this.captures.captureTextOf(document.uri) && !this.captures.wholeCaptureTextOf(document.uri);
  }

  private isCurrent(made: Made, document: vscode.TextDocument): boolean {
    return made.version === document.version && made.generation === this.settings.generation;
  }

  private modelsOf(document: vscode.TextDocument): DocumentModels {
    const key = document.uri.toString();
    let models = this.documents.get(key);
    if (!models) this.documents.set(key, (models = {}));
    return models;
  }

  /**
   * A capture's text view brings the model made with it: nothing to analyse. A paged text's model is
   * the whole capture's with the lines of the page the document shows, taken again at each new page.
   */
  private adoptCaptureModel(document: vscode.TextDocument, models: DocumentModels): void {
    if (document.uri.scheme !== CAPTURE_TEXT_SCHEME) return;
    const capture = this.captures.captureTextOf(document.uri);
    if (!capture || models.latest?.version === document.version) return;
    if (capture.pages && models.running) return; // made again with other settings: the page model follows
    const model = capture.pages ? capture.pages.pageModel(capture.readPage) : capture.model;
    models.latest = { version: document.version, generation: capture.settingsGeneration, model };
    if (this.isCurrent(models.latest, document)) this.changeEmitter.fire({ document, model });
  }

  /**
   * The model to take lines from for `linesShown`: for a page of a paged capture text, the whole
   * capture's (the lines of the whole text); any other model as it is. The packets are the same.
   */
  linesModel(document: vscode.TextDocument, model: CaptureModel): CaptureModel {
    return this.captures.captureTextOf(document.uri)?.pages?.wholeModelOf(model) ?? model;
  }

  /**
   * Lines `first`…`last` (1-based) of `linesModel` as lines of the document: for a paged capture text
   * whose lines are on another page, that page is shown first (and its model made current). Undefined
   * when the page could not be shown (the document closed meanwhile).
   */
  async linesShown(document: vscode.TextDocument, first: number, last = first): Promise<{ first: number; last: number } | undefined> {
    const pages = this.captures.captureTextOf(document.uri)?.pages;
    if (!pages) return { first, last };
    const page = pages.pageOfLine(first);
    if (!(await this.showPage(document, page))) return undefined;
    const offset = pages.lineOffset(page);
    return { first: first - offset, last: last - offset };
  }

  /** Whether two models of the document are the same analysis: the same model, or two pages of one paged capture text. */
  sameAnalysis(document: vscode.TextDocument, a: CaptureModel, b: CaptureModel): boolean {
    if (a === b) return true;
    const pages = this.captures.captureTextOf(document.uri)?.pages;
    return pages !== undefined && pages.pageOfModel(a) !== undefined && pages.pageOfModel(b) !== undefined;
  }

  /** Shows a page of a paged capture text; resolves once the document and its model are of that page. */
  async showPage(document: vscode.TextDocument, page: number): Promise<boolean> {
    const pages = this.captures.captureTextOf(document.uri)?.pages;
    if (!pages) return false;
    const showing = () => {
      const latest = this.documents.get(document.uri.toString())?.latest;
      return latest !== undefined && latest.version === document.version && pages.pageOfModel(latest.model) === page;
    };
    if (showing()) return true;
    const shown = new Promise<boolean>((resolve) => {
      const listeners = [
        this.onDidChangeModel((change) => {
          if (change.document !== document || !showing()) return;
          listeners.forEach((listener) => listener.dispose());
          resolve(true);
        }),
        vscode.workspace.onDidCloseTextDocument((closed) => {
          if (closed !== document) return;
          listeners.forEach((listener) => listener.dispose());
          resolve(false);
        }),
        // Another page asked for before this one showed: this one never will.
        this.captures.onDidChangePage((change) => {
          if (change.textUri.toString() !== document.uri.toString() || change.page === page) return;
          listeners.forEach((listener) => listener.dispose());
          resolve(false);
        }),
      ];
    });
    this.captures.showPage(document.uri, page);
    return shown;
  }

  private analysisOf(document: vscode.TextDocument, models: DocumentModels): Analysis {
    const { running } = models;
    if (running && this.isCurrent(running, document)) return running;
    running?.cancellation.cancel();
    const rebuild = models.rebuild;
    if (rebuild) clearTimeout(rebuild.timer);
    models.rebuild = undefined;
    const made: Made = { version: document.version, generation: this.settings.generation };
    const cancellation = new vscode.CancellationTokenSource();
    const model = this.analyse(document, cancellation.token).then(
      (model) => {
        this.settle(document, models, analysis, model);
        return model;
      },
      (error: unknown) => {
        if (isAnalysisCancelled(error)) {
          if (models.running === analysis) models.running = undefined;
          throw new vscode.CancellationError();
        }
        // A defect (the worker crashed, a malformed message): the document shows it instead of waiting forever.
        const model = internalErrorModel(baseName(document.uri), errorText(error));
        this.settle(document, models, analysis, model);
        return model;
      },
    );
    const analysis: Analysis = { ...made, model, cancellation };
    models.running = analysis;
    // A model nobody awaits (a rebuild after an edit) must not become an unhandled rejection.
    model.catch(() => undefined).finally(() => cancellation.dispose());
    rebuild?.started(model);
    return analysis;
  }

  private settle(document: vscode.TextDocument, models: DocumentModels, analysis: Analysis, model: CaptureModel): void {
    if (models.running === analysis) models.running = undefined;
    if (this.documents.get(document.uri.toString()) !== models) return; // closed meanwhile
    if (models.latest && models.latest.version > analysis.version) return;
    models.latest = { version: analysis.version, generation: analysis.generation, model };
    this.changeEmitter.fire({ document, model });
  }

  private analyse(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<CaptureModel> {
    const whole = this.captures.wholeCaptureTextOf(document.uri);
    if (whole) return this.wholeCaptureModel(whole);
    // Its first page was shown, then the open cancelled: that page is no capture to analyse.
    if (this.captureGone(document)) return Promise.reject(new AnalysisCancelledError());
    const source = this.sourceOf(document);
    const pages = this.captures.captureTextOf(document.uri)?.pages;
    if (pages) return this.analyseWhole(document, source, token);
    const thresholds = this.settings.thresholds;
    const size = source.kind === 'text' ? source.text.length : source.kind === 'capture' ? source.bytes.length : Infinity;
    if (size < PROGRESS_THRESHOLD_CHARS) return this.service.analyze(source, token, { thresholds }).then((result) => result.model);
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('TCP Lens: analysing {0}', source.fileName) },
        async (progress) => {
          const onProgress = (done: number, total: number) => {
            if (total > 0) progress.report({ message: `${Math.floor((100 * done) / total)}%` });
          };
          return (await this.service.analyze(source, token, { thresholds, onProgress })).model;
        },
      ),
    );
  }

  /** A capture text shown from its first page while the rest is read: its model comes with the rest (the page shown, if paged). */
  private async wholeCaptureModel(whole: Promise<CaptureText | undefined>): Promise<CaptureModel> {
    const capture = await whole;
    if (!capture) throw new AnalysisCancelledError();
    return capture.pages ? capture.pages.pageModel(capture.readPage) : capture.model;
  }

  /** A paged capture text made again (other settings): the whole capture, then the page shown. */
  private async analyseWhole(document: vscode.TextDocument, source: AnalysisSource, token: vscode.CancellationToken): Promise<CaptureModel> {
    const { model } = await this.service.analyze(source, token, { thresholds: this.settings.thresholds });
    const capture = this.captures.captureTextOf(document.uri);
    if (!capture?.pages) return model;
    capture.model = model;
    capture.pages.model = model;
    capture.settingsGeneration = this.settings.generation;
    return capture.pages.pageModel(capture.readPage);
  }

  private sourceOf(document: vscode.TextDocument): AnalysisSource {
    if (document.uri.scheme === CAPTURE_TEXT_SCHEME) {
      // The binary analysis is exact (nothing lost to text formatting); the text view never changes.
      const capture = this.captures.captureTextOf(document.uri);
      if (capture) return analysisSourceOf(capture, false);
    }
    return { kind: 'text', fileName: baseName(document.uri), text: document.getText() };
  }

  private edited(document: vscode.TextDocument): void {
    const models = this.modelsOf(document);
    // The running analysis is of a version that no longer exists.
    if (models.running && models.running.version !== document.version) models.running.cancellation.cancel();
    dropRebuild(models);
    models.rebuild = rebuildAfter(this.rebuildDelayMs, () => {
      if (document.isClosed || this.documents.get(document.uri.toString()) !== models) return dropRebuild(models);
      this.analysisOf(document, models);
    });
  }

  private analyseAgainWithNewSettings(): void {
    for (const document of vscode.workspace.textDocuments) {
      const models = this.documents.get(document.uri.toString());
      if (models && this.isModelled(document)) this.analysisOf(document, models);
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const models = this.documents.get(key);
    this.documents.delete(key);
    if (models) stop(models);
  }

  dispose(): void {
    this.documents.forEach(stop);
    this.documents.clear();
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

function stop(models: DocumentModels): void {
  dropRebuild(models);
  models.running?.cancellation.cancel();
}

function dropRebuild(models: DocumentModels): void {
  const rebuild = models.rebuild;
  models.rebuild = undefined;
  if (!rebuild) return;
  clearTimeout(rebuild.timer);
  rebuild.dropped();
}

/** A rebuild that runs `start` after `delayMs`, unless dropped first. */
function rebuildAfter(delayMs: number, start: () => void): Rebuild {
  let settle!: { resolve(model: Promise<CaptureModel>): void; reject(error: Error): void };
  const model = new Promise<CaptureModel>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be waiting for it.
  model.catch(() => undefined);
  return {
    timer: setTimeout(start, delayMs),
    model,
    started: (analysis) => settle.resolve(analysis),
    dropped: () => settle.reject(new vscode.CancellationError()),
  };
}

/** The promise's outcome, or a `vscode.CancellationError` as soon as the token is cancelled. */
function untilCancelled<T>(promise: Promise<T>, token: vscode.CancellationToken): Promise<T> {
  if (token.isCancellationRequested) return Promise.reject(new vscode.CancellationError());
  return new Promise<T>((resolve, reject) => {
    const listener = token.onCancellationRequested(() => {
      listener.dispose();
      reject(new vscode.CancellationError());
    });
    promise.then(
      (value) => {
        listener.dispose();
        resolve(value);
      },
      (error: unknown) => {
        listener.dispose();
        reject(error);
      },
    );
  });
}

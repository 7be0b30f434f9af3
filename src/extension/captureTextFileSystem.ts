import * as vscode from 'vscode';
import type { CaptureModel } from '../core/model/captureModel';
import type { Problem } from '../core/problems';
import type { AnalysisSource } from '../protocol';
import { isAnalysisCancelled, type AnalysisService } from './analysisService';
import { baseName, CAPTURE_TEXT_SCHEME, captureFileUri, captureTextUri } from './captureUris';
import type { FindingSettings } from './findingSettings';
import { plainNotificationText } from './markdownText';
import { messageText } from './connectionText';
import { CapturePages, PAGE_FRAMES } from './capturePages';
import { errorText } from './analysisFailureText';
import { workerReadsLocalFiles } from './analysisWorkers';

/** VS Code does not sync documents longer than this to extension hosts: longer texts are shown in pages. */
export const EXTENSION_SYNC_LIMIT_CHARS = 50 * 1024 * 1024;

/** Files from this size on open with a cancellable notification; smaller ones show progress in the status bar. */
const NOTIFICATION_THRESHOLD_BYTES = 1024 * 1024;

/**
 * Binary captures from this size on (about 100,000 frames, half a second of reading) show their first
 * page as soon as it is printed, while the rest is read; the model follows.
 */
const FIRST_PAGE_AHEAD_BYTES = 8 * 1024 * 1024;

/** The first page of a capture text still being read: shown until the whole capture is. */
interface FirstPage {
  readonly utf8: Uint8Array;
  /** Resolves to the whole capture text, or to undefined when the open was cancelled. */
  readonly whole: Promise<CaptureText | undefined>;
}

export interface CaptureText {
  fileUri: vscode.Uri;
  /** A binary capture rendered as text, or a tcpdump text file too large for VS Code to share with extensions, shown as it is. */
  kind: 'capture' | 'text';
  /**
   * The capture's bytes as read (still compressed if the file is), kept to analyse it again with other
   * settings; a binary capture the worker reads from disk itself is not read here.
   */
  bytes?: Uint8Array;
  /** The tcpdump text view, UTF-8. */
  utf8: Uint8Array;
  /** Its length in characters. */
  characters: number;
  /** Problems met rendering it. */
  problems: readonly Problem[];
  /** The model made in the same pass as the text (of the whole capture, also when the text is shown in pages). */
  model: CaptureModel;
  /** Set when the text is too large for VS Code to share with extensions: the document shows one page at a time. */
  pages?: CapturePages;
  /** The page the document shows (0 when there are no pages). */
  page: number;
  /** The page VS Code last read: the one its document shows (`page` may have moved on while it read). */
  readPage: number;
  /** Changes with the page, so that VS Code reads the document again. */
  mtime: number;
  /** The `FindingSettings.generation` the model was made with. */
  settingsGeneration: number;
}

export interface PageChange {
  readonly textUri: vscode.Uri;
  readonly page: number;
}

export interface OpenCaptureOptions {
  viewColumn?: vscode.ViewColumn;
  preview?: boolean;
  /** Cancels the open like the notification's Cancel button does. */
  token?: vscode.CancellationToken;
}

/**
 * Reads capture files and has the analysis worker render them (the text view and the model in one
 * pass), with progress, and serves the text to VS Code as read-only files of
 * the `tcp-lens-capture` scheme. (A file system rather than a TextDocumentContentProvider because the
 * API can still edit a content provider's documents; a read-only file system refuses every edit, and
 * "Save As" still works.)
 */
export class CaptureTextFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly texts = new Map<string, CaptureText>();
  /** Capture texts whose open was cancelled: not read again when VS Code asks for a document still open (only by another open). */
  private readonly cancelled = new Set<string>();
  /** Capture texts whose first page is shown while the rest is read, by text URI. */
  private readonly firstPages = new Map<string, FirstPage>();
  private readonly loading = new Map<string, Promise<CaptureText | undefined>>();
  /** Texts rendered and on their way into an editor: not to be forgotten before it shows them. */
  private readonly opening = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly changeEmitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changeEmitter.event;
  private readonly pageEmitter = new vscode.EventEmitter<PageChange>();
  /** A paged capture text is about to show another page (its document changes next). */
  readonly onDidChangePage = this.pageEmitter.event;
  /** The notice about paged texts is shown once per session. */
  private toldAboutPages = false;

  constructor(
    private readonly service: AnalysisService,
    private readonly settings: FindingSettings,
  ) {
    this.subscriptions = [
      this.changeEmitter,
      this.pageEmitter,
      vscode.workspace.registerFileSystemProvider(CAPTURE_TEXT_SCHEME, this, { isCaseSensitive: true, isReadonly: true }),
      vscode.workspace.onDidCloseTextDocument(() => this.forgetTextsNoLongerShown()),
      vscode.window.tabGroups.onDidChangeTabs(() => this.forgetTextsNoLongerShown()),
    ];
  }

  /** Texts stay in memory while a document or a tab shows them. */
  private forgetTextsNoLongerShown(): void {
    const shown = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
      if (tab.input instanceof vscode.TabInputText) shown.add(tab.input.uri.toString());
    }
    for (const key of this.texts.keys()) if (!shown.has(key) && !this.opening.has(key)) this.texts.delete(key);
  }

  /** Whether the capture's text has been rendered and handed to VS Code. */
  isShown(fileUri: vscode.Uri): boolean {
    return this.texts.has(captureTextUri(fileUri).toString());
  }

  /** The rendered capture behind an open capture text document, if any. */
  captureTextOf(textUri: vscode.Uri): CaptureText | undefined {
    return this.texts.get(textUri.toString());
  }

  /** For a capture text that shows its first page while the rest is read: the whole capture text, once read (undefined if cancelled). */
  wholeCaptureTextOf(textUri: vscode.Uri): Promise<CaptureText | undefined> | undefined {
    return this.firstPages.get(textUri.toString())?.whole;
  }

  async stat(textUri: vscode.Uri): Promise<vscode.FileStat> {
    const fileStat = await vscode.workspace.fs.stat(captureFileUri(textUri));
    const firstPage = this.firstPages.get(textUri.toString());
    const capture = firstPage ? undefined : await this.rendered(textUri);
    return {
      type: vscode.FileType.File,
      ctime: fileStat.ctime,
      mtime: Math.max(fileStat.mtime, capture?.mtime ?? 0),
      size: capture ? shownText(capture).length : firstPage!.utf8.length,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  async readFile(textUri: vscode.Uri): Promise<Uint8Array> {
    const firstPage = this.firstPages.get(textUri.toString());
    if (firstPage) return firstPage.utf8;
    const capture = await this.rendered(textUri);
    capture.readPage = capture.page;
    return shownText(capture);
  }

  /** Shows another page of a paged capture text; its document is read again. */
  showPage(textUri: vscode.Uri, page: number): boolean {
    const capture = this.texts.get(textUri.toString());
    if (!capture?.pages || page < 0 || page >= capture.pages.count || page === capture.page) return false;
    capture.page = page;
    capture.mtime = Math.max(Date.now(), capture.mtime + 1);
    this.pageEmitter.fire({ textUri, page });
    this.changeEmitter.fire([{ type: vscode.FileChangeType.Changed, uri: textUri }]);
    return true;
  }

  /** Normally rendered by `open` already; rendering here covers a view restored after a window reload. */
  private async rendered(textUri: vscode.Uri): Promise<CaptureText> {
    const key = textUri.toString();
    if (this.cancelled.has(key) && !this.texts.has(key)) {
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('opening {0} was cancelled', baseName(captureFileUri(textUri))));
    }
    const capture = this.texts.get(key) ?? (await this.load(captureFileUri(textUri)));
    if (!capture) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('opening {0} was cancelled', baseName(captureFileUri(textUri))));
    return capture;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  /**
   * Opens a capture file as tcpdump text. Resolves to the document, or to undefined when the user (or
   * `options.token`) cancelled. A text too large for VS Code to share with extensions opens at its first page.
   */
  async open(fileUri: vscode.Uri, options: OpenCaptureOptions = {}): Promise<vscode.TextDocument | undefined> {
    const key = captureTextUri(fileUri).toString();
    this.opening.add(key);
    this.cancelled.delete(key);
    try {
      return await this.loadAndShow(fileUri, options);
    } finally {
      this.opening.delete(key);
    }
  }

  private async loadAndShow(fileUri: vscode.Uri, options: OpenCaptureOptions): Promise<vscode.TextDocument | undefined> {
    const textUri = captureTextUri(fileUri);
    const key = textUri.toString();
    let firstPageShown: (() => void) | undefined;
    const firstPage = new Promise<'first page'>((resolve) => (firstPageShown = () => resolve('first page')));
    const loading = this.load(fileUri, options.token, firstPageShown);
    const show = async () => {
      const document = await vscode.workspace.openTextDocument(textUri);
      await vscode.window.showTextDocument(document, { viewColumn: options.viewColumn, preview: options.preview });
      return document;
    };
    const first = await Promise.race([loading, firstPage]);
    if (first !== 'first page') {
      if (!first) return undefined;
      this.announce(first);
      return show();
    }
    // The first page is shown while the rest is read; the rest follows, or the open is cancelled.
    let document: vscode.TextDocument;
    try {
      document = await show();
    } catch (error) {
      // Cancelled before VS Code read the first page: it could not, and nothing opened.
      if (this.cancelled.has(key)) return undefined;
      throw error;
    }
    void loading.then(
      (capture) => {
        if (capture) return this.announce(capture);
        void closeTabsOf(key);
        void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: opening {0} was cancelled.', plainNotificationText(baseName(fileUri))));
      },
      (error: unknown) => {
        void closeTabsOf(key);
        void vscode.window.showErrorMessage(vscode.l10n.t('TCP Lens: cannot open {0}: {1}', plainNotificationText(baseName(fileUri)), plainNotificationText(errorText(error))));
      },
    );
    return document;
  }

  private announce(capture: CaptureText): void {
    this.warnAboutProblems(capture);
    if (capture.pages) this.tellAboutPages(capture);
  }

  private tellAboutPages(capture: CaptureText): void {
    if (this.toldAboutPages || !capture.pages) return;
    this.toldAboutPages = true;
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'TCP Lens: the text of {0} is over 50 MB, more than VS Code shares with extensions: it is shown in pages of {1} frames (TCP Lens: Next Page, Previous Page, Go to Page). The connections tree and the sequence diagram cover the whole capture and open the page of the packet they show; hover, CodeLens and problems work on the page shown.',
        plainNotificationText(baseName(capture.fileUri)),
        capture.pages.framesPerPage,
      ),
    );
  }

  private warnAboutProblems(capture: CaptureText): void {
    if (capture.problems.length === 0) return;
    const offsets = damagedOffsets(capture.problems);
    if (offsets !== null && capture.model.frameCount > 0) {
      // Where the file is damaged, and that the frames around the damage were read.
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'TCP Lens: {0} is damaged at byte offset {1}; the rest of the capture was read ({2} frames). {3} problem(s), first: {4}',
          plainNotificationText(baseName(capture.fileUri)),
          offsets,
          capture.model.frameCount,
          capture.problems.length,
          plainNotificationText(messageText(capture.problems[0].text)),
        ),
      );
      return;
    }
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'TCP Lens: {0}: {1} problem(s) reading the capture, first: {2}',
        plainNotificationText(baseName(capture.fileUri)),
        capture.problems.length,
        plainNotificationText(messageText(capture.problems[0].text)),
      ),
    );
  }

  /**
   * One rendering per file at a time: VS Code asks for stat and content in turn while `open` renders.
   * `onFirstPage`: the first page of a large binary capture is served from now on, the rest still being read.
   */
  private load(fileUri: vscode.Uri, outerToken?: vscode.CancellationToken, onFirstPage?: () => void): Promise<CaptureText | undefined> {
    const key = captureTextUri(fileUri).toString();
    const pending = this.loading.get(key);
    if (pending) return pending;
    let whole!: (capture: Promise<CaptureText | undefined>) => void;
    const wholeText = new Promise<CaptureText | undefined>((resolve) => (whole = resolve));
    wholeText.catch(() => undefined);
    const firstPageRead = onFirstPage && ((utf8: Uint8Array) => {
      this.firstPages.set(key, { utf8, whole: wholeText });
      onFirstPage();
    });
    const loading = this.render(fileUri, outerToken, firstPageRead)
      .then((capture) => {
        // Marked before its first page goes: VS Code may still be about to read it, and must not start it again.
        if (!capture) this.cancelled.add(key);
        return capture;
      })
      .finally(() => {
        this.loading.delete(key);
        this.firstPages.delete(key);
      });
    whole(loading);
    this.loading.set(key, loading);
    return loading;
  }

  private async render(fileUri: vscode.Uri, outerToken?: vscode.CancellationToken, onFirstPage?: (utf8: Uint8Array) => void): Promise<CaptureText | undefined> {
    const kind = isCaptureFileName(fileUri.path) ? 'capture' : 'text';
    // A text file is its own text view; a binary capture on the local disk is read by the worker alone.
    const bytes = kind === 'capture' && readByWorker(fileUri) ? undefined : await vscode.workspace.fs.readFile(fileUri);
    const size = bytes?.length ?? (await vscode.workspace.fs.stat(fileUri)).size;
    const large = size >= NOTIFICATION_THRESHOLD_BYTES;
    const firstPageAhead = kind === 'capture' && onFirstPage !== undefined && size >= FIRST_PAGE_AHEAD_BYTES;
    const settingsGeneration = this.settings.generation;
    const result = await vscode.window.withProgress(
      {
        location: large ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title: vscode.l10n.t('TCP Lens: opening {0} as text', baseName(fileUri)),
        cancellable: large,
      },
      async (progress, progressToken) => {
        const cancellation = new vscode.CancellationTokenSource();
        const cancel = () => cancellation.cancel();
        const listeners = [progressToken.onCancellationRequested(cancel), outerToken?.onCancellationRequested(cancel)];
        if (outerToken?.isCancellationRequested) cancel();
        let reported = 0;
        const onProgress = (done: number, total: number, frames?: number) => {
          const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
          if (percent > reported) progress.report({ increment: percent - reported, message: progressText(percent, done, total, frames) });
          reported = Math.max(reported, percent);
        };
        try {
          const source = analysisSourceOf({ kind, fileUri, bytes }, true);
          return await this.service.analyze(firstPageAhead && source.kind !== 'text' ? { ...source, firstPageFrames: PAGE_FRAMES } : source, cancellation.token, {
            onProgress,
            onFirstPage: firstPageAhead ? (text) => onFirstPage?.(text.utf8) : undefined,
            thresholds: this.settings.thresholds,
          });
        } catch (error) {
          if (isAnalysisCancelled(error)) return undefined;
          throw error;
        } finally {
          listeners.forEach((listener) => listener?.dispose());
          cancellation.dispose();
        }
      },
    );
    if (!result) return undefined;
    // A text file is its own text view.
    const text = kind === 'text' && bytes ? { utf8: bytes, characters: bytes.length, problems: [] } : result.text;
    if (!text) throw new Error('the analysis gave no text view');
    const { utf8, characters, problems } = text;
    const model = result.model;
    const pages = characters > EXTENSION_SYNC_LIMIT_CHARS ? new CapturePages(model, utf8) : undefined;
    const capture: CaptureText = { fileUri, kind, bytes, utf8, characters, problems, model, pages, page: 0, readPage: 0, mtime: 0, settingsGeneration };
    const textUri = captureTextUri(fileUri);
    const shownFirst = this.firstPages.get(textUri.toString());
    this.texts.set(textUri.toString(), capture);
    if (shownFirst && !sameBytes(shownFirst.utf8, shownText(capture))) {
      // The first page shown ahead is not what the document shows now (the capture is not paged after all): it is read again.
      capture.mtime = Date.now();
      this.firstPages.delete(textUri.toString());
      this.changeEmitter.fire([{ type: vscode.FileChangeType.Changed, uri: textUri }]);
    }
    return capture;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.texts.clear();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Closes the tabs showing a capture text whose open was cancelled after its first page showed. */
async function closeTabsOf(textUriKey: string): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === textUriKey);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

function shownText(capture: CaptureText): Uint8Array {
  return capture.pages ? capture.pages.text(capture.page) : capture.utf8;
}

/** Binary captures by name (as the explorer's "Open as Text" offers them); any other file is read as tcpdump text. */
export function isCaptureFileName(path: string): boolean {
  return /\.(pcap|pcapng|cap|gz)$/i.test(path);
}

/**
 * What the worker analyses for a capture text: the binary capture (rendered as text if asked), or the
 * text file, never decoded here: read from disk by the Node worker (in chunks, for the model alone), else its bytes read here.
 */
export function analysisSourceOf(capture: Pick<CaptureText, 'kind' | 'fileUri' | 'bytes'>, renderText: boolean): AnalysisSource {
  const fileName = baseName(capture.fileUri);
  const rendered = capture.kind === 'capture' && renderText;
  if (readByWorker(capture.fileUri) || !capture.bytes) return { kind: 'file', fileName, path: capture.fileUri.fsPath, renderText: rendered };
  return { kind: 'capture', fileName, bytes: capture.bytes, renderText: rendered };
}

/** A file the analysis worker reads from disk itself (the Node worker, a `file:` URI). */
function readByWorker(fileUri: vscode.Uri): boolean {
  return fileUri.scheme === 'file' && workerReadsLocalFiles();
}

/**
 * "42% (120000 of about 290000 packets read)": the total estimated from the bytes read so far until
 * the end (frames are packets here: one per line of the text view).
 */
export function progressText(percent: number, done: number, total: number, frames: number | undefined): string {
  if (frames === undefined || done === 0) return vscode.l10n.t('{0}%', percent);
  if (done >= total) return vscode.l10n.t('{0}% ({1} packets read)', percent, frames);
  return vscode.l10n.t('{0}% ({1} of about {2} packets read)', percent, frames, Math.round((frames * total) / done));
}

/** The byte offsets of a capture's problems, the first few of them (`24, 1080, 2236 …`), or null when none has one. */
function damagedOffsets(problems: readonly Problem[]): string | null {
  const offsets = [...new Set(problems.flatMap((p) => (p.offset === null ? [] : [p.offset])))];
  if (offsets.length === 0) return null;
  const shown = offsets.slice(0, 5).join(', ');
  return offsets.length > 5 ? `${shown} …` : shown;
}

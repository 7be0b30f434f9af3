import * as vscode from 'vscode';
import type { CapturePages } from './capturePages';
import type { CaptureText, CaptureTextFileSystem } from './captureTextFileSystem';
import type { ModelCache } from './modelCache';

export const FIND_IN_CAPTURE_COMMAND = 'tcpLens.findInCapture';
export const FIND_NEXT_IN_CAPTURE_COMMAND = 'tcpLens.findNextInCapture';
export const FIND_PREVIOUS_IN_CAPTURE_COMMAND = 'tcpLens.findPreviousInCapture';

/** At most this many hits are kept (and listed). */
export const MAX_CAPTURE_HITS = 10_000;

/** A line of the capture that contains the query (its first match on the line). */
export interface CaptureHit {
  /** 0-based page. */
  readonly page: number;
  /** 1-based line on the page. */
  readonly line: number;
  /** 0-based character where the match starts on the line, and its length. */
  readonly character: number;
  readonly length: number;
  readonly text: string;
}

export interface CaptureSearch {
  readonly query: string;
  readonly hits: readonly CaptureHit[];
  /** More hits than `MAX_CAPTURE_HITS` were found: the rest are not kept. */
  readonly truncated: boolean;
}

/**
 * Searches the whole text of a paged capture, page by page (each page decoded on its own, never the
 * whole text at once), giving the thread back between pages. Case-insensitive plain text.
 */
export async function searchCapture(pages: CapturePages, query: string, token?: vscode.CancellationToken): Promise<CaptureSearch | undefined> {
  const needle = query.toLowerCase();
  const hits: CaptureHit[] = [];
  const decoder = new TextDecoder();
  for (let page = 0; page < pages.count; page++) {
    if (token?.isCancellationRequested) return undefined;
    const text = decoder.decode(pages.text(page));
    const lower = text.toLowerCase();
    // Lowercasing keeps the lengths of the text here (tcpdump lines); where it would not, positions are of the lowered text.
    let lineStart = 0;
    let line = 1;
    for (let at = lower.indexOf(needle); at >= 0; ) {
      for (let next = lower.indexOf('\n', lineStart); next >= 0 && next < at; next = lower.indexOf('\n', lineStart)) {
        lineStart = next + 1;
        line++;
      }
      const lineEnd = lower.indexOf('\n', at);
      if (hits.length >= MAX_CAPTURE_HITS) return { query, hits, truncated: true };
      hits.push({ page, line, character: at - lineStart, length: needle.length, text: text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd) });
      // One hit per line: the search goes on from the next line.
      at = lineEnd < 0 ? -1 : lower.indexOf(needle, lineEnd + 1);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { query, hits, truncated: false };
}

/** A line from the capture shown in a quick pick: `$(name)` would be drawn as an icon. */
function plainPickText(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

/**
 * **TCP Lens: Find in Capture…**: searches the whole text of a capture shown in pages, lists the hits
 * and goes to the page and line of the one picked; **Find Next/Previous in Capture** go through them.
 * With a query as argument (other extensions, tests) it goes to the first hit at or after the cursor
 * without asking, and resolves to the number of hits.
 */
export function registerCaptureSearch(captures: CaptureTextFileSystem, models: ModelCache): vscode.Disposable {
  let last: { uri: string; search: CaptureSearch; at: number } | undefined;

  const pagedEditor = (): { editor: vscode.TextEditor; capture: CaptureText & { pages: CapturePages } } | undefined => {
    const editor = vscode.window.activeTextEditor;
    const capture = editor && captures.captureTextOf(editor.document.uri);
    return editor && capture?.pages ? { editor, capture: capture as CaptureText & { pages: CapturePages } } : undefined;
  };

  const goToHit = async (editor: vscode.TextEditor, hit: CaptureHit): Promise<boolean> => {
    const { document } = editor;
    if (!(await models.showPage(document, hit.page))) return false;
    const shown = await vscode.window.showTextDocument(document, { viewColumn: editor.viewColumn });
    const start = new vscode.Position(hit.line - 1, hit.character);
    const end = start.translate(0, hit.length);
    shown.selection = new vscode.Selection(start, end);
    shown.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  };

  const search = (pages: CapturePages, query: string): Thenable<CaptureSearch | undefined> =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('TCP Lens: finding "{0}" in the capture', query), cancellable: true },
      (_progress, token) => searchCapture(pages, query, token),
    );

  const find = async (query?: unknown): Promise<number | undefined> => {
    const paged = pagedEditor();
    if (!paged) return undefined;
    const asked = typeof query === 'string';
    const text = asked ? query : await vscode.window.showInputBox({ prompt: vscode.l10n.t('Find in the whole capture (plain text, any case)'), value: last?.search.query });
    if (!text) return undefined;
    const found = await search(paged.capture.pages, text);
    if (!found) return undefined;
    const uri = paged.editor.document.uri.toString();
    if (found.hits.length === 0) {
      last = undefined;
      if (!asked) void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: no line of the capture contains "{0}".', text));
      return 0;
    }
    if (found.truncated) void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: more than {0} lines contain "{1}": the first {0} are listed.', MAX_CAPTURE_HITS, text));
    const { capture, editor } = paged;
    const cursor = { page: capture.page, line: editor.selection.active.line + 1 };
    const fromCursor = found.hits.findIndex((hit) => hit.page > cursor.page || (hit.page === cursor.page && hit.line >= cursor.line));
    let at = fromCursor < 0 ? 0 : fromCursor;
    if (!asked) {
      const items = found.hits.map((hit, index) => ({
        label: plainPickText(hit.text),
        description: vscode.l10n.t('page {0}, line {1}', hit.page + 1, hit.line),
        index,
      }));
      const picked = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('{0} line(s) of the capture contain "{1}"', found.hits.length, text),
        matchOnDescription: true,
      });
      if (!picked) return found.hits.length;
      at = picked.index;
    }
    last = { uri, search: found, at };
    await goToHit(editor, found.hits[at]);
    return found.hits.length;
  };

  const step = async (direction: 1 | -1): Promise<boolean> => {
    const paged = pagedEditor();
    if (!paged || !last || last.uri !== paged.editor.document.uri.toString()) {
      if (paged) return (await find()) !== undefined;
      return false;
    }
    const count = last.search.hits.length;
    last.at = (last.at + direction + count) % count;
    return goToHit(paged.editor, last.search.hits[last.at]);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(FIND_IN_CAPTURE_COMMAND, (query?: unknown) => find(query)),
    vscode.commands.registerCommand(FIND_NEXT_IN_CAPTURE_COMMAND, () => step(1)),
    vscode.commands.registerCommand(FIND_PREVIOUS_IN_CAPTURE_COMMAND, () => step(-1)),
  );
}

import * as vscode from 'vscode';
import type { CaptureTextFileSystem } from './captureTextFileSystem';
import type { ModelCache } from './modelCache';

export const NEXT_PAGE_COMMAND = 'tcpLens.nextPage';
export const PREVIOUS_PAGE_COMMAND = 'tcpLens.previousPage';
export const GO_TO_PAGE_COMMAND = 'tcpLens.goToPage';
export const GO_TO_FRAME_COMMAND = 'tcpLens.goToFrame';
/** Context key: the active editor shows a capture text in pages. */
const PAGED_CONTEXT_KEY = 'tcpLens.pagedCapture';

/**
 * Paging through a capture text too large for VS Code to share with extensions: the next, previous
 * or any page, the page of a frame, and the page shown in the status bar.
 */
export function registerCapturePageCommands(captures: CaptureTextFileSystem, models: ModelCache): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('tcpLens.capturePage', vscode.StatusBarAlignment.Right, 101);
  item.name = vscode.l10n.t('TCP Lens: page of the capture');
  item.command = GO_TO_PAGE_COMMAND;

  const pagedEditor = (): { editor: vscode.TextEditor; capture: NonNullable<ReturnType<CaptureTextFileSystem['captureTextOf']>> } | undefined => {
    const editor = vscode.window.activeTextEditor;
    const capture = editor && captures.captureTextOf(editor.document.uri);
    return editor && capture?.pages ? { editor, capture } : undefined;
  };
  const update = () => {
    const paged = pagedEditor();
    void vscode.commands.executeCommand('setContext', PAGED_CONTEXT_KEY, paged !== undefined);
    if (!paged?.capture.pages) return item.hide();
    item.text = vscode.l10n.t('$(book) Page {0} of {1}', paged.capture.page + 1, paged.capture.pages.count);
    item.tooltip = vscode.l10n.t('TCP Lens: the capture is shown {0} frames at a time. Go to another page…', paged.capture.pages.framesPerPage);
    item.show();
  };

  /** Shows the page and puts the cursor on `line` (1-based) of it. */
  const showPage = async (page: number, line = 1): Promise<boolean> => {
    const paged = pagedEditor();
    if (!paged?.capture.pages || page < 0 || page >= paged.capture.pages.count) return false;
    const { document } = paged.editor;
    if (!(await models.showPage(document, page))) return false;
    const editor = await vscode.window.showTextDocument(document, { viewColumn: paged.editor.viewColumn });
    const position = new vscode.Position(Math.min(Math.max(line - 1, 0), document.lineCount - 1), 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.AtTop);
    return true;
  };

  const goToPage = async (page?: number): Promise<boolean> => {
    const pages = pagedEditor()?.capture.pages;
    if (!pages) return false;
    if (page === undefined) {
      const answer = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Page (1 to {0})', pages.count),
        validateInput: (value) => (pageNumber(value, pages.count) === undefined ? vscode.l10n.t('A number from 1 to {0}', pages.count) : undefined),
      });
      const picked = answer === undefined ? undefined : pageNumber(answer, pages.count);
      if (picked === undefined) return false;
      page = picked - 1;
    }
    return showPage(page);
  };

  const goToFrame = async (frame?: number): Promise<boolean> => {
    const capture = pagedEditor()?.capture;
    const pages = capture?.pages;
    if (!capture || !pages) return false;
    const frames = capture.model.frameLines.frameFirstLine;
    if (frame === undefined) {
      const answer = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Frame (1 to {0})', frames.length),
        validateInput: (value) => (pageNumber(value, frames.length) === undefined ? vscode.l10n.t('A number from 1 to {0}', frames.length) : undefined),
      });
      frame = answer === undefined ? undefined : pageNumber(answer, frames.length);
      if (frame === undefined) return false;
    }
    if (frame < 1 || frame > frames.length) return false;
    const line = frames[frame - 1];
    const page = pages.pageOfLine(line);
    return showPage(page, line - pages.lineOffset(page));
  };

  update();
  return vscode.Disposable.from(
    item,
    vscode.commands.registerCommand(NEXT_PAGE_COMMAND, () => showPage((pagedEditor()?.capture.page ?? -2) + 1)),
    vscode.commands.registerCommand(PREVIOUS_PAGE_COMMAND, () => showPage((pagedEditor()?.capture.page ?? 0) - 1)),
    vscode.commands.registerCommand(GO_TO_PAGE_COMMAND, (page?: number) => goToPage(typeof page === 'number' ? page - 1 : undefined)),
    vscode.commands.registerCommand(GO_TO_FRAME_COMMAND, (frame?: number) => goToFrame(typeof frame === 'number' ? frame : undefined)),
    vscode.window.onDidChangeActiveTextEditor(update),
    captures.onDidChangePage(update),
    models.onDidChangeModel(update),
  );
}

/** A whole number from 1 to `max` typed by the user, or undefined. */
function pageNumber(text: string, max: number): number | undefined {
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= 1 && value <= max ? value : undefined;
}

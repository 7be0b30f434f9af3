import * as vscode from 'vscode';

/**
 * The range of 1-based model lines `first`…`last` (whole lines), clamped to the document: a model
 * made for an older version of an edited document may name lines that are gone.
 */
export function lineRange(document: vscode.TextDocument, first: number, last = first): vscode.Range {
  const lastIndex = Math.max(0, document.lineCount - 1);
  const start = Math.min(Math.max(first - 1, 0), lastIndex);
  const end = Math.min(Math.max(last - 1, start), lastIndex);
  return new vscode.Range(start, 0, end, document.lineAt(end).text.length);
}

/** The range of one 1-based model line. */
export function lineAt(document: vscode.TextDocument, line: number): vscode.Range {
  return lineRange(document, line, line);
}

/**
 * Whether 1-based model lines `first`…`last` meet the document's lines. A paged capture text's model
 * names lines of other pages before line 1 or after the last line: what they carry belongs to those pages.
 */
export function showsLines(document: vscode.TextDocument, first: number, last = first): boolean {
  return last >= 1 && first <= document.lineCount;
}

/**
 * Shows the document with `range` (whole lines) selected and its first line in view from its start.
 * Revealing the whole selection instead would scroll sideways to where the first line's text begins,
 * past the state hints drawn before it, whenever the lines are wider than the editor.
 */
export async function showLinesSelected(
  document: vscode.TextDocument,
  range: vscode.Range,
  options: { viewColumn?: vscode.ViewColumn; preserveFocus: boolean },
): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(document, options);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(new vscode.Range(range.start, range.start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

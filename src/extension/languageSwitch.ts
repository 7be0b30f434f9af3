import * as vscode from 'vscode';

export const TCPDUMP_LANGUAGE_ID = 'tcpdump';
export const USE_TCPDUMP_LANGUAGE_COMMAND = 'tcpLens.useTcpdumpLanguage';

/**
 * A line as tcpdump prints it: a time (optionally preceded by a date), then the rest of the packet.
 * Kept in step with the `firstLine` pattern in package.json, which VS Code applies only to files whose
 * name does not already pick a language (a `.txt` file is `plaintext` by its extension).
 */
const TCPDUMP_FIRST_LINE = /^(\d{4}-\d\d-\d\d[ T])?\d\d:\d\d:\d\d\.\d{3,9}\s+\S/;

export function looksLikeTcpdumpOutput(firstLine: string): boolean {
  return TCPDUMP_FIRST_LINE.test(firstLine);
}

/** Switches an open document to the tcpdump language; the document passed, or the active editor's. */
export async function useTcpdumpLanguage(document?: vscode.TextDocument): Promise<vscode.TextDocument | undefined> {
  const target = document ?? vscode.window.activeTextEditor?.document;
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: open a file with tcpdump output first.'));
    return undefined;
  }
  if (target.languageId === TCPDUMP_LANGUAGE_ID) return target;
  return vscode.languages.setTextDocumentLanguage(target, TCPDUMP_LANGUAGE_ID);
}

function isPlainTextFileWithTcpdumpOutput(document: vscode.TextDocument): boolean {
  return document.languageId === 'plaintext' && document.lineCount > 0 && looksLikeTcpdumpOutput(document.lineAt(0).text);
}

export function registerLanguageSwitching(): vscode.Disposable {
  const switchPlainTextCaptures = (document: vscode.TextDocument) => {
    if (isPlainTextFileWithTcpdumpOutput(document)) void useTcpdumpLanguage(document);
  };
  vscode.workspace.textDocuments.forEach(switchPlainTextCaptures);
  return vscode.Disposable.from(
    vscode.commands.registerCommand(USE_TCPDUMP_LANGUAGE_COMMAND, (uri?: vscode.Uri) => switchLanguageOf(uri)),
    vscode.workspace.onDidOpenTextDocument(switchPlainTextCaptures),
  );
}

async function switchLanguageOf(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  // From the explorer's context menu the command gets the file's URI; from the palette, nothing.
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : undefined;
  const switched = await useTcpdumpLanguage(document);
  if (switched && uri instanceof vscode.Uri) await vscode.window.showTextDocument(switched);
  return switched;
}

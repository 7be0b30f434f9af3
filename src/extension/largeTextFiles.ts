import * as vscode from 'vscode';
import { EXTENSION_SYNC_LIMIT_CHARS, isCaptureFileName, type CaptureTextFileSystem } from './captureTextFileSystem';
import { baseName, CAPTURE_TEXT_SCHEME } from './captureUris';
import { plainNotificationText } from './markdownText';

/** Names of files that may hold tcpdump output (the tcpdump language's own, and the plain text ones it switches). */
const TCPDUMP_TEXT_NAME = /\.(tcpdump|tcpd|txt|log|out)$/i;

/**
 * A tcpdump text file over 50 MB opens in an editor, but VS Code does not give it to extensions: TCP
 * Lens offers, once per file, to open it in pages, analysed from the file on disk by the worker.
 */
export function registerLargeTextFiles(captures: CaptureTextFileSystem): vscode.Disposable {
  const offered = new Set<string>();

  const offer = async (uri: vscode.Uri): Promise<void> => {
    const key = uri.toString();
    if (offered.has(key) || uri.scheme === CAPTURE_TEXT_SCHEME || isCaptureFileName(uri.path) || !TCPDUMP_TEXT_NAME.test(uri.path)) return;
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === key)) return;
    const size = await Promise.resolve(vscode.workspace.fs.stat(uri)).then((stat) => stat.size, () => 0);
    if (size <= EXTENSION_SYNC_LIMIT_CHARS || offered.has(key)) return;
    offered.add(key);
    const openInPages = vscode.l10n.t('Open in Pages');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'TCP Lens: {0} is over 50 MB, more than VS Code shares with extensions, so it has no TCP analysis here. If it is tcpdump output, TCP Lens can open it in pages, with the connections and the sequence diagram of the whole file.',
        plainNotificationText(baseName(uri)),
      ),
      openInPages,
    );
    if (answer === openInPages) await captures.open(uri);
  };

  const offerForTabs = (tabs: readonly vscode.Tab[]) => {
    for (const tab of tabs) if (tab.input instanceof vscode.TabInputText) void offer(tab.input.uri);
  };
  offerForTabs(vscode.window.tabGroups.all.flatMap((group) => group.tabs));
  return vscode.window.tabGroups.onDidChangeTabs((change) => offerForTabs(change.opened));
}

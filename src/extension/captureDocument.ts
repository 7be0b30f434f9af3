import * as vscode from 'vscode';
import { errorText } from './analysisFailureText';
import type { CaptureTextFileSystem } from './captureTextFileSystem';
import { baseName } from './captureUris';
import { plainNotificationText } from './markdownText';

export const CAPTURE_EDITOR_VIEW_TYPE = 'tcpLens.captureAsText';
export const OPEN_CAPTURE_AS_TEXT_COMMAND = 'tcpLens.openCaptureAsText';

/**
 * Opening a capture from the explorer lands here (VS Code would otherwise offer a binary file): the
 * custom editor only stands in while the capture is rendered, then gives way to the text document.
 */
class CaptureAsTextEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly captures: CaptureTextFileSystem) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    panel.webview.html = placeholderPage(vscode.l10n.t('Opening {0} as text…', baseName(document.uri)));
    // Not awaited: the workbench must finish opening this editor before it can be closed again.
    void this.replaceWithText(document.uri, panel);
  }

  private async replaceWithText(fileUri: vscode.Uri, panel: vscode.WebviewPanel): Promise<void> {
    try {
      const opened = await this.captures.open(fileUri, { viewColumn: panel.viewColumn });
      if (!opened && !this.captures.isShown(fileUri)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('TCP Lens: opening {0} was cancelled.', plainNotificationText(baseName(fileUri))));
      }
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('TCP Lens: cannot open {0}: {1}', plainNotificationText(baseName(fileUri)), plainNotificationText(errorText(error))));
    } finally {
      panel.dispose();
    }
  }
}

function placeholderPage(message: string): string {
  const escaped = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head>` +
    `<body><p>${escaped}</p></body></html>`;
}

async function pickCaptureFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Open as Text'),
    filters: { [vscode.l10n.t('Packet captures')]: ['pcap', 'pcapng', 'cap', 'gz'] },
  });
  return picked?.[0];
}

export function registerCaptureDocuments(captures: CaptureTextFileSystem): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.registerCustomEditorProvider(CAPTURE_EDITOR_VIEW_TYPE, new CaptureAsTextEditorProvider(captures), {
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand(OPEN_CAPTURE_AS_TEXT_COMMAND, async (uri?: vscode.Uri) => {
      const fileUri = uri instanceof vscode.Uri ? uri : await pickCaptureFile();
      return fileUri ? captures.open(fileUri) : undefined;
    }),
  );
}

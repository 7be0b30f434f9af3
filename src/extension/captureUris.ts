import * as vscode from 'vscode';

/** Scheme of the read-only text views of capture files: `tcp-lens-capture:/dir/name.pcap.tcpdump?<file URI>`. */
export const CAPTURE_TEXT_SCHEME = 'tcp-lens-capture';

export function captureTextUri(fileUri: vscode.Uri): vscode.Uri {
  // The `.tcpdump` suffix gives the view the tcpdump language from the start (no switch after opening).
  return fileUri.with({ scheme: CAPTURE_TEXT_SCHEME, path: `${fileUri.path}.tcpdump`, query: fileUri.toString() });
}

export function captureFileUri(textUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(textUri.query, true);
}

export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

// Captures shared by the outline, CodeLens, diagnostics and connections tree suites.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, workspaceFile } from './helpers';

/**
 * samples/close-wait-server-never-closes.tcpdump: two ARP lines, then one connection on lines 3–13,
 * which tshark 4.0.17 calls a three-way handshake and a half-close (the server never sends its FIN);
 * the kernel's socket table showed the server in CLOSE_WAIT. Zeek calls such a connection S2.
 */
export const CLOSE_WAIT_SAMPLE = {
  name: 'close-wait-server-never-closes.tcpdump',
  connection: '#0 192.0.2.1:40006 → 192.0.2.2:80',
  packets: 11,
  /** 1-based lines: the handshake (SYN, SYN+ACK, ACK), the data, the client's FIN and the server's ACK of it. */
  handshake: { first: 3, last: 5 },
  data: { first: 6, last: 11 },
  close: { first: 12, last: 13 },
  finLine: 12,
};

/**
 * samples/dupack-fast-retransmit.pcap: one connection; tshark 4.0.17 marks frames 25, 26, 43 and
 * 45–61 as duplicate ACKs and frame 44 as a retransmission that is a fast retransmission. Its text
 * view has one line per frame.
 */
export const DUPACK_SAMPLE = {
  name: 'dupack-fast-retransmit.pcap',
  duplicateAckFrames: [25, 26, 43, ...Array.from({ length: 17 }, (_, i) => 45 + i)],
  fastRetransmissionFrame: 44,
};

/** samples/pcapng-two-interfaces.pcapng: tshark's two connections, on frames 3–24 and 14–26. */
export const TWO_INTERFACES_SAMPLE = {
  name: 'pcapng-two-interfaces.pcapng',
  connections: [
    { name: '#0 192.0.2.1:40032 → 192.0.2.2:80', firstFrame: 3 },
    { name: '#1 127.0.0.1:40033 → 127.0.0.1:8080', firstFrame: 14 },
  ],
};

/** A file of the repository (not of the test workspace), e.g. a damaged capture among the fixtures. */
export function repositoryFile(relativePath: string): vscode.Uri {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return vscode.Uri.joinPath(extension.extensionUri, relativePath);
}

export function sampleFile(name: string): vscode.Uri {
  return workspaceFile(name);
}

/**
 * tcpdump text of `count` complete connections (SYN, SYN+ACK, ACK, then FINs both ways) from
 * 10.1.0.1 to 10.2.0.1:80, one after another: connection k starts on line 6k + 1.
 */
export function manyConnectionsText(count: number): string {
  const lines: string[] = [];
  for (let k = 0; k < count; k++) {
    const port = 20000 + k;
    const t = (s: number) => {
      const micros = k * 6000 + s * 1000;
      const seconds = Math.floor(micros / 1e6);
      return `12:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.${String(micros % 1e6).padStart(6, '0')}`;
    };
    lines.push(
      `${t(0)} IP 10.1.0.1.${port} > 10.2.0.1.80: Flags [S], seq 1000, win 64240, length 0`,
      `${t(1)} IP 10.2.0.1.80 > 10.1.0.1.${port}: Flags [S.], seq 5000, ack 1001, win 65160, length 0`,
      `${t(2)} IP 10.1.0.1.${port} > 10.2.0.1.80: Flags [.], ack 1, win 502, length 0`,
      `${t(3)} IP 10.1.0.1.${port} > 10.2.0.1.80: Flags [F.], seq 1, ack 1, win 502, length 0`,
      `${t(4)} IP 10.2.0.1.80 > 10.1.0.1.${port}: Flags [F.], seq 1, ack 2, win 502, length 0`,
      `${t(5)} IP 10.1.0.1.${port} > 10.2.0.1.80: Flags [.], ack 2, win 502, length 0`,
    );
  }
  return lines.join('\n') + '\n';
}

let captureCount = 0;

/**
 * A new .tcpdump file of the workspace with this content, shown. (Not an untitled document: VS Code
 * reuses the name Untitled-1 once the last one is closed and can restore the closed one's content.)
 */
export async function openNewCapture(content: string): Promise<vscode.TextDocument> {
  // Each test file is its own bundle with its own count: the time keeps the names apart.
  const uri = workspaceFile(`views-${Date.now().toString(36)}-${++captureCount}.tcpdump`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

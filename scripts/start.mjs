// `npm start`: serves a real VS Code on 127.0.0.1 with TCP Lens loaded from this folder and the sample
// captures open, and prints its URL. Installs the VS Code host on first use. Stop with Ctrl+C.
//   npm start -- --port 8080       a fixed port instead of a free one
//   npm start -- --folder DIR      open another folder than samples/
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installAndBuild } from './dependencies.mjs';
import { ensureHost, hostDir, repoRoot } from './vscode-host/install.mjs';
import { startVsCode } from './vscode-host/server.mjs';

const { values } = parseArgs({ options: { port: { type: 'string' }, folder: { type: 'string' } } });
const folder = path.resolve(values.folder ?? path.join(repoRoot, 'samples'));
const openFile = values.folder ? undefined : path.join(folder, 'close-wait-server-never-closes.tcpdump');

installAndBuild();
await ensureHost();
const server = await startVsCode({
  workspace: folder,
  // Linked rather than loaded as an extension under development: development mode would need the
  // smoke-test driver, which hides notification toasts (the progress of a large capture among them).
  linkExtension: repoRoot,
  openFile,
  port: values.port ? Number(values.port) : undefined,
  // Settings and window state survive restarts of `npm start`.
  stateDir: path.join(hostDir, 'start-profile'),
});

console.log(`
TCP Lens is running in VS Code at:

  ${server.url}

Folder: ${folder}
Open a .tcpdump file, or click a .pcap / .pcapng in the explorer to see its packets as text: each
packet line starts with both endpoints' states after it, and its hover says why. Open the sequence
diagram with the button in the editor's title bar; see the TCP Connections view, the outline and the
Problems panel. After changing the sources, run \`npm run build\` and reload the browser window.
Server log: ${server.logFile}
Ctrl+C stops the server.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await new Promise(() => undefined); // serve until stopped

// Starts a real VS Code (code-server: the VS Code server plus its web workbench) on 127.0.0.1 and a free
// port, with a throwaway profile, and TCP Lens loaded either from its source folder (as an extension
// under development, the way F5 does it) or installed from a .vsix.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { codeServerBin, hostNodeBin } from './install.mjs';

const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
};

/** Servers still running when this process ends, however it ends (a failed test run, Ctrl+C, a closed pipe). */
const runningServers = new Map(); // process group id -> folder to remove
process.on('exit', () => {
  for (const [pid, throwawayDir] of runningServers) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    if (throwawayDir) rmSync(throwawayDir, { recursive: true, force: true });
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // Only when nobody else handles the signal (npm start does, to stop its server gracefully).
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The server's own state (config, caches, device id) goes into the run folder, never into $HOME. */
function serverEnvironment(runDir, extraEnv) {
  const xdg = path.join(runDir, 'xdg');
  return {
    ...process.env,
    XDG_CONFIG_HOME: xdg,
    XDG_DATA_HOME: xdg,
    XDG_CACHE_HOME: xdg,
    // An empty gallery: nothing is fetched from an extension marketplace.
    EXTENSIONS_GALLERY: '{}',
    ...extraEnv,
  };
}

function commonArguments(runDir) {
  return [
    '--config', path.join(runDir, 'config.yaml'),
    '--user-data-dir', path.join(runDir, 'user-data'),
    '--extensions-dir', path.join(runDir, 'extensions'),
  ];
}

function installExtension(runDir, vsixPath, env) {
  const result = spawnSync(hostNodeBin, [codeServerBin, ...commonArguments(runDir), '--install-extension', vsixPath], {
    env, encoding: 'utf8',
  });
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout)) {
    throw new Error(`installing ${vsixPath} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout.trim();
}

/** VS Code lists the extensions folder's entries in extensions.json on the first start that finds none. */
function linkExtension(runDir, extensionDir) {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  const extensionsDir = path.join(runDir, 'extensions');
  const id = `${manifest.publisher}.${manifest.name}`;
  for (const entry of readdirSync(extensionsDir)) {
    if (entry.startsWith(`${id}-`) || entry === 'extensions.json') rmSync(path.join(extensionsDir, entry), { recursive: true, force: true });
  }
  symlinkSync(path.resolve(extensionDir), path.join(extensionsDir, `${id}-${manifest.version}`), 'dir');
}

async function waitUntilHealthy(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${url}healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer within ${timeoutMs} ms; see ${logFile}`);
}

/**
 * @param {object} options
 * @param {string} options.workspace folder to open
 * @param {string} [options.extensionDevelopmentPath] folder holding the extension's package.json
 * @param {string} [options.extensionTestsPath] module whose run() the extension host awaits
 * @param {string} [options.vsix] a .vsix to install before starting
 * @param {string} [options.linkExtension] a folder holding an extension to link into the extensions
 *   folder, so that VS Code loads it from there as if installed (no development mode needed)
 * @param {string} [options.openFile] a file to open once the workbench is up
 * @param {number} [options.port] default: a free port
 * @param {Record<string,string>} [options.env] extra environment for the server and its extension host
 * @param {string} [options.stateDir] keep the profile (settings, state) here across runs; default: a
 *   throwaway folder removed by stop()
 */
export async function startVsCode(options) {
  const runDir = options.stateDir ?? mkdtempSync(path.join(os.tmpdir(), 'tcp-lens-vscode-'));
  mkdirSync(path.join(runDir, 'user-data', 'User'), { recursive: true });
  mkdirSync(path.join(runDir, 'extensions'), { recursive: true });
  const settingsFile = path.join(runDir, 'user-data', 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify(USER_SETTINGS, null, 2));
  writeFileSync(path.join(runDir, 'config.yaml'), ''); // keeps code-server from writing ~/.config/code-server
  const env = serverEnvironment(runDir, options.env);
  const installed = options.vsix ? installExtension(runDir, options.vsix, env) : undefined;
  if (options.linkExtension) linkExtension(runDir, options.linkExtension);

  const developingExtension = Boolean(options.extensionDevelopmentPath || options.extensionTestsPath);
  const port = options.port ?? (await freePort());
  const authority = `127.0.0.1:${port}`;
  const logFile = path.join(runDir, 'code-server.log');
  const log = openSync(logFile, 'a');
  const child = spawn(hostNodeBin, [
    codeServerBin, ...commonArguments(runDir),
    '--bind-addr', authority, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    ...(developingExtension
      ? // Makes the built workbench honour the extension under development and its tests given in the URL
        // `payload` (VS Code's own web integration tests do the same). It also stops notification toasts
        // (they stay in the notification centre), which is why a VS Code without it is the default.
        ['--vscode-option', 'enable-smoke-test-driver']
      : []),
  ], { env, stdio: ['ignore', log, log], detached: true });

  runningServers.set(child.pid, options.stateDir ? undefined : runDir);
  const baseUrl = `http://${authority}/`;
  const stop = async () => {
    runningServers.delete(child.pid);
    try {
      process.kill(-child.pid, 'SIGTERM'); // detached: the server, its extension hosts and helpers form one group
    } catch {
      // already gone
    }
    for (let i = 0; i < 50 && isGroupAlive(child.pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (isGroupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    if (!options.stateDir) rmSync(runDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(baseUrl, child, logFile, 60_000);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  const remote = (file) => `vscode-remote://${authority}${path.resolve(file)}`;
  const payload = [];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  if (options.openFile) payload.push(['openFile', remote(options.openFile)]);
  const query = new URLSearchParams({ folder: path.resolve(options.workspace) });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  const url = `${baseUrl}?${query.toString().replace(/\+/g, '%20')}`;

  return { url, baseUrl, port, pid: child.pid, runDir, logFile, installed, stop };
}

function isGroupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

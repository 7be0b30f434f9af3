// Makes `npm start` and `npm test` work on a fresh clone: installs the npm
// dependencies when they are missing, and builds. Node built-ins only, since
// it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function runNpm(args) {
  return spawnSync(npm, args, { cwd: root, stdio: 'inherit' }).status === 0;
}

/** `npm ci` unless node_modules is already installed; then `npm run build`. Exits on failure. */
export function installAndBuild() {
  if (!existsSync(path.join(root, 'node_modules', '.package-lock.json')) && !runNpm(['ci', '--no-audit', '--no-fund'])) {
    console.error('npm ci failed');
    process.exit(1);
  }
  if (!runNpm(['run', 'build'])) {
    console.error('the build failed');
    process.exit(1);
  }
}

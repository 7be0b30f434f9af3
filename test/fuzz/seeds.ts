/**
 * Seeds of the fuzz targets: the captures and tcpdump texts of the shared
 * corpus (../shared/corpus, or TCP_LENS_SHARED/corpus), else those of
 * test/fixtures, plus the samples. Long inputs are cut: a mutation fuzzer
 * finds more in many small inputs than in a few large ones.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** The folders seeds come from: the shared corpus when present, the fixtures and samples always. */
export function seedFolders(): string[] {
  const shared = process.env.TCP_LENS_SHARED ?? join(REPO_ROOT, '..', 'shared');
  const folders = [join(shared, 'corpus')].filter((dir) => existsSync(dir));
  folders.push(join(REPO_ROOT, 'test', 'fixtures'), join(REPO_ROOT, 'samples'));
  return folders;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fuzz' ? [] : filesUnder(path);
    return [path];
  });
}

/** Every seed file whose name matches, read whole, in a stable order. */
export function seedFiles(pattern: RegExp): { path: string; bytes: Uint8Array }[] {
  const seen = new Set<string>();
  const out: { path: string; bytes: Uint8Array }[] = [];
  for (const dir of seedFolders()) {
    for (const path of filesUnder(dir).sort()) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (!pattern.test(name) || seen.has(name)) continue;
      seen.add(name);
      out.push({ path, bytes: new Uint8Array(readFileSync(path)) });
    }
  }
  return out;
}

/** Text cut after the last whole line within `max` characters. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = text.lastIndexOf('\n', max);
  return text.slice(0, end > 0 ? end + 1 : max);
}

// Bundles every runtime of TCP Lens with esbuild from the same sources.
//   node scripts/build.mjs               everything, with source maps
//   node scripts/build.mjs --production  minified, no maps (what `npm run package` ships)
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  // The version the CLI and the JSON report (src/core/version.ts).
  define: { TCP_LENS_VERSION: JSON.stringify(version) },
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
};

function filesEndingWith(dir, suffix) {
  return readdirSync(dir).filter((name) => name.endsWith(suffix)).map((name) => join(dir, name));
}

const extensionHost = {
  ...common,
  entryPoints: ['src/extension/extension.ts'],
  format: 'cjs',
  // Provided by the extension host at run time.
  external: ['vscode'],
};

/**
 * The Node-only module the extension and the worker load only when they run under Node (they tell
 * by the absence of `WorkerGlobalScope`). It stays out of the browser bundles, which never call it; any
 * other Node import still fails the browser builds.
 */
const NODE_WORKER_THREADS = 'node:worker_threads';
/** Read only by the Node worker, for a file on the local disk (`src/worker/fileChunks.ts`). */
const NODE_FS = 'node:fs';

const analysisWorker = { ...common, entryPoints: ['src/worker/analysisWorker.ts'] };

/**
 * Mermaid loads each kind of diagram (and KaTeX, and its graph layouts) with a dynamic import; in one
 * IIFE bundle every one of them would be inlined (5 MB). The webview draws sequence diagrams only:
 * the other imports resolve to a module that fails, and Mermaid reports that as any render error.
 */
const mermaidSequenceDiagramsOnly = {
  name: 'mermaid-sequence-diagrams-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]node_modules[\\/]mermaid[\\/]/.test(args.importer)) return undefined;
      if (/[\\/]sequenceDiagram-[^/\\]*\.mjs$/.test(args.path)) return undefined;
      return { path: args.path, namespace: 'mermaid-left-out' };
    });
    build.onLoad({ filter: /.*/, namespace: 'mermaid-left-out' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of TCP Lens's diagram view`)});`,
      loader: 'js',
    }));
  },
};

/** The webview may use the protocol and the pure core; the extension's own code (and `vscode`) stays out. */
const webviewImportsOnlyCoreAndProtocol = {
  name: 'webview-imports-only-core-and-protocol',
  setup(build) {
    build.onResolve({ filter: /(^vscode$|[\\/]extension[\\/])/ }, (args) => {
      if (args.path === 'vscode' || /[\\/]src[\\/]extension[\\/]/.test(join(args.resolveDir, args.path))) {
        return { errors: [{ text: `the diagram webview imports ${args.path} (from ${args.importer}): only src/protocol.ts and src/core may be` }] };
      }
      return undefined;
    });
  },
};

/** A script of a page that draws Mermaid sequence diagrams (a webview, the Markdown preview): one classic script. */
function mermaidPageScript(entry, outfile) {
  return {
    ...common,
    entryPoints: [entry],
    outfile,
    platform: 'browser',
    format: 'iife',
    mainFields: ['browser', 'module', 'main'],
    plugins: [webviewImportsOnlyCoreAndProtocol, mermaidSequenceDiagramsOnly],
  };
}

const targets = [
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  // `main`: the Node extension host (desktop, remote, code-server).
  { ...extensionHost, outfile: 'dist/extension.js', platform: 'node' },
  // `browser`: the web worker extension host (vscode.dev and the like). Same sources; a Node-only
  // import anywhere in them makes this build fail.
  {
    ...extensionHost,
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    mainFields: ['browser', 'module', 'main'],
    external: [...extensionHost.external, NODE_WORKER_THREADS],
  },
  // The analysis off the extension host's thread: a worker_threads worker under the Node extension host…
  { ...analysisWorker, outfile: 'dist/analysisWorker.js', platform: 'node', format: 'cjs' },
  // …and a Web Worker nested in the web worker extension host (a classic script: VS Code starts nested
  // workers with importScripts).
  {
    ...analysisWorker,
    outfile: 'dist/web/analysisWorker.js',
    platform: 'browser',
    format: 'iife',
    mainFields: ['browser', 'module', 'main'],
    external: [NODE_WORKER_THREADS, NODE_FS],
  },
  // The sequence diagram's webview: one classic script with Mermaid and the controls bundled in.
  mermaidPageScript('webview/diagram/main.ts', 'dist/webview/diagram.js'),
  // Draws the mermaid blocks of VS Code's Markdown preview (`markdown.previewScripts`): Mermaid again,
  // in its own folder so that the diagram webview's resource roots do not take it in.
  mermaidPageScript('webview/markdownPreview/main.ts', 'dist/markdownPreview/mermaid.js'),
];

if (!production) {
  // The extension-host suite: each test file is its own bundle so that mocha can load it by name.
  // mocha stays external (it loads reporters by path); it is found in the project's node_modules.
  targets.push({
    ...common,
    entryPoints: ['test/vscode/index.ts', ...filesEndingWith('test/vscode', '.test.ts')],
    outdir: 'out/test/vscode',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'mocha'],
  });
  // The end-to-end suite runs in plain Node and drives the browser with playwright-core.
  targets.push({
    ...common,
    entryPoints: filesEndingWith('test/e2e', '.test.ts'),
    outdir: 'out/test/e2e',
    platform: 'node',
    format: 'cjs',
    packages: 'external',
  });
  // The diagram webview's browser suite: plain Node too (it serves the page and drives Chromium).
  targets.push({
    ...common,
    entryPoints: filesEndingWith('test/webview', '.test.ts'),
    outdir: 'out/test/webview',
    platform: 'node',
    format: 'cjs',
    packages: 'external',
  });
  rmSync('out/test/vscode', { recursive: true, force: true });
  rmSync('out/test/e2e', { recursive: true, force: true });
  rmSync('out/test/webview', { recursive: true, force: true });
}

if (production) {
  // Maps left by an earlier development build would no longer match the bundles.
  for (const bundle of ['cli.js', 'extension.js', 'web/extension.js', 'analysisWorker.js', 'web/analysisWorker.js', 'webview/diagram.js', 'markdownPreview/mermaid.js']) {
    rmSync(`dist/${bundle}.map`, { force: true });
  }
}

await Promise.all(targets.map((options) => esbuild.build(options)));

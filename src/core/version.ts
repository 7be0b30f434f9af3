/**
 * The version of TCP Lens, from package.json: the bundles get it at build
 * time (esbuild's `define` in scripts/build.mjs); the unbundled build the
 * unit tests run takes the one npm hands to the scripts it runs.
 */
declare const TCP_LENS_VERSION: string | undefined;

function unbundledVersion(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.npm_package_version ?? '0.0.0-dev';
}

export const TOOL_VERSION: string = typeof TCP_LENS_VERSION === 'string' ? TCP_LENS_VERSION : unbundledVersion();

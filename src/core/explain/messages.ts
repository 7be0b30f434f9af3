/**
 * The English catalogue of every sentence the core explains with. The
 * templates are also the keys of the translation bundles (l10n/), so
 * changing one means changing its translations too.
 */
export const MESSAGES = {
  findingSynFlood: 'SYN flood: {halfOpen} half-open connections to {target} from {sources} sources in {duration} s',
} as const;

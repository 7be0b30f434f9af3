/**
 * The English catalogue of every sentence the core explains with. The
 * templates are also the keys of the translation bundles (l10n/), so
 * changing one means changing its translations too.
 */
import { DIAGRAM_MESSAGES } from './diagramTemplates';
import { FINDING_MESSAGES } from './findingTemplates';
import { PACKET_MESSAGES } from './packetTemplates';
import { PROBLEM_MESSAGES } from './problemTemplates';
import { READING_MESSAGES } from './readingTemplates';

export const MESSAGES = { ...FINDING_MESSAGES, ...PACKET_MESSAGES, ...PROBLEM_MESSAGES, ...READING_MESSAGES, ...DIAGRAM_MESSAGES } as const;

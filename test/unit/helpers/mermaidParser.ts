/**
 * Mermaid's own parser (the mermaid package the webview bundles), run under
 * Node: parsing needs no DOM. A diagram comes back as what Mermaid read: the
 * configuration its directives set, its participants and its statements.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './explainFixtures';

export interface ParsedActor {
  readonly name: string;
  /** The alias as Mermaid keeps it (entity codes as its placeholders: see `shownText`). */
  readonly description: string;
  readonly links: Record<string, unknown>;
  readonly properties: Record<string, unknown>;
}

export interface ParsedStatement {
  readonly type: number;
  readonly from?: string;
  readonly to?: string;
  readonly message: string;
}

export interface ParsedSequence {
  readonly diagramType: string;
  /** What `%%{init}%%` directives or front matter set (read only when asked: it takes a second parse). */
  readonly config?: Record<string, unknown>;
  readonly actors: ParsedActor[];
  readonly statements: ParsedStatement[];
  readonly lineType: Record<string, number>;
}

interface SequenceDb {
  getActors(): Map<string, ParsedActor>;
  getMessages(): ParsedStatement[];
  LINETYPE: Record<string, number>;
}

interface MermaidModule {
  initialize(config: object): void;
  mermaidAPI: {
    parse(text: string): Promise<{ diagramType: string; config: Record<string, unknown> }>;
    getDiagramFromText(text: string): Promise<{ type: string; db: SequenceDb }>;
  };
}

// The package is ESM only; the tests are compiled to CommonJS, whose `import()` would become `require`.
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<{ default: MermaidModule }>;

let loaded: Promise<MermaidModule> | undefined;

function mermaid(): Promise<MermaidModule> {
  loaded ??= importModule(pathToFileURL(join(REPO, 'node_modules', 'mermaid', 'dist', 'mermaid.core.mjs')).href).then((m) => {
    m.default.initialize({ startOnLoad: false, securityLevel: 'strict' });
    return m.default;
  });
  return loaded;
}

/** The diagram as Mermaid reads it (with the configuration its directives set, if asked); rejects with Mermaid's parse error. */
export async function parseMermaid(text: string, options: { config?: boolean } = {}): Promise<ParsedSequence> {
  const m = await mermaid();
  const config = options.config ? (await m.mermaidAPI.parse(text)).config : undefined;
  const diagram = await m.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  return {
    diagramType: diagram.type,
    config,
    actors: [...db.getActors().values()].map((a) => ({ name: a.name, description: a.description, links: a.links, properties: a.properties })),
    statements: db.getMessages().map((s) => ({ type: s.type, from: s.from, to: s.to, message: s.message })),
    lineType: db.LINETYPE,
  };
}

/** The statements that draw an arrow (not notes, not block starts and ends). */
export function arrows(parsed: ParsedSequence): ParsedStatement[] {
  const t = parsed.lineType;
  const arrowTypes = new Set([t.SOLID, t.DOTTED, t.SOLID_CROSS, t.DOTTED_CROSS, t.SOLID_OPEN, t.DOTTED_OPEN, t.SOLID_POINT, t.DOTTED_POINT]);
  return parsed.statements.filter((s) => arrowTypes.has(s.type));
}

export function notes(parsed: ParsedSequence): ParsedStatement[] {
  return parsed.statements.filter((s) => s.type === parsed.lineType.NOTE);
}

/** Text as the rendered diagram shows it: Mermaid's entity placeholders (made from `#NN;`) as their characters. */
export function shownText(kept: string): string {
  return kept.replace(/\uFB02\u00B0\u00B0(\d+)\u00B6\u00DF/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

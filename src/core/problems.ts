import { formatMessage, message, type Message, type MessageKey } from './explain/message';

/** Input that could not be used: a line that is not a packet, a truncated record, a corrupt block. */
export interface Problem {
  /** 1-based line of a text input, or null. */
  line: number | null;
  /** Byte offset in a binary input (after decompression), or null. */
  offset: number | null;
  /** The English sentence (the JSON's and the CLI's): `formatMessage(text)`. */
  message: string;
  /** The sentence as data, for presenters that translate it. */
  text: Message;
}

/**
 * Collects problems without letting a badly damaged file produce millions of
 * them: past `limit`, problems are counted and summarised in one last entry.
 */
export class ProblemLog {
  readonly items: Problem[] = [];
  private dropped = 0;

  constructor(private readonly limit = 1000) {}

  push(problem: Problem): void {
    if (this.items.length < this.limit) this.items.push(problem);
    else this.dropped++;
  }

  /** A problem; its English sentence is only built while the log still lists problems. */
  say(line: number | null, offset: number | null, text: Message): void {
    this.push({ line, offset, message: this.full ? '' : formatMessage(text), text });
  }

  sayAtLine(line: number, text: Message): void {
    this.say(line, null, text);
  }

  sayAtOffset(offset: number, text: Message): void {
    this.say(null, offset, text);
  }

  /** Past its limit the log only counts. */
  get full(): boolean {
    return this.items.length >= this.limit;
  }

  get count(): number {
    return this.items.length + this.dropped;
  }

  /** The problems, with a closing entry saying how many more were not listed. */
  list(): Problem[] {
    if (this.dropped === 0) return this.items;
    const text = message('problemMoreNotListed', { count: this.dropped });
    return [...this.items, { line: null, offset: null, message: formatMessage(text), text }];
  }
}

/** Keeps its own list and copies every problem to other logs too (one reader feeding the model and the text view). */
export class FanOutProblemLog extends ProblemLog {
  constructor(private readonly targets: readonly ProblemLog[]) {
    super();
  }

  override push(problem: Problem): void {
    super.push(problem);
    for (const target of this.targets) target.push(problem);
  }
}

/** The problems that report a defect of TCP Lens (an exception caught by an entry point), never the input's fault. */
export const INTERNAL_ERROR_PROBLEMS: ReadonlySet<MessageKey> = new Set<MessageKey>([
  'problemInternalError',
  'problemReadingStopped',
  'problemRenderingStopped',
  'problemFrameNotPrintable',
]);

export function isInternalErrorProblem(problem: Problem): boolean {
  return INTERNAL_ERROR_PROBLEMS.has(problem.text.key);
}

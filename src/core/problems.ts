/** Input that could not be used: a line that is not a packet, a truncated record, a corrupt block. */
export interface Problem {
  /** 1-based line of a text input, or null. */
  line: number | null;
  /** Byte offset in a binary input (after decompression), or null. */
  offset: number | null;
  message: string;
}

/**
 * Collects problems without letting a badly damaged file produce millions of
 * them: past `limit`, problems are counted and summarised in one last entry.
 */
export class ProblemLog {
  readonly items: Problem[] = [];
  private dropped = 0;

  constructor(private readonly limit = 1000) {}

  add(line: number | null, offset: number | null, message: string): void {
    if (this.items.length < this.limit) this.items.push({ line, offset, message });
    else this.dropped++;
  }

  atLine(line: number, message: string): void {
    this.add(line, null, message);
  }

  atOffset(offset: number, message: string): void {
    this.add(null, offset, message);
  }

  get count(): number {
    return this.items.length + this.dropped;
  }

  /** The problems, with a closing entry saying how many more were not listed. */
  list(): Problem[] {
    if (this.dropped === 0) return this.items;
    return [...this.items, { line: null, offset: null, message: `${this.dropped} more problems not listed` }];
  }
}

/** Keeps its own list and copies every problem to other logs too (one reader feeding the model and the text view). */
export class FanOutProblemLog extends ProblemLog {
  constructor(private readonly targets: readonly ProblemLog[]) {
    super();
  }

  override add(line: number | null, offset: number | null, message: string): void {
    super.add(line, offset, message);
    for (const target of this.targets) target.add(line, offset, message);
  }
}

import type { CaptureModel } from '../core/model/captureModel';

/** Frames per page of a capture text too large for VS Code to share with extensions. */
export const PAGE_FRAMES = 5000;

/**
 * A capture's text view cut into pages of `PAGE_FRAMES` frames, each small enough for VS Code to share
 * with extensions. The model stays whole (the connections tree, the diagram and search reach every
 * packet); each page gets a copy of the model whose line columns are shifted to the page's lines, so
 * the features that map lines to packets work on the page unchanged.
 */
export class CapturePages {
  /** Byte offset in `utf8` where each 0-based line starts, plus one past the end. */
  private readonly lineStarts: Float64Array;
  /** 1-based first line of each page in the whole text. */
  private readonly pageFirstLines: number[] = [];
  private readonly pageModels = new Map<number, CaptureModel>();
  private readonly pagesOfModels = new WeakMap<CaptureModel, number>();

  constructor(
    private whole: CaptureModel,
    private readonly utf8: Uint8Array,
    readonly framesPerPage = PAGE_FRAMES,
  ) {
    this.lineStarts = lineStartsOf(utf8);
    const { frameFirstLine } = whole.frameLines;
    this.pageFirstLines.push(1);
    for (let frame = framesPerPage; frame < frameFirstLine.length; frame += framesPerPage) this.pageFirstLines.push(frameFirstLine[frame]);
  }

  get count(): number {
    return this.pageFirstLines.length;
  }

  get model(): CaptureModel {
    return this.whole;
  }

  /** A model made again (other settings) replaces the page models. */
  set model(model: CaptureModel) {
    this.whole = model;
    this.pageModels.clear();
  }

  /** Lines of the whole text before the page: a page line plus this is the line in the whole text. */
  lineOffset(page: number): number {
    return this.pageFirstLines[page] - 1;
  }

  /** The number of lines of the whole text. */
  get lineCount(): number {
    return this.lineStarts.length - 1;
  }

  /** The whole capture's model behind a page model; any other model as it is. */
  wholeModelOf(model: CaptureModel): CaptureModel {
    return this.pagesOfModels.has(model) ? this.whole : model;
  }

  /** The page (0-based) showing a 1-based line of the whole text. */
  pageOfLine(line: number): number {
    let lo = 0;
    let hi = this.pageFirstLines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.pageFirstLines[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The page's text, UTF-8 (a view of the whole text, not a copy). */
  text(page: number): Uint8Array {
    const firstLine = this.pageFirstLines[page];
    const end = page + 1 < this.count ? this.pageFirstLines[page + 1] - 1 : this.lineCount;
    return this.utf8.subarray(this.lineStarts[firstLine - 1], this.lineStarts[end]);
  }

  /** The whole model with the lines of the page: lines of other pages fall before 1 or after its last line. */
  pageModel(page: number): CaptureModel {
    let model = this.pageModels.get(page);
    if (!model) {
      model = shiftLines(this.whole, this.lineOffset(page));
      // Only a few pages are kept: each is a copy of the line columns.
      if (this.pageModels.size >= 4) this.pageModels.delete(this.pageModels.keys().next().value as number);
      this.pageModels.set(page, model);
      this.pagesOfModels.set(model, page);
    }
    return model;
  }

  /** The page a model from `pageModel` is of; undefined for any other model. */
  pageOfModel(model: CaptureModel): number | undefined {
    return this.pagesOfModels.get(model);
  }
}

function lineStartsOf(utf8: Uint8Array): Float64Array {
  let count = 0;
  for (let at = utf8.indexOf(10); at >= 0; at = utf8.indexOf(10, at + 1)) count++;
  const endsWithBreak = utf8.length > 0 && utf8[utf8.length - 1] === 10;
  const starts = new Float64Array(count + (endsWithBreak ? 1 : 2));
  let line = 1;
  for (let at = utf8.indexOf(10); at >= 0; at = utf8.indexOf(10, at + 1)) starts[line++] = at + 1;
  starts[starts.length - 1] = utf8.length;
  return starts;
}

/**
 * Copies of the line columns shifted by `offset` lines, lines of earlier pages at 0 (still ascending,
 * as the line queries need; no line 0 is ever asked for). The whole model keeps the lines of the
 * whole text, for what must reach another page (`ModelCache.linesShown`).
 */
function shiftLines(model: CaptureModel, offset: number): CaptureModel {
  const shift = (lines: Uint32Array): Uint32Array => {
    const shifted = new Uint32Array(lines.length);
    for (let i = 0; i < lines.length; i++) shifted[i] = Math.max(0, lines[i] - offset);
    return shifted;
  };
  const { frameLines, packets } = model;
  return {
    ...model,
    packets: { ...packets, line: shift(packets.line) },
    frameLines: { ...frameLines, frameFirstLine: shift(frameLines.frameFirstLine), frameLastLine: shift(frameLines.frameLastLine) },
  };
}

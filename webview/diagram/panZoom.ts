/**
 * Zoom and pan of the drawn diagram (@panzoom/panzoom on the canvas inside the viewport): drag to
 * pan, the wheel scrolls, Ctrl/⌘ with the wheel zooms at the pointer, and the toolbar's buttons.
 */
import Panzoom, { type PanzoomObject } from '@panzoom/panzoom';

const MIN_SCALE = 0.05;
const MAX_SCALE = 8;
const ZOOM_STEP = 1.25;
/** One notch of Ctrl/⌘ + wheel: a zoom by e^0.1 (about 10 %). */
const WHEEL_ZOOM_STEP = 0.1;
/** The smallest zoom a diagram is first shown at: its labels can still be read. */
const READABLE_SCALE = 0.6;
/** Room left beside the diagram when it is fitted to the width. */
const MARGIN = 8;
/** A pointer that moved farther than this between down and up dragged; its click is no click. */
const CLICK_SLOP = 5;

export class DiagramPanZoom {
  private readonly panzoom: PanzoomObject;
  private content = { width: 0, height: 0 };
  private down: { x: number; y: number } | undefined;
  private dragged = false;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly canvas: HTMLElement,
  ) {
    // Transform origin at the top left: the canvas's point p is drawn at scale × (p + pan).
    // Panzoom pans by dragging; zooming is done here (see zoomAt).
    this.panzoom = Panzoom(canvas, { canvas: true, origin: '0 0', minScale: MIN_SCALE, maxScale: MAX_SCALE, cursor: 'grab' });
    viewport.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    viewport.addEventListener('pointerdown', (event) => {
      this.down = { x: event.clientX, y: event.clientY };
      this.dragged = false;
    }, { capture: true });
    viewport.addEventListener('pointermove', (event) => {
      if (this.down && Math.hypot(event.clientX - this.down.x, event.clientY - this.down.y) > CLICK_SLOP) this.dragged = true;
    }, { capture: true });
    viewport.addEventListener('pointerup', () => {
      this.down = undefined;
    }, { capture: true });
  }

  /** The last pointer press was a drag (a pan), not a click. */
  get wasDrag(): boolean {
    return this.dragged;
  }

  private get state(): { scale: number; x: number; y: number } {
    const { x, y } = this.panzoom.getPan();
    return { scale: this.panzoom.getScale(), x, y };
  }

  /**
   * New content of this size (in CSS pixels at scale 1). `keep`: the zoom and the pan (a new drawing
   * of the same page), the zoom only (another page: from the top), or nothing: then it is shown from
   * the top, as wide as the viewport but no larger than drawn, and never so small that it cannot be
   * read (a wide diagram is then panned sideways).
   */
  showContent(size: { width: number; height: number }, keep: 'zoomAndPan' | 'zoom' | 'nothing'): void {
    this.content = size;
    if (keep === 'zoomAndPan') return;
    if (keep === 'zoom') {
      const { scale, x } = this.state;
      this.panzoom.pan(x, MARGIN / scale, { animate: false, force: true });
      return;
    }
    this.fit(Math.min(1, Math.max(READABLE_SCALE, this.widthScale())));
  }

  fitToWidth(): void {
    this.fit(Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.widthScale())));
  }

  private widthScale(): number {
    const width = Math.max(1, this.viewport.clientWidth - 2 * MARGIN);
    return this.content.width > 0 ? width / this.content.width : 1;
  }

  /** Zooms to `scale`, centred if it fits across, else from the left; from the top. */
  private fit(scale: number): void {
    this.panzoom.zoom(scale, { animate: false, force: true });
    const across = this.viewport.clientWidth / scale;
    const x = this.content.width <= across ? (across - this.content.width) / 2 : MARGIN / scale;
    this.panzoom.pan(x, MARGIN / scale, { animate: false, force: true });
  }

  zoomIn(): void {
    this.zoomAtCentre(this.panzoom.getScale() * ZOOM_STEP);
  }

  zoomOut(): void {
    this.zoomAtCentre(this.panzoom.getScale() / ZOOM_STEP);
  }

  /**
   * Pans the element into the middle of the viewport unless it is in view already. Panzoom paints a
   * new pan or zoom in the next animation frame, so the element's place is measured in the canvas's
   * own units (whatever transform is on screen now) and set against the pan and zoom asked for last.
   */
  reveal(element: Element): void {
    const canvasBox = this.canvas.getBoundingClientRect();
    const onScreen = canvasBox.width / Math.max(1, this.canvas.offsetWidth);
    const box = element.getBoundingClientRect();
    const left = (box.left - canvasBox.left) / onScreen;
    const top = (box.top - canvasBox.top) / onScreen;
    const width = box.width / onScreen;
    const height = box.height / onScreen;
    const { scale, x, y } = this.state;
    const viewWidth = this.viewport.clientWidth / scale;
    const viewHeight = this.viewport.clientHeight / scale;
    // In view: its box, panned by (x, y), lies within the viewport (both in canvas units).
    const insideX = left + x >= 0 && left + width + x <= viewWidth;
    const insideY = top + y >= 0 && top + height + y <= viewHeight;
    if (insideX && insideY) return;
    const toX = insideX || width > viewWidth ? x : viewWidth / 2 - (left + width / 2);
    const toY = viewHeight / 2 - (top + height / 2);
    this.panzoom.pan(toX, toY, { animate: false, force: true });
  }

  private zoomAtCentre(scale: number): void {
    this.zoomAt(scale, this.viewport.clientWidth / 2, this.viewport.clientHeight / 2);
  }

  /**
   * Zooms keeping the canvas point under (px, py) (viewport pixels) where it is. On screen a canvas
   * point p is at scale × (p + pan), so the pan becomes pan + px / newScale − px / scale. Computed
   * from the pan and zoom asked for, not from the DOM, which Panzoom updates a frame later.
   */
  private zoomAt(scale: number, px: number, py: number): void {
    const before = this.state;
    const after = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
    this.panzoom.zoom(after, { animate: false, force: true });
    this.panzoom.pan(before.x + px / after - px / before.scale, before.y + py / after - py / before.scale, { animate: false, force: true });
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    if (event.ctrlKey || event.metaKey) {
      const view = this.viewport.getBoundingClientRect();
      const factor = Math.exp(-Math.sign(event.deltaY || event.deltaX) * WHEEL_ZOOM_STEP);
      this.zoomAt(this.state.scale * factor, event.clientX - view.left, event.clientY - view.top);
      return;
    }
    const scale = this.panzoom.getScale();
    // Lines or pages of scrolling come as small numbers: count a line as 16 pixels, a page as the viewport.
    const unit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? this.viewport.clientHeight : 1;
    const [dx, dy] = event.shiftKey && event.deltaX === 0 ? [event.deltaY, 0] : [event.deltaX, event.deltaY];
    this.panzoom.pan((-dx * unit) / scale, (-dy * unit) / scale, { relative: true, animate: false, force: true });
  }
}

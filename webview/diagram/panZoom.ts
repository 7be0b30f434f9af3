/**
 * Zoom and pan of the drawn diagram (@panzoom/panzoom on the canvas inside the viewport): drag to
 * pan, the wheel scrolls, Ctrl/⌘ with the wheel zooms at the pointer, and the toolbar's buttons.
 */
import Panzoom, { type PanzoomObject } from '@panzoom/panzoom';

export interface PanZoomState {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 8;
const ZOOM_STEP = 1.25;
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
    canvas: HTMLElement,
  ) {
    // Transform origin at the top left: the canvas's point p is drawn at scale × (p + pan).
    this.panzoom = Panzoom(canvas, { canvas: true, origin: '0 0', minScale: MIN_SCALE, maxScale: MAX_SCALE, cursor: 'grab', step: 0.3 });
    viewport.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    viewport.addEventListener('pointerdown', (event) => {
      this.down = { x: event.clientX, y: event.clientY };
      this.dragged = false;
    }, { capture: true });
    viewport.addEventListener('pointermove', (event) => {
      if (this.down && Math.hypot(event.clientX - this.down.x, event.clientY - this.down.y) > CLICK_SLOP) this.dragged = true;
    }, { capture: true });
  }

  /** The last pointer press was a drag (a pan), not a click. */
  get wasDrag(): boolean {
    return this.dragged;
  }

  get state(): PanZoomState {
    const { x, y } = this.panzoom.getPan();
    return { scale: this.panzoom.getScale(), x, y };
  }

  /** New content of this size (in CSS pixels at scale 1): keep `state` if given, else fit it to the width. */
  showContent(size: { width: number; height: number }, state?: PanZoomState): void {
    this.content = size;
    if (state) {
      this.panzoom.zoom(state.scale, { animate: false, force: true });
      this.panzoom.pan(state.x, state.y, { animate: false, force: true });
    } else {
      this.fitToWidth();
    }
  }

  fitToWidth(): void {
    const width = Math.max(1, this.viewport.clientWidth - 2 * MARGIN);
    const scale = Math.min(2, Math.max(MIN_SCALE, this.content.width > 0 ? width / this.content.width : 1));
    this.panzoom.zoom(scale, { animate: false, force: true });
    const x = (this.viewport.clientWidth / scale - this.content.width) / 2;
    this.panzoom.pan(x, MARGIN / scale, { animate: false, force: true });
  }

  /** Back to the top, keeping the zoom (another page of the same connection). */
  toTop(): void {
    const { scale, x } = this.state;
    this.panzoom.pan(x, MARGIN / scale, { animate: false, force: true });
  }

  zoomIn(): void {
    this.zoomAtCentre(this.panzoom.getScale() * ZOOM_STEP);
  }

  zoomOut(): void {
    this.zoomAtCentre(this.panzoom.getScale() / ZOOM_STEP);
  }

  /** Pans the element into the middle of the viewport unless it is in view already. */
  reveal(element: Element): void {
    const box = element.getBoundingClientRect();
    const view = this.viewport.getBoundingClientRect();
    const inside = box.top >= view.top && box.bottom <= view.bottom && box.left >= view.left && box.right <= view.right;
    if (inside) return;
    const scale = this.panzoom.getScale();
    const dy = view.top + view.height / 2 - (box.top + box.height / 2);
    const dx = box.width > view.width || (box.left >= view.left && box.right <= view.right) ? 0 : view.left + view.width / 2 - (box.left + box.width / 2);
    this.panzoom.pan(dx / scale, dy / scale, { relative: true, animate: false, force: true });
  }

  private zoomAtCentre(scale: number): void {
    const view = this.viewport.getBoundingClientRect();
    this.panzoom.zoomToPoint(scale, { clientX: view.left + view.width / 2, clientY: view.top + view.height / 2 }, { animate: false });
  }

  private onWheel(event: WheelEvent): void {
    if (event.ctrlKey || event.metaKey) {
      this.panzoom.zoomWithWheel(event);
      return;
    }
    event.preventDefault();
    const scale = this.panzoom.getScale();
    // Lines or pages of scrolling come as small numbers: count a line as 16 pixels, a page as the viewport.
    const unit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? this.viewport.clientHeight : 1;
    const [dx, dy] = event.shiftKey && event.deltaX === 0 ? [event.deltaY, 0] : [event.deltaX, event.deltaY];
    this.panzoom.pan((-dx * unit) / scale, (-dy * unit) / scale, { relative: true, animate: false, force: true });
  }
}

/**
 * The webview's page: draws each view the extension sends, links its messages to packets both ways,
 * and answers export requests. Only the latest `show` is drawn; a highlight or an explanation of
 * another document version than the view's is ignored.
 */
import type { DiagramView, ExtensionToWebviewMessage, WebviewToExtensionMessage } from '../../src/protocol';
import { pngOf, standaloneSvg } from './exportImage';
import { highlightBand, MessageLinks } from './messageLinks';
import { DiagramPanZoom } from './panZoom';
import { parseSvg, RenderCancelled, renderMermaid, setNaturalSize } from './render';
import { saveState, type VsCodeApi } from './state';
import { currentTheme, LIGHT_THEME, sameTheme, watchTheme, type DiagramTheme } from './theme';
import { Toolbar } from './toolbar';
import { Tooltip } from './tooltip';

type MessageOf<T extends ExtensionToWebviewMessage['type']> = Extract<ExtensionToWebviewMessage, { type: T }>;

/** How long the pointer rests on a message before its explanation is asked for. */
const HOVER_DELAY_MS = 250;

interface Drawn {
  readonly view: DiagramView;
  readonly links: MessageLinks;
}

export interface PageElements {
  readonly toolbar: HTMLElement;
  readonly viewport: HTMLElement;
  readonly canvas: HTMLElement;
  readonly notice: HTMLElement;
  readonly tooltip: HTMLElement;
}

export class DiagramPage {
  /** The view asked for last (drawn or being drawn), and the theme it is drawn in. */
  private view: DiagramView | undefined;
  private theme: DiagramTheme | undefined;
  private drawn: Drawn | undefined;
  /** Bumped by every show and status: a render of an older one is dropped. */
  private generation = 0;
  private highlighted: { packet: number; elements: Element[] } | undefined;
  private wantedHighlight: number | null = null;
  private hover: { packet: number; id: number; timer?: ReturnType<typeof setTimeout>; x: number; y: number } | undefined;
  private explainRequests = 0;
  private readonly toolbar: Toolbar;
  private readonly panZoom: DiagramPanZoom;
  private readonly tooltip: Tooltip;

  constructor(
    private readonly vscode: VsCodeApi,
    private readonly elements: PageElements,
  ) {
    this.toolbar = new Toolbar(elements.toolbar, {
      choose: (scope, page) => this.post({ type: 'choose', scope, page }),
      jumpToCursor: () => this.post({ type: 'jumpToCursor' }),
      zoomIn: () => this.panZoom.zoomIn(),
      zoomOut: () => this.panZoom.zoomOut(),
      fitToWidth: () => this.panZoom.fitToWidth(),
      exportDiagram: () => this.post({ type: 'command', command: 'export' }),
      copyMermaid: () => this.post({ type: 'command', command: 'copyMermaid' }),
    });
    this.panZoom = new DiagramPanZoom(elements.viewport, elements.canvas);
    this.tooltip = new Tooltip(elements.tooltip);
    elements.viewport.addEventListener('click', (event) => this.onClick(event));
    elements.viewport.addEventListener('pointerover', (event) => this.onPointerOver(event));
    elements.viewport.addEventListener('pointermove', (event) => this.onPointerMove(event));
    elements.viewport.addEventListener('pointerleave', () => this.endHover());
    elements.viewport.addEventListener('keydown', (event) => this.onKeyDown(event));
    watchTheme(() => this.onThemeChange());
  }

  receive(message: ExtensionToWebviewMessage): void {
    switch (message.type) {
      case 'show':
        void this.show(message.view);
        break;
      case 'highlight':
        this.onHighlight(message);
        break;
      case 'explanation':
        this.onExplanation(message);
        break;
      case 'export':
        void this.export(message);
        break;
      case 'status':
        this.showStatus(message.text);
        break;
    }
  }

  private post(message: WebviewToExtensionMessage): void {
    this.vscode.postMessage(message);
  }

  private async show(view: DiagramView, theme: DiagramTheme = currentTheme()): Promise<void> {
    const generation = ++this.generation;
    const previous = this.drawn;
    // The same diagram again (another page of a paged capture text: only the document's version and lines
    // changed): what is drawn stays, with the new view's version, highlight and controls.
    if (previous && this.theme && sameTheme(theme, this.theme) && previous.view.window.text === view.window.text && this.view === previous.view) {
      this.view = view;
      this.wantedHighlight = view.highlightPacket;
      this.toolbar.update(view);
      saveState(this.vscode, view);
      this.drawn = { view, links: previous.links };
      this.applyHighlight(view.highlightPacket, view.highlightPacket !== previous.view.highlightPacket);
      this.post({ type: 'rendered', documentVersion: view.documentVersion, messages: previous.links.count, theme: theme.name, viewId: view.id });
      return;
    }
    this.view = view;
    this.theme = theme;
    this.wantedHighlight = view.highlightPacket;
    document.body.classList.remove('showing-status');
    this.toolbar.update(view);
    this.elements.viewport.setAttribute('aria-label', view.strings.keyboardHelp);
    this.toolbar.rendering = true;
    saveState(this.vscode, view);
    const current = (): boolean => generation === this.generation;
    try {
      const svgText = await renderMermaid(view.window.text, theme, current);
      if (!current()) return;
      const svg = document.importNode(parseSvg(svgText), true);
      const size = setNaturalSize(svg);
      const links = MessageLinks.link(svg, view.window.messagePackets);
      this.endHover();
      this.highlighted = undefined;
      this.elements.canvas.replaceChildren(svg);
      this.showNotice(links.count === 0 ? view.strings.noPackets : '');
      this.drawn = { view, links };
      this.panZoom.showContent(size, keptZoom(previous?.view, view));
      this.applyHighlight(this.wantedHighlight, true);
      this.toolbar.rendering = false;
      this.post({ type: 'rendered', documentVersion: view.documentVersion, messages: links.count, theme: theme.name, viewId: view.id });
    } catch (error) {
      if (error instanceof RenderCancelled || !current()) return;
      this.toolbar.rendering = false;
      this.drawn = undefined;
      this.elements.canvas.replaceChildren();
      const message = messageOf(error);
      this.showNotice(`${view.strings.renderFailed}\n${message}`);
      this.post({ type: 'renderFailed', documentVersion: view.documentVersion, message });
    }
  }

  private showStatus(text: string): void {
    this.generation++;
    this.view = undefined;
    this.drawn = undefined;
    this.endHover();
    this.highlighted = undefined;
    this.toolbar.rendering = false;
    this.elements.canvas.replaceChildren();
    document.body.classList.add('showing-status');
    this.showNotice(text);
  }

  private showNotice(text: string): void {
    this.elements.notice.textContent = text;
    this.elements.notice.hidden = text === '';
  }

  private onThemeChange(): void {
    const theme = currentTheme();
    if (this.view && this.theme && !sameTheme(theme, this.theme)) void this.show(this.view, theme);
  }

  // ---- packets: highlight, click, hover ---------------------------------------------------------

  private onHighlight(message: MessageOf<'highlight'>): void {
    if (!this.view || message.documentVersion !== this.view.documentVersion) return;
    this.wantedHighlight = message.packet;
    if (this.drawn?.view === this.view) this.applyHighlight(message.packet, message.reveal);
  }

  private applyHighlight(packet: number | null, reveal: boolean): void {
    if (this.highlighted) {
      for (const element of this.highlighted.elements) {
        if (element.classList.contains('tcp-lens-highlight-band')) element.remove();
        else element.classList.remove('tcp-lens-highlight');
      }
      this.highlighted = undefined;
    }
    const message = packet === null ? undefined : this.drawn?.links.ofPacket(packet);
    if (!message || packet === null) return;
    const elements: Element[] = [message.arrow, ...message.labels];
    for (const element of elements) element.classList.add('tcp-lens-highlight');
    const band = highlightBand(message);
    (message.labels[0] ?? message.arrow).before(band);
    this.highlighted = { packet, elements: [...elements, band] };
    if (reveal) this.panZoom.reveal(band);
  }

  private onClick(event: MouseEvent): void {
    if (this.panZoom.wasDrag || !this.drawn) return;
    const packet = this.drawn.links.packetAt(event.target);
    if (packet === undefined) return;
    this.post({ type: 'reveal', documentVersion: this.drawn.view.documentVersion, packet });
  }

  private onPointerOver(event: PointerEvent): void {
    const packet = this.drawn?.links.packetAt(event.target);
    if (packet === this.hover?.packet) return;
    this.endHover();
    if (packet === undefined || !this.drawn) return;
    const { documentVersion } = this.drawn.view;
    const hover: NonNullable<typeof this.hover> = { packet, id: ++this.explainRequests, x: event.clientX, y: event.clientY };
    hover.timer = setTimeout(() => this.post({ type: 'explain', id: hover.id, documentVersion, packet }), HOVER_DELAY_MS);
    this.hover = hover;
  }

  private onPointerMove(event: PointerEvent): void {
    if (!this.hover) return;
    if (this.drawn?.links.packetAt(event.target) !== this.hover.packet) {
      this.endHover();
      return;
    }
    this.hover.x = event.clientX;
    this.hover.y = event.clientY;
  }

  // ---- keyboard: from message to message, page to page -------------------------------------------

  private onKeyDown(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const drawn = this.drawn;
    if (!drawn) return;
    const last = drawn.links.count - 1;
    const current = this.highlighted ? (drawn.links.ofPacket(this.highlighted.packet)?.index ?? -1) : -1;
    switch (event.key) {
      case 'ArrowDown':
        this.selectMessage(current < 0 ? 0 : Math.min(last, current + 1));
        break;
      case 'ArrowUp':
        this.selectMessage(current < 0 ? last : Math.max(0, current - 1));
        break;
      case 'Home':
        this.selectMessage(0);
        break;
      case 'End':
        this.selectMessage(last);
        break;
      case 'PageDown':
      case 'PageUp': {
        const { scope, page, pageCount } = drawn.view.window;
        const target = page + (event.key === 'PageDown' ? 1 : -1);
        if (target >= 0 && target < pageCount) this.post({ type: 'choose', scope, page: target });
        break;
      }
      case '+':
      case '=':
        this.panZoom.zoomIn();
        break;
      case '-':
        this.panZoom.zoomOut();
        break;
      case '0':
        this.panZoom.fitToWidth();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  /** The k-th message highlighted and in view, its line selected in the editor, its explanation shown beside it. */
  private selectMessage(index: number): void {
    const drawn = this.drawn;
    const message = drawn?.links.messages[index];
    if (!drawn || !message) return;
    this.wantedHighlight = message.packet;
    this.applyHighlight(message.packet, true);
    const { documentVersion } = drawn.view;
    this.post({ type: 'reveal', documentVersion, packet: message.packet });
    this.endHover();
    // Placed once the pan that brings it into view is painted.
    requestAnimationFrame(() => {
      const box = message.arrow.getBoundingClientRect();
      const hover = { packet: message.packet, id: ++this.explainRequests, x: box.left + box.width / 2, y: box.top + box.height / 2 };
      this.hover = hover;
      this.post({ type: 'explain', id: hover.id, documentVersion, packet: message.packet });
    });
  }

  private endHover(): void {
    if (this.hover?.timer !== undefined) clearTimeout(this.hover.timer);
    this.hover = undefined;
    this.tooltip.hide();
  }

  private onExplanation(message: MessageOf<'explanation'>): void {
    const hover = this.hover;
    if (!hover || !this.drawn || message.id !== hover.id || message.packet !== hover.packet) return;
    if (message.documentVersion !== this.drawn.view.documentVersion) return;
    this.tooltip.show(message.text, hover.x, hover.y);
  }

  // ---- export -----------------------------------------------------------------------------------

  private async export(message: MessageOf<'export'>): Promise<void> {
    const { id, format } = message;
    try {
      const view = this.view;
      if (!view) throw new Error('no diagram is shown');
      const theme = message.theme === 'light' ? LIGHT_THEME : currentTheme();
      const svg = standaloneSvg(await renderMermaid(view.window.text, theme), theme.background);
      const data = format === 'svg' ? svg.text : await pngOf(svg);
      this.post({ type: 'exported', id, format, data });
    } catch (error) {
      this.post({ type: 'exportFailed', id, message: messageOf(error) });
    }
  }
}

/** What to keep of the zoom for a new drawing: all of it for the same page of the same scope, the zoom for another page. */
function keptZoom(before: DiagramView | undefined, after: DiagramView): 'zoomAndPan' | 'zoom' | 'nothing' {
  if (!before || before.documentUri !== after.documentUri || before.window.scope !== after.window.scope) return 'nothing';
  return before.window.page === after.window.page ? 'zoomAndPan' : 'zoom';
}

/** Mermaid rejects with Errors, and with plain objects carrying a message (its parse errors). */
function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

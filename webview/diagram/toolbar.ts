/**
 * The controls above the diagram, from @vscode-elements/elements (only the components used are
 * imported; they style themselves with the --vscode-* variables and constructable stylesheets, which
 * the CSP does not govern). Every label comes from the view's strings, localised by the extension;
 * connection labels come from the capture and are set as text only.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { DiagramScope } from '../../src/core/diagram/diagramWindow';
import type { DiagramUiStringKey, DiagramView } from '../../src/protocol';

export interface ToolbarActions {
  choose(scope: DiagramScope, page: number): void;
  jumpToCursor(): void;
  zoomIn(): void;
  zoomOut(): void;
  fitToWidth(): void;
  exportDiagram(): void;
  copyMermaid(): void;
}

/** "Page {0} of {1}" and the like: `{n}` replaced by the n-th argument. */
export function format(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : whole));
}

const scopeValue = (scope: DiagramScope): string => String(scope);
const scopeOf = (value: string): DiagramScope | undefined => (value === 'all' ? 'all' : /^\d+$/.test(value) ? Number(value) : undefined);

export class Toolbar {
  private view: DiagramView | undefined;
  private readonly scopeLabel = element('label', 'scope-label');
  private readonly scopeSelect = document.createElement('vscode-single-select') as VscodeSingleSelect;
  private readonly previous = button('previous-page');
  private readonly pageLabel = element('span', 'page-label');
  private readonly next = button('next-page');
  private readonly jump = button('jump-to-cursor');
  private readonly zoomOut = button('zoom-out');
  private readonly zoomIn = button('zoom-in');
  private readonly fit = button('fit-to-width');
  private readonly exportButton = button('export');
  private readonly copy = button('copy-mermaid');
  private readonly staleBadge = document.createElement('vscode-badge');
  private readonly progress = element('span', 'progress');
  private scopesShown = '';

  constructor(container: HTMLElement, actions: ToolbarActions) {
    this.scopeSelect.id = 'scope';
    this.scopeLabel.htmlFor = 'scope';
    this.staleBadge.id = 'stale';
    this.staleBadge.hidden = true;
    this.progress.hidden = true;
    this.progress.setAttribute('role', 'status');
    this.zoomOut.textContent = '−';
    this.zoomIn.textContent = '+';
    const group = (...children: HTMLElement[]): HTMLElement => {
      const div = element('div', 'group');
      div.append(...children);
      return div;
    };
    container.append(
      group(this.scopeLabel, this.scopeSelect),
      group(this.previous, this.pageLabel, this.next, this.jump),
      group(this.zoomOut, this.zoomIn, this.fit),
      group(this.exportButton, this.copy),
      group(this.staleBadge, this.progress),
    );

    this.scopeSelect.addEventListener('change', () => {
      const scope = scopeOf(this.scopeSelect.value);
      if (this.view && scope !== undefined && scope !== this.view.window.scope) actions.choose(scope, 0);
    });
    const page = (delta: number) => () => {
      if (!this.view) return;
      const target = this.view.window.page + delta;
      if (target >= 0 && target < this.view.window.pageCount) actions.choose(this.view.window.scope, target);
    };
    this.previous.addEventListener('click', page(-1));
    this.next.addEventListener('click', page(+1));
    this.jump.addEventListener('click', () => actions.jumpToCursor());
    this.zoomIn.addEventListener('click', () => actions.zoomIn());
    this.zoomOut.addEventListener('click', () => actions.zoomOut());
    this.fit.addEventListener('click', () => actions.fitToWidth());
    this.exportButton.addEventListener('click', () => actions.exportDiagram());
    this.copy.addEventListener('click', () => actions.copyMermaid());
  }

  update(view: DiagramView): void {
    this.view = view;
    const text = (key: DiagramUiStringKey): string => view.strings[key] ?? key;
    this.scopeLabel.textContent = text('connection');
    this.updateScopes(view);
    const { page, pageCount } = view.window;
    this.pageLabel.textContent = format(text('page'), page + 1, pageCount);
    this.previous.textContent = text('previousPage');
    this.next.textContent = text('nextPage');
    this.previous.disabled = page <= 0;
    this.next.disabled = page >= pageCount - 1;
    this.jump.textContent = text('jumpToCursor');
    labelled(this.zoomIn, text('zoomIn'));
    labelled(this.zoomOut, text('zoomOut'));
    this.fit.textContent = text('fitToWidth');
    this.exportButton.textContent = text('export');
    this.copy.textContent = text('copyMermaid');
    this.staleBadge.textContent = text('stale');
    this.staleBadge.hidden = !view.stale;
    this.progress.textContent = text('rendering');
  }

  set rendering(on: boolean) {
    this.progress.hidden = !on;
  }

  private updateScopes(view: DiagramView): void {
    // Rebuilt only when the choices change: rebuilding closes an open dropdown.
    const key = JSON.stringify(view.scopes);
    if (key !== this.scopesShown) {
      this.scopesShown = key;
      const options = view.scopes.map((choice) => {
        const option = document.createElement('vscode-option');
        option.value = scopeValue(choice.scope);
        option.textContent = choice.label;
        return option;
      });
      this.scopeSelect.replaceChildren(...options);
    }
    this.scopeSelect.value = scopeValue(view.window.scope);
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.className = className;
  return created;
}

function button(id: string): VscodeButton {
  const created = document.createElement('vscode-button');
  created.id = id;
  created.secondary = true;
  return created;
}

/** A button whose face is a symbol: its name for the screen reader and the tooltip. */
function labelled(target: HTMLElement, label: string): void {
  target.setAttribute('aria-label', label);
  target.title = label;
}

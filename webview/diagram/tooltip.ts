/** The explanation of the hovered message: plain text (it quotes the capture), placed by the pointer. */
export class Tooltip {
  constructor(private readonly element: HTMLElement) {
    element.hidden = true;
  }

  show(text: string, clientX: number, clientY: number): void {
    this.element.textContent = text;
    this.element.hidden = false;
    const offset = 14;
    const { width, height } = this.element.getBoundingClientRect();
    const left = Math.max(0, Math.min(clientX + offset, window.innerWidth - width - 4));
    const top = clientY + offset + height <= window.innerHeight ? clientY + offset : Math.max(0, clientY - offset - height);
    this.element.style.left = `${left}px`;
    this.element.style.top = `${top}px`;
  }

  hide(): void {
    this.element.hidden = true;
    this.element.textContent = '';
  }

  get visible(): boolean {
    return !this.element.hidden;
  }
}

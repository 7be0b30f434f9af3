/**
 * Which SVG elements draw which packet. Mermaid draws a sequence diagram's messages in the order of
 * its text: for each, the label (one `text.messageText` per line of it) and then the arrow (a `line`,
 * or a `path` for a message to itself, of class `messageLine0`/`messageLine1` and marked
 * `data-et="message"`), then its number when `autonumber` is on. Message k is the window's
 * `messagePackets[k]`; the elements get `data-packet` and a wide transparent twin of the arrow that
 * takes the pointer (a 2-pixel line is hard to hit).
 */

export const PACKET_ATTRIBUTE = 'data-packet';
const SVG_NS = 'http://www.w3.org/2000/svg';

export interface DrawnMessage {
  /** Its place among the window's messages. */
  readonly index: number;
  readonly packet: number;
  readonly arrow: SVGGraphicsElement;
  /** The label's lines and the message's number. */
  readonly labels: readonly SVGGraphicsElement[];
}

function statementNumber(element: Element): number {
  return Number(/^i(\d+)$/.exec(element.getAttribute('data-id') ?? '')?.[1] ?? Number.NaN);
}

/** The messages Mermaid drew, in the order of the diagram's text. */
export function drawnMessages(svg: SVGSVGElement): { arrow: SVGGraphicsElement; labels: SVGGraphicsElement[] }[] {
  const found: { arrow: SVGGraphicsElement; labels: SVGGraphicsElement[] }[] = [];
  let pendingLabels: SVGGraphicsElement[] = [];
  for (const element of svg.querySelectorAll<SVGGraphicsElement>('[data-et="message"], text.messageText, text.sequenceNumber')) {
    if (element.matches('text.messageText')) pendingLabels.push(element);
    else if (element.matches('text.sequenceNumber')) found.at(-1)?.labels.push(element);
    else {
      found.push({ arrow: element, labels: pendingLabels });
      pendingLabels = [];
    }
  }
  // Drawn in the text's order today; the statement numbers Mermaid writes say so for sure.
  if (found.every(({ arrow }) => Number.isFinite(statementNumber(arrow)))) {
    found.sort((a, b) => statementNumber(a.arrow) - statementNumber(b.arrow));
  }
  return found;
}

export class MessageLinks {
  private readonly byPacket = new Map<number, DrawnMessage>();

  private constructor(readonly messages: readonly DrawnMessage[]) {
    for (const message of messages) if (!this.byPacket.has(message.packet)) this.byPacket.set(message.packet, message);
  }

  /** Links the drawn messages to `packets`; throws when Mermaid drew another number of messages. */
  static link(svg: SVGSVGElement, packets: readonly number[]): MessageLinks {
    const drawn = drawnMessages(svg);
    if (drawn.length !== packets.length) {
      throw new Error(`the diagram has ${drawn.length} messages for ${packets.length} packets`);
    }
    const messages = drawn.map(({ arrow, labels }, index): DrawnMessage => {
      const packet = packets[index];
      for (const element of [arrow, ...labels]) {
        element.setAttribute(PACKET_ATTRIBUTE, String(packet));
        element.classList.add('tcp-lens-message');
      }
      arrow.after(hitTarget(arrow, packet));
      return { index, packet, arrow, labels };
    });
    return new MessageLinks(messages);
  }

  get count(): number {
    return this.messages.length;
  }

  ofPacket(packet: number): DrawnMessage | undefined {
    return this.byPacket.get(packet);
  }

  /** The packet of the message under an event's target, if it is one. */
  packetAt(target: EventTarget | null): number | undefined {
    if (!(target instanceof Element)) return undefined;
    const element = target.closest(`[${PACKET_ATTRIBUTE}]`);
    if (!element) return undefined;
    const packet = Number(element.getAttribute(PACKET_ATTRIBUTE));
    return this.byPacket.has(packet) ? packet : undefined;
  }
}

/** A copy of the arrow's geometry, drawn wide and transparent on top of it. */
function hitTarget(arrow: SVGGraphicsElement, packet: number): SVGElement {
  const target = arrow.ownerDocument.createElementNS(SVG_NS, arrow.localName);
  for (const name of ['x1', 'y1', 'x2', 'y2', 'd']) {
    const value = arrow.getAttribute(name);
    if (value !== null) target.setAttribute(name, value);
  }
  target.setAttribute('class', 'tcp-lens-hit');
  target.setAttribute(PACKET_ATTRIBUTE, String(packet));
  return target;
}

/** A band behind a message (arrow and label), for the highlight. */
export function highlightBand(message: DrawnMessage): SVGRectElement {
  const boxes = [message.arrow, ...message.labels].map((element) => element.getBBox());
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  const padding = 4;
  const band = message.arrow.ownerDocument.createElementNS(SVG_NS, 'rect');
  band.setAttribute('x', String(left - padding));
  band.setAttribute('y', String(top - padding));
  band.setAttribute('width', String(right - left + 2 * padding));
  band.setAttribute('height', String(bottom - top + 2 * padding));
  band.setAttribute('rx', '3');
  band.setAttribute('class', 'tcp-lens-highlight-band');
  return band;
}

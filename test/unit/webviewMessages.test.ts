/**
 * The extension's check of what the diagram webview posts (`webviewToExtensionMessageOf`): the
 * webview's page draws text from the capture, so what comes back from it is checked like any input.
 * Every message of the protocol in its right shape passes as it is; a wrong type, a packet or version
 * that is not a whole number, an unknown scope or command, or one field too many, does not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { webviewToExtensionMessageOf, type WebviewToExtensionMessage } from '../../src/protocol';

const WELL_FORMED: readonly WebviewToExtensionMessage[] = [
  { type: 'ready' },
  { type: 'jumpToCursor' },
  { type: 'reveal', documentVersion: 3, packet: 0 },
  { type: 'reveal', documentVersion: -1, packet: 41 },
  { type: 'explain', id: 7, documentVersion: 3, packet: 12 },
  { type: 'choose', scope: 'all', page: 0 },
  { type: 'choose', scope: 2, page: 5 },
  { type: 'command', command: 'export' },
  { type: 'command', command: 'copyMermaid' },
  { type: 'rendered', documentVersion: 3, messages: 200, theme: 'vscode-dark', viewId: 4 },
  { type: 'rendered', documentVersion: 3, messages: 0, theme: 'light' },
  { type: 'rendered', documentVersion: 3, messages: 0, theme: 'light', viewId: undefined },
  { type: 'renderFailed', documentVersion: 3, message: 'Parse error on line 2' },
  { type: 'exported', id: 1, format: 'svg', data: '<svg/>' },
  { type: 'exported', id: 2, format: 'png', data: 'iVBORw0KGgo=' },
  { type: 'exportFailed', id: 2, message: 'timed out' },
];

/** Every field name some message of the protocol has (besides `type`). */
const FIELD_NAMES: readonly string[] = ['documentVersion', 'packet', 'id', 'scope', 'page', 'command', 'messages', 'theme', 'viewId', 'message', 'format', 'data'];

function assertRejected(message: unknown, why: string): void {
  const checked = webviewToExtensionMessageOf(message);
  assert.equal(checked.ok, false, `accepted ${why}: ${JSON.stringify(message)}`);
}

describe('messages from the diagram webview', () => {
  test('every message of the protocol in its right shape is accepted as it is', () => {
    for (const message of WELL_FORMED) {
      const checked = webviewToExtensionMessageOf(message);
      assert.ok(checked.ok, `rejected ${JSON.stringify(message)}: ${checked.ok ? '' : checked.reason}`);
      assert.equal(checked.value, message);
    }
  });

  test('no message, or no known type', () => {
    for (const message of [null, undefined, 0, 'ready', ['ready'], {}, { type: 'launch' }, { type: 'Ready' }, { type: 'toString' }, { type: '__proto__' }, { type: 7 }]) {
      assertRejected(message, 'a message without a known type');
    }
  });

  test('a packet, version, id, page or count that is not a whole number in range', () => {
    const notPackets = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '3', null, undefined, [3], { packet: 3 }];
    for (const packet of notPackets) {
      assertRejected({ type: 'reveal', documentVersion: 3, packet }, `the packet ${String(packet)}`);
      assertRejected({ type: 'explain', id: 1, documentVersion: 3, packet }, `the packet ${String(packet)}`);
    }
    for (const documentVersion of [1.5, Number.NaN, '3', null, undefined]) {
      assertRejected({ type: 'reveal', documentVersion, packet: 0 }, `the version ${String(documentVersion)}`);
      assertRejected({ type: 'renderFailed', documentVersion, message: 'x' }, `the version ${String(documentVersion)}`);
    }
    for (const id of [-1, 0.5, '1']) {
      assertRejected({ type: 'explain', id, documentVersion: 3, packet: 0 }, `the id ${String(id)}`);
      assertRejected({ type: 'exported', id, format: 'svg', data: '' }, `the id ${String(id)}`);
    }
    for (const page of [-1, 0.5, '0', null]) assertRejected({ type: 'choose', scope: 'all', page }, `the page ${String(page)}`);
    for (const messages of [-1, 0.5, '200']) assertRejected({ type: 'rendered', documentVersion: 3, messages, theme: 'light' }, `the count ${String(messages)}`);
    assertRejected({ type: 'rendered', documentVersion: 3, messages: 1, theme: 'light', viewId: -2 }, 'the view id -2');
  });

  test('an unknown scope, command, format, or a text that is not text', () => {
    for (const scope of ['All', 'none', -1, 1.5, '2', null]) assertRejected({ type: 'choose', scope, page: 0 }, `the scope ${String(scope)}`);
    for (const command of ['tcpLens.exportSequenceDiagram', 'workbench.action.terminal.new', 'Export', '', null]) {
      assertRejected({ type: 'command', command }, `the command ${String(command)}`);
    }
    for (const format of ['gif', 'SVG', '', null]) assertRejected({ type: 'exported', id: 1, format, data: '' }, `the format ${String(format)}`);
    assertRejected({ type: 'exported', id: 1, format: 'svg', data: { svg: '' } }, 'data that is not text');
    assertRejected({ type: 'rendered', documentVersion: 3, messages: 1, theme: 5 }, 'a theme that is not text');
    assertRejected({ type: 'renderFailed', documentVersion: 3 }, 'a failure without its message');
    assertRejected({ type: 'exportFailed', id: 1, message: ['x'] }, 'a message that is not text');
  });

  test('a field the message does not have: rejected, whatever its name or value', () => {
    for (const message of WELL_FORMED) {
      assertRejected({ ...message, junk: 1 }, 'a field too many');
      assertRejected({ ...message, command: 'workbench.action.terminal.new', uri: 'command:workbench.action.terminal.new' }, 'a command smuggled in');
    }
    assertRejected(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'), 'a __proto__ field');
    fc.assert(
      fc.property(
        fc.constantFrom(...WELL_FORMED),
        fc.string({ minLength: 1 }).filter((key) => key !== 'type' && !FIELD_NAMES.includes(key)),
        fc.jsonValue(),
        (message, key, value) => !webviewToExtensionMessageOf({ ...message, [key]: value }).ok,
      ),
    );
  });

  test('anything at all is answered without throwing, and what is accepted has only its own fields', () => {
    const types = [...new Set(WELL_FORMED.map((message) => message.type))];
    const messageLike = fc
      .tuple(fc.constantFrom(...types), fc.dictionary(fc.constantFrom(...FIELD_NAMES, 'extra'), fc.jsonValue()))
      .map(([type, fields]) => ({ ...fields, type }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), messageLike), (input) => {
        const checked = webviewToExtensionMessageOf(input);
        if (!checked.ok) return checked.reason !== '';
        return checked.value === input && !('extra' in checked.value);
      }),
    );
  });
});

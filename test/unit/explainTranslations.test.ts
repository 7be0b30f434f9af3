/**
 * The Simplified Chinese bundle covers every core template, with the same placeholders and the names
 * that stay as they are; and every message the analyses make (problems of pasted text, damaged and
 * unreadable captures, findings, packet descriptions) fills its template's placeholders exactly and
 * reads as Chinese all through, the messages in its arguments included.
 */
import { outerLayersOfLine } from '../../src/core/explain/outerLayers';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { analyzeBytes, analyzeCaptureWithText, analyzeText, type CaptureModel } from '../../src/core/analyze';
import { icmp6UnreachReason, icmpUnreachReason } from '../../src/core/capture/icmpUnreachable';
import { describePacket } from '../../src/core/explain/describePacket';
import { icmpReasonMessage } from '../../src/core/explain/icmpReason';
import { findingMessage } from '../../src/core/explain/findingMessage';
import { fillTemplate, formatMessage, renderMessage, type Message } from '../../src/core/explain/message';
import { MESSAGES } from '../../src/core/explain/messages';
import { STATE_NAMES } from '../../src/core/model/vocabulary';
import { REPO } from './helpers/explainFixtures';

const bundle: Record<string, string> = JSON.parse(readFileSync(join(REPO, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'));
const templates: [string, string][] = Object.entries(MESSAGES);

const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort();
const CJK = /[\u4e00-\u9fff]/;
/** Words that stay the same in every language: RFC 793 state names and the TCP flag and option names. */
const KEPT = [...STATE_NAMES, 'SYN', 'ACK', 'FIN', 'RST', 'MSS', 'SACK', 'ISN', 'RFC 5961', '2×MSL'];

describe('zh-cn translations of the core messages', () => {
  test('every template is unique, since the template is the key of its translation', () => {
    const seen = new Map<string, string>();
    for (const [key, template] of templates) {
      assert.ok(!seen.has(template), `${key} and ${seen.get(template)} share the template "${template}"`);
      seen.set(template, key);
    }
  });

  for (const [key, template] of templates) {
    test(key, () => {
      const zh = bundle[template];
      assert.equal(typeof zh, 'string', `no zh-cn translation of "${template}"`);
      assert.notEqual(zh, template, 'left in English');
      // A separator has no words to translate, only its punctuation.
      if (/[A-Za-z]/.test(template.replace(/\{\w+\}/g, ''))) assert.match(zh, CJK, 'no Chinese in the translation');
      assert.deepEqual(placeholders(zh), placeholders(template), 'placeholders differ');
      for (const word of KEPT) {
        if (new RegExp(`(^|[^A-Z_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Z_]|$)`).test(template)) {
          assert.ok(zh.includes(word), `"${word}" must stay as it is`);
        }
      }
    });
  }
});

const fixture = (path: string) => new Uint8Array(readFileSync(join(REPO, 'test', 'fixtures', path)));
const fixtureText = (path: string) => readFileSync(join(REPO, 'test', 'fixtures', path), 'utf8');

/** Every byte of a stretch of the capture flipped in turn: damage of every kind its reader reports. */
function* damaged(bytes: Uint8Array, span: number, step: number): Generator<Uint8Array> {
  for (let at = 0; at < Math.min(bytes.length, span); at += step) {
    const copy = bytes.slice();
    copy[at] ^= 0xff;
    yield copy;
  }
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).key === 'string' && (value as Message).key in MESSAGES;
}

/** The messages anywhere in a value (a packet description holds them at every depth), the nested ones in arguments too. */
function collect(value: unknown, into: Message[]): void {
  if (isMessage(value)) {
    into.push(value);
    for (const arg of Object.values(value.args)) collect(arg, into);
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collect(item, into);
  }
}

/** What presenters translate of a model: its problems, its findings and every packet's description. */
function messagesOf(model: CaptureModel, into: Message[]): void {
  collect(model.problems.map((problem) => problem.text), into);
  collect(model.findings.map(findingMessage), into);
  for (let packet = 0; packet < model.packetCount; packet++) collect(describePacket(model, packet), into);
}

function producedMessages(): Message[] {
  const all: Message[] = [];
  for (const path of ['text/pasted-tutorial.txt', 'text/corpus/broken-garbage-lines.txt']) messagesOf(analyzeText(fixtureText(path), path), all);
  messagesOf(analyzeText('02:55:17.113839 IP 192.0.2.1.40001 > 192.0.2.2.80: tcp 94\n', 'quiet.txt'), all);
  messagesOf(analyzeText('02:55:17.113839 IP 192.0.2.1:40001 > 192.0.2.2:80: tcp 94\n', 'quiet-pasted.txt'), all);
  messagesOf(analyzeText('', 'empty.txt'), all);
  messagesOf(analyzeText(fixtureText('capture/encapsulation/encap-erspan-type2.n.txt'), 'erspan.txt'), all);
  messagesOf(analyzeText(fixtureText('capture/encapsulation/encap-qinq.q.txt'), 'quiet.txt'), all);
  for (const name of ['encap-pppoe-session', 'encap-mpls-label-stack', 'encap-gre-two-tunnels', 'encap-ipip', 'encap-vxlan-two-tunnels', 'encap-geneve-ip']) {
    collect(outerLayersOfLine(fixtureText(`capture/encapsulation/${name}.n.txt`).split('\n')[0]), all);
  }
  collect(outerLayersOfLine('IP 192.0.2.1 > 192.0.2.2: GREv0, seq 7, length 74: ERSPAN type II, session 5: IP 198.51.100.1.40000 > 203.0.113.2.80: Flags [S]'), all);
  collect(outerLayersOfLine('IP 192.0.2.1 > 192.0.2.2: GREv0, length 62: ERSPAN type I: IP 198.51.100.1.40000 > 203.0.113.2.80: Flags [S]'), all);
  for (const path of ['capture/encapsulation/skipped-frames-mixed.pcap', 'capture/encapsulation/icmp-in-gre-tunnel.pcap', 'capture/icmp/unreachable-codes.pcap', 'model/syn-flood-crafted.pcap', 'model/port-scan-syn-hping3.pcap', 'model/reset-mid-data.pcap', 'model/close-wait-server-never-closes.pcap', 'model/syn-unanswered-retransmit.pcap', 'model/simultaneous-open-crafted.pcap']) {
    messagesOf(analyzeBytes(fixture(path), path), all);
  }
  const damagedInputs = [
    ...['broken-corrupt-record-length.pcap', 'broken-truncated-mid-record.pcap', 'broken-random-bytes.pcap', 'broken-empty.pcap'].map((name) => fixture(`capture/${name}`)),
    ...damaged(fixture('capture/format-pcapng.pcapng'), 600, 1),
    ...damaged(fixture('capture/http-clean-client-close.pcap'), 400, 3),
    ...damaged(fixture('capture/format-pcapng-gzip.pcapng.gz'), 400, 5),
    gzipSync(new Uint8Array(40)),
    fixture('capture/http-clean-client-close.pcap').subarray(0, 10),
  ];
  for (const bytes of damagedInputs) {
    const { model, textProblems } = analyzeCaptureWithText(bytes, 'damaged.pcap');
    messagesOf(model, all);
    collect(textProblems.map((problem) => problem.text), all);
  }
  return all;
}

/** Arguments that quote the input (lines, names, addresses), an error as the runtime words it, or a protocol's proper name (a link type's): not for translation. */
const QUOTING_ARGS = new Set(['line', 'text', 'items', 'comment', 'entities', 'words', 'endpoint', 'peer', 'server', 'client', 'target', 'source', 'why', 'detail', 'name']);
const MASK = '◆';

/** The message with every quoting argument masked, at every depth: what is left is the catalogue's words, and numbers. */
function masked(m: Message): Message {
  const args = Object.fromEntries(
    Object.entries(m.args).map(([name, value]) => [
      name,
      typeof value === 'string' ? (QUOTING_ARGS.has(name) ? MASK : value) : typeof value === 'number' ? value : Array.isArray(value) ? value.map(masked) : masked(value as Message),
    ]),
  );
  return { key: m.key, args };
}

/** The sentence in zh-cn as the extension makes it (a template without a translation stays English). */
const inChinese = (m: Message) => renderMessage(masked(m), (template, args) => fillTemplate(bundle[template] ?? template, args));

/** Two words of Latin letters in a row: English the translation left in (names from the capture are masked), */
const ENGLISH_WORDS = /[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}/;
/** except in the names that stay as they are. */
const NAMES = /TCP Lens|TCP\/IP Illustrated|VS Code|Zeek conn_state/g;

describe('messages made by the analyses, in zh-cn', () => {
  const produced = producedMessages();
  const byKey = new Map(produced.map((m) => [m.key, m] as const));

  test('cover the problems of pasted text, damaged pcap, pcapng and gzip, unreadable input, and the ICMP reasons', () => {
    for (const key of ['problemReadAsPureAck', 'noteNoFlags', 'reasonQuietOutput', 'problemPcapRecordTooLong', 'problemPcapngPacketDamaged', 'problemGzipUnreadable', 'unreadableTextEmpty', 'icmpPortUnreachable'] as const) {
      assert.ok(byKey.has(key), `no input made a ${key} message`);
    }
    assert.ok(
      produced.some((m) => Object.values(m.args).some((arg) => Array.isArray(arg) && arg.length > 1)),
      'no line was read with two assumptions (a list of notes)',
    );
    assert.ok([...byKey.keys()].some((key) => key.startsWith('damage')), 'no pcapng damage was described');
    assert.ok([...byKey.keys()].some((key) => key.startsWith('gzip')), 'no gzip error was described');
  });

  test('each gives an argument for every placeholder of its template, and no other', () => {
    const wrong = [...byKey.values()]
      .filter((m) => Object.keys(m.args).map((name) => `{${name}}`).sort().join() !== placeholders(MESSAGES[m.key]).join())
      .map((m) => `${m.key} "${MESSAGES[m.key]}" given ${Object.keys(m.args).join(', ') || 'no arguments'}`);
    assert.deepEqual(wrong, []);
  });

  test('each reads as Chinese all through: no placeholder left, no English words from a template', () => {
    for (const m of produced) {
      const zh = inChinese(m);
      assert.doesNotMatch(zh, /\{\w+\}/, `${m.key}: ${zh}`);
      assert.doesNotMatch(zh.replace(NAMES, ''), ENGLISH_WORDS, `${m.key}: ${zh}`);
    }
  });
});

describe('ICMP reasons as messages', () => {
  test('every code of ICMP and ICMPv6 has its message, which says in English what the model and the JSON say', () => {
    for (let code = 0; code < 256; code++) {
      for (const reason of [icmpUnreachReason(code), icmp6UnreachReason(code)]) {
        const m = icmpReasonMessage(reason);
        assert.equal(formatMessage(m), reason);
        assert.ok(m.key !== 'icmpCode' || /^#\d+$/.test(reason), `"${reason}" has no message of its own`);
      }
    }
  });
});

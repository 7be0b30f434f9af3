/**
 * The words the outline, the CodeLens, the Problems panel and the connections tree use for a
 * connection, localised. Every fact comes from the model's queries; only the wording is made here.
 * Names from the capture stay plain text: each of these views shows text, never markdown.
 */
import * as vscode from 'vscode';
import { renderMessage, type Message } from '../core/explain/message';
import type { ConnectionRecord, ZeekConnState } from '../core/model/captureModel';
import type { Close, Handshake } from '../core/model/vocabulary';
import { endpointText, type ConnectionSummary } from '../core/query';

/** A core sentence in the display language (the bundles are keyed by the English template), the messages in its arguments too. */
export function messageText(m: Message): string {
  return renderMessage(m, (template, args) => vscode.l10n.t(template, args));
}

/** `#0 10.0.0.1:34567 → 10.0.0.2:80`: the same name in every view. */
export function connectionName(connection: ConnectionRecord): string {
  return `#${connection.id} ${endpointText(connection.client)} → ${endpointText(connection.server)}`;
}

export function handshakeText(handshake: Handshake): string {
  switch (handshake) {
    case 'three-way':
      return vscode.l10n.t('three-way handshake');
    case 'simultaneous-open':
      return vscode.l10n.t('simultaneous open');
    case 'incomplete':
      return vscode.l10n.t('incomplete handshake');
    case 'not-captured':
      return vscode.l10n.t('handshake not captured');
  }
}

export function closeText(close: Close): string {
  switch (close) {
    case 'four-way':
      return vscode.l10n.t('four-way close');
    case 'three-way':
      return vscode.l10n.t('three-way close');
    case 'simultaneous':
      return vscode.l10n.t('simultaneous close');
    case 'half-closed':
      return vscode.l10n.t('half-closed');
    case 'reset':
      return vscode.l10n.t('reset');
    case 'open':
      return vscode.l10n.t('still open');
  }
}

/** What Zeek's conn.log documents for each `conn_state`. */
export function zeekStateMeaning(state: ZeekConnState): string {
  switch (state) {
    case 'S0':
      return vscode.l10n.t('connection attempt seen, no reply');
    case 'S1':
      return vscode.l10n.t('connection established, not terminated');
    case 'SF':
      return vscode.l10n.t('normal establishment and termination');
    case 'REJ':
      return vscode.l10n.t('connection attempt rejected');
    case 'S2':
      return vscode.l10n.t('established, close attempt by the originator seen (but no reply from the responder)');
    case 'S3':
      return vscode.l10n.t('established, close attempt by the responder seen (but no reply from the originator)');
    case 'RSTO':
      return vscode.l10n.t('established, the originator aborted (sent a RST)');
    case 'RSTR':
      return vscode.l10n.t('the responder sent a RST');
    case 'RSTOS0':
      return vscode.l10n.t('the originator sent a SYN followed by a RST, no SYN+ACK from the responder seen');
    case 'RSTRH':
      return vscode.l10n.t('the responder sent a SYN+ACK followed by a RST, no SYN from the (purported) originator seen');
    case 'SH':
      return vscode.l10n.t('the originator sent a SYN followed by a FIN, no SYN+ACK from the responder seen');
    case 'SHR':
      return vscode.l10n.t('the responder sent a SYN+ACK followed by a FIN, no SYN from the originator seen');
    case 'OTH':
      return vscode.l10n.t('no SYN seen, just midstream traffic');
  }
}

export type PhaseName = ConnectionSummary['phases'][number]['phase'];

export function phaseText(phase: PhaseName): string {
  switch (phase) {
    case 'handshake':
      return vscode.l10n.t('handshake');
    case 'data':
      return vscode.l10n.t('data');
    case 'close':
      return vscode.l10n.t('close');
  }
}

/** "three-way handshake · four-way close · SF": the kind of connection at a glance. */
export function connectionKindText(connection: ConnectionRecord): string {
  return [handshakeText(connection.handshake), closeText(connection.close), connection.zeekState].join(' · ');
}

export function packetCountText(count: number): string {
  return count === 1 ? vscode.l10n.t('1 packet') : vscode.l10n.t('{0} packets', count);
}

/** "CLOSED / TIME_WAIT": the final states of client and server (RFC 793 names in every language). */
export function finalStatesText(connection: ConnectionRecord): string {
  const { client, server } = connection.finalState;
  return `${client} / ${server}`;
}

export function linesText(first: number, last: number): string {
  return first === last ? vscode.l10n.t('line {0}', first) : vscode.l10n.t('lines {0}–{1}', first, last);
}

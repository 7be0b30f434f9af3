/**
 * The Problems panel for captures: a diagnostic per analysis event on a packet line (per event tag),
 * per finding (on its first packet) and per input line that could not be read, each kind at the
 * severity the settings give it or not at all. A capture with more than the per-document limit gets
 * the most severe ones and one diagnostic saying how many were left out.
 */
import * as vscode from 'vscode';
import { explainEvents } from '../core/explain/eventExplanations';
import { findingMessage } from '../core/explain/findingMessage';
import type { CaptureModel, Finding, FindingKind } from '../core/model/captureModel';
import { EVENT_TAGS, TcpEvent } from '../core/model/vocabulary';
import type { Problem } from '../core/problems';
import { frameAtOffset, lineOfPacket } from '../core/query';
import { messageText } from './connectionText';
import { lineAt, showsLines } from './documentLines';
import type { ModelCache } from './modelCache';

export const DIAGNOSTIC_SOURCE = 'TCP Lens';
export const DIAGNOSTICS_SETTINGS = 'tcpLens.diagnostics';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';
/** Findings may also keep the severity the analysis gives them. */
export type FindingSeveritySetting = SeveritySetting | 'auto';

/** Defaults of `tcpLens.diagnostics.events`: what usually means trouble warns, routine TCP housekeeping stays quiet. */
export const DEFAULT_EVENT_SEVERITIES: Readonly<Record<string, SeveritySetting>> = {
  retransmission: 'warning',
  'fast-retransmission': 'warning',
  'spurious-retransmission': 'information',
  'out-of-order': 'warning',
  'duplicate-ack': 'information',
  'zero-window': 'warning',
  'zero-window-probe': 'information',
  'zero-window-probe-ack': 'off',
  'window-full': 'information',
  'window-update': 'off',
  'keep-alive': 'off',
  'keep-alive-ack': 'off',
  'previous-segment-not-captured': 'warning',
  'acked-unseen-segment': 'warning',
  'port-numbers-reused': 'information',
};

export const DEFAULT_FINDING_SEVERITIES: Readonly<Record<FindingKind, FindingSeveritySetting>> = {
  'syn-flood': 'auto',
  'port-scan': 'auto',
  'close-wait': 'auto',
  'syn-unanswered': 'auto',
  'icmp-unreachable': 'auto',
  reset: 'auto',
};

export const DEFAULT_PROBLEM_SEVERITY: SeveritySetting = 'warning';
export const DEFAULT_MAX_PER_DOCUMENT = 1000;

/** Where the settings mean the same thing as one more specific event on the same packet, the general one is left out. */
const GENERAL_RETRANSMISSION = TcpEvent.RETRANSMISSION;
const SPECIFIC_RETRANSMISSIONS = TcpEvent.FAST_RETRANSMISSION | TcpEvent.SPURIOUS_RETRANSMISSION;

/** Related locations listed under a finding's diagnostic, at most. */
const MAX_RELATED = 20;

interface DiagnosticSettings {
  readonly events: Readonly<Record<string, SeveritySetting>>;
  readonly findings: Readonly<Record<string, FindingSeveritySetting>>;
  readonly problems: SeveritySetting;
  readonly maxPerDocument: number;
}

const SEVERITIES: Readonly<Record<Exclude<SeveritySetting, 'off'>, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Most severe first: the order in which the per-document limit keeps diagnostics. */
const SEVERITY_ORDER = [
  vscode.DiagnosticSeverity.Error,
  vscode.DiagnosticSeverity.Warning,
  vscode.DiagnosticSeverity.Information,
  vscode.DiagnosticSeverity.Hint,
];

function severityOf(setting: string | undefined): vscode.DiagnosticSeverity | undefined {
  return setting && setting in SEVERITIES ? SEVERITIES[setting as keyof typeof SEVERITIES] : undefined;
}

function findingSeverity(finding: Finding, setting: FindingSeveritySetting | undefined): vscode.DiagnosticSeverity | undefined {
  if (setting === undefined || setting === 'auto') {
    return finding.severity === 'error' ? vscode.DiagnosticSeverity.Error : finding.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  }
  return severityOf(setting);
}

function readSettings(scope: vscode.TextDocument): DiagnosticSettings {
  const configuration = vscode.workspace.getConfiguration(DIAGNOSTICS_SETTINGS, scope);
  const maxPerDocument = configuration.get<number>('maxPerDocument', DEFAULT_MAX_PER_DOCUMENT);
  return {
    events: { ...DEFAULT_EVENT_SEVERITIES, ...configuration.get<Record<string, SeveritySetting>>('events', {}) },
    findings: { ...DEFAULT_FINDING_SEVERITIES, ...configuration.get<Record<string, FindingSeveritySetting>>('findings', {}) },
    problems: configuration.get<SeveritySetting>('problems', DEFAULT_PROBLEM_SEVERITY),
    maxPerDocument: Number.isFinite(maxPerDocument) && maxPerDocument >= 1 ? Math.floor(maxPerDocument) : DEFAULT_MAX_PER_DOCUMENT,
  };
}

/** A diagnostic not made yet: only those within the limit are. */
interface Pending {
  readonly line: number;
  make(): vscode.Diagnostic;
}

/** The diagnostics of one capture's model under the given settings. */
export function captureDiagnostics(document: vscode.TextDocument, model: CaptureModel, settings: DiagnosticSettings): vscode.Diagnostic[] {
  const bySeverity = new Map<vscode.DiagnosticSeverity, Pending[]>(SEVERITY_ORDER.map((severity) => [severity, []]));
  const add = (severity: vscode.DiagnosticSeverity | undefined, pending: Pending) => {
    if (severity !== undefined && showsLines(document, pending.line)) bySeverity.get(severity)?.push(pending);
  };

  if (model.internalError !== undefined) {
    add(vscode.DiagnosticSeverity.Error, {
      line: 1,
      make: () => diagnostic(document, 1, vscode.l10n.t('TCP Lens failed to analyse this capture (a defect in TCP Lens): {0}', model.internalError ?? ''), vscode.DiagnosticSeverity.Error, 'internal-error'),
    });
  }
  const problemSeverity = severityOf(settings.problems);
  for (const problem of model.problems) {
    const line = lineOfProblem(model, problem);
    // The analysis lists why nothing could be read as a problem of its own.
    const unreadable = model.unreadable !== undefined && problem.message === model.unreadable;
    const text = () => (unreadable ? vscode.l10n.t('Not readable as a capture: {0}', messageText(problem.text)) : messageText(problem.text));
    add(problemSeverity, { line, make: () => diagnostic(document, line, text(), problemSeverity!, unreadable ? 'unreadable' : 'input') });
  }
  model.findings.forEach((finding) => {
    const severity = findingSeverity(finding, settings.findings[finding.kind]);
    const line = firstLineOfFinding(model, finding);
    add(severity, { line, make: () => findingDiagnostic(document, model, finding, line, severity!) });
  });

  const eventCounts = addEventDiagnostics(document, model, settings, add);
  const total = [...bySeverity.values()].reduce((sum, list) => sum + list.length, 0) + eventCounts.uncounted;
  const kept: vscode.Diagnostic[] = [];
  for (const severity of SEVERITY_ORDER) {
    for (const pending of bySeverity.get(severity) ?? []) {
      if (kept.length >= settings.maxPerDocument) break;
      kept.push(pending.make());
    }
  }
  if (total > kept.length) {
    const notice = new vscode.Diagnostic(
      lineAt(document, 1),
      vscode.l10n.t(
        '{0} of {1} diagnostics shown, the most severe first (setting tcpLens.diagnostics.maxPerDocument)',
        kept.length,
        total,
      ),
      vscode.DiagnosticSeverity.Information,
    );
    notice.source = DIAGNOSTIC_SOURCE;
    notice.code = 'limit';
    kept.unshift(notice);
  }
  return kept;
}

/**
 * Queues a diagnostic per shown event of each packet, most severe passes first, and stops queueing
 * (only counting) once the limit is reached: a million packets make no million objects.
 */
function addEventDiagnostics(
  document: vscode.TextDocument,
  model: CaptureModel,
  settings: DiagnosticSettings,
  add: (severity: vscode.DiagnosticSeverity | undefined, pending: Pending) => void,
): { uncounted: number } {
  const masks = new Map<vscode.DiagnosticSeverity, number>();
  EVENT_TAGS.forEach((tag, bit) => {
    const severity = severityOf(settings.events[tag]);
    if (severity !== undefined) masks.set(severity, (masks.get(severity) ?? 0) | (1 << bit));
  });
  const shown = [...masks.values()].reduce((all, mask) => all | mask, 0);
  if (shown === 0) return { uncounted: 0 };
  const events = model.packets.events;
  // An event's explanation depends on its tag alone: the packet's whole description (a hover's worth of work) is not needed.
  const explanations = new Map(explainEvents(shown).map((event) => [event.tag, messageText(event.explanation)]));
  const explanation = (tag: string) => explanations.get(tag) ?? tag;
  let queued = 0;
  let uncounted = 0;
  // A page of a paged capture text: only its packets (lines ascend with the packets).
  const from = firstPacketFrom(model, 1);
  const to = firstPacketFrom(model, document.lineCount + 1);
  for (const severity of SEVERITY_ORDER) {
    const mask = masks.get(severity);
    if (mask === undefined) continue;
    for (let packet = from; packet < to; packet++) {
      let bits = events[packet] & shown;
      if (bits !== 0 && !showsLines(document, lineOfPacket(model, packet))) continue;
      if (bits & SPECIFIC_RETRANSMISSIONS) bits &= ~GENERAL_RETRANSMISSION;
      bits &= mask;
      if (bits === 0) continue;
      for (let bit = 0; bit < EVENT_TAGS.length; bit++) {
        if (!(bits & (1 << bit))) continue;
        if (queued >= settings.maxPerDocument) {
          uncounted++;
          continue;
        }
        queued++;
        const tag = EVENT_TAGS[bit];
        const line = lineOfPacket(model, packet);
        add(severity, { line, make: () => diagnostic(document, line, explanation(tag), severity, tag) });
      }
    }
  }
  return { uncounted };
}

function diagnostic(document: vscode.TextDocument, line: number, text: string, severity: vscode.DiagnosticSeverity, code: string): vscode.Diagnostic {
  const result = new vscode.Diagnostic(lineAt(document, line), text, severity);
  result.source = DIAGNOSTIC_SOURCE;
  result.code = code;
  return result;
}

function findingDiagnostic(document: vscode.TextDocument, model: CaptureModel, finding: Finding, line: number, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const result = diagnostic(document, line, messageText(findingMessage(finding)), severity, finding.kind);
  const others = finding.packets.slice(1, 1 + MAX_RELATED);
  if (others.length > 0) {
    result.relatedInformation = others.map(
      (frame) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, lineAt(document, lineOfFrame(model, frame))), vscode.l10n.t('frame {0}', frame)),
    );
  }
  return result;
}

function lineOfFrame(model: CaptureModel, frame: number): number {
  return frame >= 1 && frame <= model.frameLines.frameFirstLine.length ? model.frameLines.frameFirstLine[frame - 1] : 1;
}

function firstLineOfFinding(model: CaptureModel, finding: Finding): number {
  if (finding.packets.length > 0) return lineOfFrame(model, finding.packets[0]);
  const connection = model.connections[finding.connections[0]];
  return connection ? lineOfPacket(model, connection.firstIndex) : 1;
}

/** A problem's own line; one found at a byte offset of a binary capture goes on the line of the frame there, else on line 1. */
function lineOfProblem(model: CaptureModel, problem: Problem): number {
  if (problem.line !== null && problem.line >= 1) return problem.line;
  const frame = problem.offset !== null ? frameAtOffset(model, problem.offset) : 0;
  return frame > 0 ? lineOfFrame(model, frame) : 1;
}

/** The first packet whose line is `line` or after (the packet count if none). */
function firstPacketFrom(model: CaptureModel, line: number): number {
  let lo = 0;
  let hi = model.packetCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lineOfPacket(model, mid) < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class CaptureDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('tcpLens');
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly modelCache: ModelCache) {
    this.subscriptions = [
      this.collection,
      modelCache.onDidChangeModel(({ document, model }) => this.publish(document, model)),
      vscode.workspace.onDidOpenTextDocument((document) => void this.refresh(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration(DIAGNOSTICS_SETTINGS)) vscode.workspace.textDocuments.forEach((document) => void this.refresh(document));
      }),
    ];
    vscode.workspace.textDocuments.forEach((document) => void this.refresh(document));
  }

  private async refresh(document: vscode.TextDocument): Promise<void> {
    if (!this.modelCache.isModelled(document)) {
      this.collection.delete(document.uri);
      return;
    }
    const model = await this.modelCache.currentModel(document);
    if (model) this.publish(document, model);
  }

  private publish(document: vscode.TextDocument, model: CaptureModel): void {
    if (document.isClosed) return;
    this.collection.set(document.uri, captureDiagnostics(document, model, readSettings(document)));
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

export function registerDiagnostics(modelCache: ModelCache): vscode.Disposable {
  return new CaptureDiagnostics(modelCache);
}

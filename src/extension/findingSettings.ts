import * as vscode from 'vscode';
import type { FindingThresholds } from '../core/model/findings';

const SECTION = 'tcpLens.findings';
const THRESHOLD_SETTINGS: readonly (keyof FindingThresholds)[] = [
  'synFloodMinHalfOpen',
  'synFloodMinSources',
  'portScanMinPorts',
  'portScanMinFailedShare',
];

/**
 * The findings' thresholds as the user set them (`tcpLens.findings.*`); a setting left unset or set to
 * something other than a number ≥ 0 keeps the core's default. `generation` counts the changes, so that
 * a model can tell whether it was made with the current thresholds.
 */
export class FindingSettings implements vscode.Disposable {
  private current = readThresholds();
  private changes = 0;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    this.subscriptions = [
      this.changeEmitter,
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (!change.affectsConfiguration(SECTION)) return;
        const next = readThresholds();
        if (JSON.stringify(next) === JSON.stringify(this.current)) return;
        this.current = next;
        this.changes++;
        this.changeEmitter.fire();
      }),
    ];
  }

  get thresholds(): Partial<FindingThresholds> {
    return this.current;
  }

  get generation(): number {
    return this.changes;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

function readThresholds(): Partial<FindingThresholds> {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const thresholds: { -readonly [K in keyof FindingThresholds]?: number } = {};
  for (const name of THRESHOLD_SETTINGS) {
    const value = configuration.get<unknown>(name);
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) thresholds[name] = value;
  }
  return thresholds;
}

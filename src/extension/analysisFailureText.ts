import * as vscode from 'vscode';
import { AnalysisFailedError, type AnalysisFailure } from './analysisService';

/** Why an analysis failed, in the display language; the runtime's own words (`detail`) quoted as they are. */
export function analysisFailureText(failure: AnalysisFailure): string {
  switch (failure.kind) {
    case 'disposed':
      return vscode.l10n.t('the analysis service was closed');
    case 'cannotStart':
      return vscode.l10n.t('the analysis worker could not be started: "{0}"', failure.detail);
    case 'cannotLoad':
      return vscode.l10n.t('the analysis worker could not be loaded from {0}: "{1}"', failure.url, failure.detail);
    case 'workerError':
      return failure.detail ? vscode.l10n.t('the analysis worker failed: "{0}"', failure.detail) : vscode.l10n.t('the analysis worker failed');
    case 'workerExited':
      return vscode.l10n.t('the analysis worker stopped (exit code {0})', failure.code);
    case 'unreadableMessage':
      return failure.detail
        ? vscode.l10n.t('a message from the analysis worker could not be read: "{0}"', failure.detail)
        : vscode.l10n.t('a message from the analysis worker could not be read');
    case 'malformedMessage':
      return vscode.l10n.t('the analysis worker sent a malformed message: "{0}"', failure.detail);
    case 'notServing':
      return vscode.l10n.t('the analysis worker answered request {0}, which it was not serving', failure.request);
    case 'analysisThrew':
      return vscode.l10n.t('the analysis stopped on an error: "{0}"', failure.detail);
  }
}

/** An error's message for the user: an analysis failure in the display language, any other as it is. */
export function errorText(error: unknown): string {
  if (error instanceof AnalysisFailedError) return analysisFailureText(error.failure);
  return error instanceof Error ? error.message : String(error);
}

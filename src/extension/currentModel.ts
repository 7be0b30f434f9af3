/**
 * The model of a document's current text for the views (outline, CodeLens, diagnostics, the
 * connections tree) without an analysis per keystroke: VS Code asks for symbols and lenses after every
 * edit, and asking the cache for the current version's model starts its analysis at once. While the
 * document is being edited the cache rebuilds the model once typing pauses; the views wait for that.
 */
import * as vscode from 'vscode';
import type { CaptureModel } from '../core/model/captureModel';
import type { ModelCache } from './modelCache';

/** Past this, the views ask for the model outright (the cache then joins a rebuild that is under way). */
const REBUILD_WAIT_MS = 2000;

/** The current text's model; undefined for a document that is no capture, or when `token` cancels. */
export async function currentModel(
  models: Pick<ModelCache, 'isModelled' | 'peek' | 'modelFor' | 'onDidChangeModel'>,
  document: vscode.TextDocument,
  token?: vscode.CancellationToken,
): Promise<CaptureModel | undefined> {
  if (!models.isModelled(document)) return undefined;
  const snapshot = models.peek(document);
  if (snapshot && !snapshot.stale) return snapshot.model;
  if (snapshot) {
    const rebuilt = await nextCurrentModel(models, document, token);
    if (rebuilt || token?.isCancellationRequested || document.isClosed) return rebuilt;
  }
  try {
    return await models.modelFor(document, token);
  } catch (error) {
    // The caller's token, or an edit or a close before the analysis was done: a newer answer comes with the next model.
    if (error instanceof vscode.CancellationError) return undefined;
    throw error;
  }
}

function nextCurrentModel(
  models: Pick<ModelCache, 'peek' | 'onDidChangeModel'>,
  document: vscode.TextDocument,
  token: vscode.CancellationToken | undefined,
): Promise<CaptureModel | undefined> {
  return new Promise((resolve) => {
    const subscriptions: vscode.Disposable[] = [];
    const timer = setTimeout(() => done(undefined), REBUILD_WAIT_MS);
    const done = (model: CaptureModel | undefined) => {
      clearTimeout(timer);
      subscriptions.forEach((subscription) => subscription.dispose());
      resolve(model);
    };
    subscriptions.push(
      models.onDidChangeModel((change) => {
        if (change.document !== document) return;
        const snapshot = models.peek(document);
        if (snapshot && !snapshot.stale) done(snapshot.model);
      }),
    );
    if (token) subscriptions.push(token.onCancellationRequested(() => done(undefined)));
  });
}

import * as vscode from 'vscode';
import { checkDefinition } from '../../core/apptainer';
import type { ProjectService } from '../config';
import type { Ctx } from '../context';
import { toDiagnostic } from './convert';
import { readLintOptions } from './settings';

export const LANGUAGE_ID = 'apptainer';
const DEBOUNCE_MS = 200;

/**
 * Keeps the `apptainer` documents' diagnostics current: on open, on edit (debounced), on settings
 * or project configuration change; cleared on close.
 */
export function registerDiagnostics(ctx: Ctx, projects: ProjectService): void {
  const collection = ctx.own(vscode.languages.createDiagnosticCollection(LANGUAGE_ID));
  const timers = new Map<string, NodeJS.Timeout>();

  const update = (document: vscode.TextDocument) => {
    if (document.languageId !== LANGUAGE_ID) return;
    const options = readLintOptions(document, projects);
    collection.set(document.uri, checkDefinition(document.getText(), options).map(toDiagnostic));
  };
  const cancel = (uri: vscode.Uri) => {
    clearTimeout(timers.get(uri.toString()));
    timers.delete(uri.toString());
  };
  const schedule = (document: vscode.TextDocument) => {
    cancel(document.uri);
    timers.set(
      document.uri.toString(),
      setTimeout(() => {
        timers.delete(document.uri.toString());
        update(document);
      }, DEBOUNCE_MS),
    );
  };
  const updateAll = () => vscode.workspace.textDocuments.forEach(update);

  ctx.own(vscode.workspace.onDidOpenTextDocument(update));
  ctx.own(vscode.workspace.onDidChangeTextDocument((e) => e.document.languageId === LANGUAGE_ID && schedule(e.document)));
  ctx.own(
    vscode.workspace.onDidCloseTextDocument((document) => {
      cancel(document.uri);
      collection.delete(document.uri);
    }),
  );
  ctx.own(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('appframework.lint') && updateAll()));
  ctx.own(projects.onDidChange(updateAll));
  ctx.own({ dispose: () => timers.forEach((timer) => clearTimeout(timer)) });
  updateAll();
}

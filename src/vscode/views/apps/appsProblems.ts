import * as vscode from 'vscode';
import type { FileDiagnostic } from '../../../core/apps';
import { toDiagnostic } from '../../config';
import type { AppsStore } from './appsStore';

/**
 * Cross-file problems (image path in a job template, registry entry without def, missing
 * template, ...) as editor diagnostics on the file where each one can be fixed.
 */
export function publishAppProblems(store: AppsStore): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('appframework.apps');
  const subscription = store.onDidChange(() => {
    const byFile = new Map<string, FileDiagnostic[]>();
    for (const entry of store.all) {
      if (entry.kind !== 'ok') continue;
      for (const diagnostic of entry.snapshot.diagnostics) byFile.set(diagnostic.file, [...(byFile.get(diagnostic.file) ?? []), diagnostic]);
    }
    collection.clear();
    for (const [file, diagnostics] of byFile) collection.set(vscode.Uri.file(file), diagnostics.map(toDiagnostic));
  });
  return vscode.Disposable.from(subscription, collection);
}

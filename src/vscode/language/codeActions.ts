import * as vscode from 'vscode';
import { codeActions, type DefDiagnostic } from '../../core/apptainer';
import { fromDiagnostic, fromRange, toWorkspaceEdit } from './convert';

/** Quick fixes from the core, plus "Suppress CODE on this line" pragmas. */
export const codeActionProvider: vscode.CodeActionProvider = {
  provideCodeActions(document, range, context) {
    const ours = context.diagnostics.flatMap((d) => {
      const core = fromDiagnostic(d);
      return core ? [{ vs: d, core }] : [];
    });
    if (ours.length === 0) return [];
    const diagnostics: DefDiagnostic[] = ours.map((o) => o.core);
    return codeActions(document.getText(), fromRange(range), diagnostics).map((a) => {
      const action = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(document.uri, a.edits);
      action.isPreferred = a.preferred;
      action.diagnostics = ours.filter((o) => o.core.code === a.code).map((o) => o.vs);
      return action;
    });
  },
};

export const codeActionMetadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

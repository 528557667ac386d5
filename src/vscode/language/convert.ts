// Conversions between the core's plain types and VS Code's classes, in one place.
import * as vscode from 'vscode';
import type { DefDiagnostic, Position, Range, Severity, TextEdit } from '../../core/apptainer';

export function toPosition(p: Position): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(toPosition(r.start), toPosition(r.end));
}

export function fromPosition(p: vscode.Position): Position {
  return { line: p.line, character: p.character };
}

export function fromRange(r: vscode.Range): Range {
  return { start: fromPosition(r.start), end: fromPosition(r.end) };
}

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(d: DefDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, severities[d.severity]);
  diagnostic.code = d.code;
  diagnostic.source = d.source;
  return diagnostic;
}

/** Back to the core's shape, for diagnostics this extension produced. */
export function fromDiagnostic(d: vscode.Diagnostic): DefDiagnostic | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  if (code === undefined || (d.source !== 'apptainer' && d.source !== 'appframework-lint')) return undefined;
  const severity: Severity =
    d.severity === vscode.DiagnosticSeverity.Error ? 'error' : d.severity === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info';
  return { range: fromRange(d.range), severity, code: String(code), message: d.message, source: d.source };
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, toRange(e.range), e.newText);
  return edit;
}

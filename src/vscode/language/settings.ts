import * as vscode from 'vscode';
import type { LintOptions, Severity } from '../../core/apptainer';

const allowed = new Set(['error', 'warning', 'info', 'off']);

/** `appframework.lint.rules` (code → error|warning|info|off) as the core's LintOptions; bad entries are ignored. */
export function readLintOptions(scope?: vscode.ConfigurationScope): LintOptions {
  const rules = vscode.workspace.getConfiguration('appframework.lint', scope).get<unknown>('rules');
  const severities: Record<string, Severity | 'off'> = {};
  if (rules && typeof rules === 'object') {
    for (const [code, value] of Object.entries(rules)) {
      if (typeof value === 'string' && allowed.has(value)) severities[code.toUpperCase()] = value as Severity | 'off';
    }
  }
  return { severities };
}

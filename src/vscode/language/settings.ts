import * as vscode from 'vscode';
import type { LintOptions, Severity } from '../../core/apptainer';
import type { ProjectService } from '../config';

const allowed = new Set(['error', 'warning', 'info', 'off']);

/**
 * Per-rule severities for a document: the project's `appframework.yaml` (`lint.rules`, shared by
 * the team), overridden by the personal setting `appframework.lint.rules`; bad entries are ignored.
 */
export function readLintOptions(document: vscode.TextDocument, projects: ProjectService): LintOptions {
  const fromProject = projects.projectOf(document.uri)?.loaded.config.lint.severities ?? {};
  const rules = vscode.workspace.getConfiguration('appframework.lint', document.uri).get<unknown>('rules');
  const severities: Record<string, Severity | 'off'> = { ...fromProject };
  if (rules && typeof rules === 'object') {
    for (const [code, value] of Object.entries(rules)) {
      if (typeof value === 'string' && allowed.has(value)) severities[code.toUpperCase()] = value as Severity | 'off';
    }
  }
  return { severities };
}

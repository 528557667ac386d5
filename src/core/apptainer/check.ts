import { apptainerFindings } from './checks';
import { runLintRules } from './lint/run';
import { isSuppressed, readSuppressions } from './lint/suppress';
import { ADJUSTABLE_APPTAINER_CODES } from './parser/codes';
import { parseDefinition } from './parser/parse';
import type { DefinitionModel } from './parser/model';
import { comparePositions, type DefDiagnostic, type LintOptions } from './types';

/** Errors Apptainer itself raises stay errors: no setting or pragma hides a build that will fail. */
function isFixed(d: DefDiagnostic): boolean {
  return d.source === 'apptainer' && !ADJUSTABLE_APPTAINER_CODES.has(d.code);
}

function applyOptions(diagnostics: DefDiagnostic[], model: DefinitionModel, options: LintOptions): DefDiagnostic[] {
  const suppressions = readSuppressions(model.lines);
  return diagnostics.flatMap((d) => {
    if (isFixed(d)) return [d];
    if (isSuppressed(suppressions, d.code, d.range.start.line)) return [];
    const override = options.severities?.[d.code];
    if (override === 'off') return [];
    return [override ? { ...d, severity: override } : d];
  });
}

export function sortDiagnostics(diagnostics: DefDiagnostic[]): DefDiagnostic[] {
  return diagnostics.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.code.localeCompare(b.code));
}

/** What Apptainer 1.4 would reject or warn about, plus the lint rules, for one definition file. */
export function checkDefinition(text: string, options: LintOptions = {}): DefDiagnostic[] {
  const model = parseDefinition(text);
  const diagnostics: DefDiagnostic[] = [
    ...apptainerFindings(model).map((f): DefDiagnostic => ({ ...f, source: 'apptainer' })),
    ...runLintRules(model).map(
      (h): DefDiagnostic => ({ range: h.range, severity: h.rule.severity, code: h.rule.code, message: h.message, source: 'appframework-lint' }),
    ),
  ];
  return sortDiagnostics(applyOptions(diagnostics, model, options));
}

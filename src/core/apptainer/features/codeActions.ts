import { checkDefinition } from '../check';
import { runLintRules } from '../lint/run';
import { suppressionEdit } from '../lint/suppress';
import { ADJUSTABLE_APPTAINER_CODES } from '../parser/codes';
import { parseDefinition } from '../parser/parse';
import { comparePositions, type DefDiagnostic, type Range, type TextEdit } from '../types';

export interface CodeAction {
  readonly title: string;
  /** The diagnostic code the action addresses. */
  readonly code: string;
  readonly kind: 'quickfix';
  /** The fix of the problem itself (as opposed to silencing it). */
  readonly preferred: boolean;
  readonly edits: readonly TextEdit[];
}

function overlaps(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/**
 * Quick fixes for the lint diagnostics touching `range` (add `-y`, append the apt cleanup, ...)
 * and, for every lint diagnostic there, a pragma that silences it on its line.
 */
export function codeActions(text: string, range: Range, diagnostics: readonly DefDiagnostic[] = checkDefinition(text)): CodeAction[] {
  const model = parseDefinition(text);
  const relevant = diagnostics.filter((d) => (d.source === 'appframework-lint' || ADJUSTABLE_APPTAINER_CODES.has(d.code)) && overlaps(d.range, range));
  if (relevant.length === 0) return [];
  const hits = runLintRules(model);
  const actions: CodeAction[] = [];
  for (const d of relevant) {
    const hit = hits.find((h) => h.rule.code === d.code && sameRange(h.range, d.range));
    if (hit?.fix) actions.push({ title: hit.fix.title, code: d.code, kind: 'quickfix', preferred: true, edits: hit.fix.edits });
  }
  const silenced = new Set<string>();
  for (const d of relevant) {
    const key = `${d.code}:${d.range.start.line}`;
    if (silenced.has(key)) continue;
    silenced.add(key);
    const edit = suppressionEdit(model.lines, d.code, d.range.start.line);
    if (edit) actions.push({ title: `Suppress ${d.code} on this line`, code: d.code, kind: 'quickfix', preferred: false, edits: [edit] });
  }
  return actions;
}

import type { Range, Severity, TextEdit } from '../types';
import type { LintContext } from './context';

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** One place a rule flags, with a mechanical fix when there is one. */
export interface RuleHit {
  readonly range: Range;
  readonly message: string;
  readonly fix?: Fix;
}

export interface LintRule {
  /** Stable code, `AFL` + number; never reused. */
  readonly code: string;
  readonly severity: Severity;
  /** What the rule flags, in a few words (shown by `appframework lint --help` and the README). */
  readonly summary: string;
  check(ctx: LintContext): RuleHit[];
}

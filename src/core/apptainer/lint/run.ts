import type { DefinitionModel } from '../parser/model';
import { LintContext } from './context';
import { LINT_RULES } from './registry';
import type { Fix, LintRule } from './rule';
import type { Range } from '../types';

export interface LintHit {
  readonly rule: LintRule;
  readonly range: Range;
  readonly message: string;
  readonly fix?: Fix;
}

/** Runs every rule on a parsed definition; severities, options and pragmas are applied by the caller. */
export function runLintRules(model: DefinitionModel): LintHit[] {
  const ctx = new LintContext(model);
  return LINT_RULES.flatMap((rule) => rule.check(ctx).map((hit) => ({ rule, ...hit })));
}

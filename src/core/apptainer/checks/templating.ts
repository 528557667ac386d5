import { AF } from '../parser/codes';
import type { DefinitionModel, Stage } from '../parser/model';
import { trimSpace } from '../text';
import { lineRange } from '../types';
import type { Finding } from './finding';

/** Apptainer's build-arg placeholder (internal/pkg/build/args). */
const placeholder = /\{\{\s*(\w+)\s*\}\}/g;
/** Apptainer skips placeholders after a `#` that is not a `#!` on the same line. */
const commented = /#[^!]/;

/** Default values from the stage's `%arguments` sections (`key=value` lines). */
export function argumentDefaults(model: DefinitionModel, stage: Stage): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const section of stage.sections) {
    if (section.name !== 'arguments') continue;
    for (let line = section.bodyStartLine; line <= section.bodyEndLine; line++) {
      const text = trimSpace(model.lines[line]);
      if (text === '' || text.startsWith('#')) continue;
      const eq = text.indexOf('=');
      if (eq < 0) continue;
      const key = trimSpace(text.slice(0, eq));
      if (key !== '') defaults.set(key, trimSpace(text.slice(eq + 1)));
    }
  }
  return defaults;
}

export interface Placeholder {
  readonly name: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/** The `{{ var }}` Apptainer substitutes in a stage (not those it treats as commented out). */
export function placeholders(model: DefinitionModel, stage: Stage): Placeholder[] {
  const found: Placeholder[] = [];
  for (let line = stage.startLine; line <= stage.endLine; line++) {
    const text = model.lines[line];
    let from = 0;
    for (const m of text.matchAll(placeholder)) {
      const start = m.index ?? 0;
      if (commented.test(text.slice(from, start))) continue;
      found.push({ name: m[1], line, start, end: start + m[0].length });
      from = start + m[0].length;
    }
  }
  return found;
}

/**
 * A `{{ var }}` with no `%arguments` default fails the build unless `--build-arg` supplies it:
 * a warning, since a build pipeline may pass it (`appframework.lint.rules` can raise it).
 */
export function checkTemplating(model: DefinitionModel): Finding[] {
  return model.stages.flatMap((stage) => {
    const defaults = argumentDefaults(model, stage);
    return placeholders(model, stage)
      .filter((p) => !defaults.has(p.name))
      .map((p) => ({
        code: AF.undefinedBuildArg,
        severity: 'warning' as const,
        message: `build var ${p.name} is not defined in this stage's %arguments: the build fails unless it runs with --build-arg ${p.name}=...`,
        range: lineRange(p.line, p.start, p.end),
      }));
  });
}

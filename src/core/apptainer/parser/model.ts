import type { Range } from '../types';

/** One `Key: value` line of a stage header (continued lines joined). */
export interface HeaderEntry {
  /** Lower case, as Apptainer stores it. */
  readonly key: string;
  /** As written. */
  readonly rawKey: string;
  /** Trimmed, without a trailing `# comment`, continuation lines joined. */
  readonly value: string;
  /** False when Apptainer rejects the keyword. */
  readonly valid: boolean;
  readonly line: number;
  readonly keyRange: Range;
  readonly valueRange: Range;
  readonly range: Range;
}

export type SectionKind = 'standard' | 'app' | 'invalid';

export interface Section {
  /** Lower-case keyword without `%` (`post`, `appinstall`); what Apptainer reports when invalid. */
  readonly name: string;
  readonly kind: SectionKind;
  /** Line of the `%name` header. */
  readonly line: number;
  /** The `%name` token. */
  readonly nameRange: Range;
  /** The whole header line. */
  readonly headerRange: Range;
  /** For `%app*` sections. */
  readonly appName?: string;
  readonly appNameRange?: Range;
  /** Apptainer's "Args": the header text after the first space (`-c /bin/bash`, `from build`). */
  readonly args: string;
  readonly argsRange?: Range;
  /** Lines after the header up to the next section or stage (may be empty: end < start). */
  readonly bodyStartLine: number;
  readonly bodyEndLine: number;
  /** Last line of the section that is not blank (the header line when the body is blank). */
  readonly lastContentLine: number;
  readonly range: Range;
}

export interface Stage {
  readonly index: number;
  /** False for text before the first `Bootstrap:` line that Apptainer still reads as a stage. */
  readonly startsWithBootstrap: boolean;
  readonly startLine: number;
  readonly endLine: number;
  readonly header: readonly HeaderEntry[];
  /** Last line of the header block (before the first section). */
  readonly headerEndLine: number;
  readonly sections: readonly Section[];
  /** The `Bootstrap:` entry Apptainer uses (the last one). */
  readonly bootstrap?: HeaderEntry;
  /** The `Stage:` name. */
  readonly name?: string;
  readonly range: Range;
}

/** A problem found while parsing, before any semantic check. */
export interface ParseProblem {
  readonly code: string;
  readonly message: string;
  readonly range: Range;
}

export interface DefinitionModel {
  readonly lines: readonly string[];
  readonly stages: readonly Stage[];
  readonly problems: readonly ParseProblem[];
}

/** The value of a header key in a stage (the last one wins, as in Apptainer's map). */
export function headerValue(stage: Stage, key: string): HeaderEntry | undefined {
  let found: HeaderEntry | undefined;
  for (const entry of stage.header) if (entry.valid && entry.key === key) found = entry;
  return found;
}

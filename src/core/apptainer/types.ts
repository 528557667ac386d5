/** 0-based, like VS Code and the Language Server Protocol. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface DefDiagnostic {
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  /** `apptainer`: what Apptainer's own parser or build would reject; `appframework-lint`: advice. */
  source: 'apptainer' | 'appframework-lint';
}

export interface LintOptions {
  /** Per-rule severity override, by code (`AFL001`, ...); `off` disables the rule. */
  severities?: Record<string, Severity | 'off'>;
}

/** A replacement of `range` by `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: pos(line, start), end: pos(endLine, end) };
}

/** A range within one line. */
export function lineRange(line: number, start: number, end: number): Range {
  return range(line, start, line, end);
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function contains(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

import type { DefDiagnostic, Range, TextEdit } from '../../../src/core/apptainer';

/** Joins lines into a definition file (each test states its text line by line, so line numbers are obvious). */
export function def(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export function codes(diagnostics: readonly DefDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

export function only(diagnostics: readonly DefDiagnostic[], code: string): DefDiagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** `line:col-line:col`, 1-based like editors show it. */
export function at(r: Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

function offsetOf(text: string, line: number, character: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let l = 0; l < line; l++) offset += lines[l].length + 1;
  return offset + character;
}

/** Applies non-overlapping edits, last first. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  let out = text;
  for (const e of sorted) {
    const start = offsetOf(out, e.range.start.line, e.range.start.character);
    const end = offsetOf(out, e.range.end.line, e.range.end.character);
    out = out.slice(0, start) + e.newText + out.slice(end);
  }
  return out;
}

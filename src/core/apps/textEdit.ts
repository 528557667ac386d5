/** An insertion into a text; edits that only insert keep every other byte of the file. */
export interface TextInsertion {
  /** Offset in the original text. */
  readonly offset: number;
  readonly text: string;
}

export function applyInsertions(text: string, insertions: readonly TextInsertion[]): string {
  const ordered = [...insertions].sort((a, b) => b.offset - a.offset);
  let result = text;
  for (const { offset, text: inserted } of ordered) result = result.slice(0, offset) + inserted + result.slice(offset);
  return result;
}

/** The line ending a file already uses. */
export function lineEndingOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the end of the line holding `offset` (before its line ending). */
export function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return newline > 0 && text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** The whitespace before `offset` when only whitespace precedes it on its line, else `undefined`. */
export function indentationBefore(text: string, offset: number): string | undefined {
  const before = text.slice(lineStartOf(text, offset), offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

export function sameLine(text: string, a: number, b: number): boolean {
  const [low, high] = a < b ? [a, b] : [b, a];
  return !text.slice(low, high).includes('\n');
}

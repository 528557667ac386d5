// `# appframework-ignore CODE[,CODE...]` silences those codes on the next line;
// `# appframework-ignore-file CODE[,CODE...]` silences them in the whole file.
import type { TextEdit } from '../types';

const pragma = /^\s*#\s*appframework-ignore(-file)?\b\s*(.*)$/;

export interface Suppressions {
  /** Codes silenced in the whole file. */
  readonly file: ReadonlySet<string>;
  /** Line → codes silenced on that line. */
  readonly lines: ReadonlyMap<number, ReadonlySet<string>>;
}

function codesOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => /^[A-Z]+\d+$/.test(c));
}

export function readSuppressions(lines: readonly string[]): Suppressions {
  const file = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  lines.forEach((line, index) => {
    const m = pragma.exec(line);
    if (!m) return;
    const codes = codesOf(m[2]);
    if (m[1]) codes.forEach((c) => file.add(c));
    else {
      const set = byLine.get(index + 1) ?? new Set<string>();
      codes.forEach((c) => set.add(c));
      byLine.set(index + 1, set);
    }
  });
  return { file, lines: byLine };
}

export function isSuppressed(s: Suppressions, code: string, line: number): boolean {
  return s.file.has(code) || (s.lines.get(line)?.has(code) ?? false);
}

/** The pragma line that silences `code` on `line`, indented like it; merged into an existing pragma above. */
export function suppressionEdit(lines: readonly string[], code: string, line: number): TextEdit | undefined {
  const above = line > 0 ? lines[line - 1] : undefined;
  const m = above !== undefined ? /^(\s*#\s*appframework-ignore\s+)(.*?)\s*$/.exec(above) : null;
  if (above !== undefined && m) {
    const codes = codesOf(m[2]);
    if (codes.includes(code)) return undefined;
    return { range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: above.length } }, newText: `${m[1]}${[...codes, code].join(',')}` };
  }
  const indent = /^\s*/.exec(lines[line] ?? '')?.[0] ?? '';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# appframework-ignore ${code}\n` };
}

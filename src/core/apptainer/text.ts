// Text helpers that behave like the Go functions Apptainer's parser uses, so that both agree
// on what is a blank line, a word or a trimmed value.

/** The characters Go's unicode.IsSpace accepts (JavaScript's `\s` also takes U+FEFF, Go does not). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const leadingSpace = new RegExp(`^[${GO_SPACE}]+`);
const trailingSpace = new RegExp(`[${GO_SPACE}]+$`);

/** Splits text into lines the way bufio.ScanLines does: on `\n`, dropping one trailing `\r`. */
export function splitLines(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  return s.replace(leadingSpace, '').replace(trailingSpace, '');
}

/** Number of leading space characters (as Go counts them). */
export function indentOf(line: string): number {
  return line.length - line.replace(leadingSpace, '').length;
}

/** Offset of the end of `s` once trailing spaces are removed. */
export function trimmedEnd(s: string): number {
  return s.replace(trailingSpace, '').length;
}

/** strings.Fields with the positions of each field. */
export function fieldsWithOffsets(s: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = new RegExp(`[^${GO_SPACE}]+`, 'g');
  for (let m = re.exec(s); m; m = re.exec(s)) out.push({ text: m[0], start: m.index });
  return out;
}

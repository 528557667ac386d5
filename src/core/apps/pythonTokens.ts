// Just enough of Python's tokenizer to find a dict literal and its string entries,
// with comments, every string form and bracket nesting handled.

export type PythonTokenKind = 'name' | 'string' | 'number' | 'op' | 'newline' | 'comment';

export interface PythonToken {
  readonly kind: PythonTokenKind;
  readonly start: number;
  readonly end: number;
  /** Names and operators: their text; strings: their decoded value (plain strings only). */
  readonly value: string;
  /** For strings: the quote used, and whether it is a plain literal (no f-string, no bytes). */
  readonly quote?: string;
  readonly plain?: boolean;
  /** Bracket depth where the token starts. */
  readonly depth: number;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

function decode(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.|\n)/gs, (whole, escape: string) => {
    if (escape.length > 1) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return escape in ESCAPES ? ESCAPES[escape] : whole;
  });
}

export function tokenizePython(text: string): PythonToken[] {
  const tokens: PythonToken[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: PythonTokenKind, start: number, value: string, extra: Partial<PythonToken> = {}) =>
    tokens.push({ kind, start, end: i, value, depth, ...extra });

  while (i < text.length) {
    const char = text[i];
    const start = i;
    if (char === ' ' || char === '\t' || char === '\f' || char === '\r') {
      i++;
    } else if (char === '\\' && (text[i + 1] === '\n' || text.startsWith('\r\n', i + 1))) {
      i += text[i + 1] === '\n' ? 2 : 3; // explicit line continuation
    } else if (char === '\n') {
      i++;
      if (depth === 0) push('newline', start, '\n');
    } else if (char === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      push('comment', start, text.slice(start, i));
    } else if (/[A-Za-z_]/.test(char) || char.charCodeAt(0) > 127) {
      while (i < text.length && (/[A-Za-z0-9_]/.test(text[i]) || text.charCodeAt(i) > 127)) i++;
      const word = text.slice(start, i);
      if (/^[rRuUbBfF]{1,2}$/.test(word) && (text[i] === "'" || text[i] === '"')) {
        readString(word);
      } else {
        push('name', start, word);
      }
    } else if (char === "'" || char === '"') {
      readString('');
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      while (i < text.length && /[0-9A-Za-z_.]/.test(text[i])) i++;
      push('number', start, text.slice(start, i));
    } else {
      // An opening bracket and its closer carry the depth outside them.
      if (')]}'.includes(char)) depth = Math.max(0, depth - 1);
      i++;
      push('op', start, char);
      if ('([{'.includes(char)) depth++;
    }
  }
  return tokens;

  function readString(prefix: string): void {
    const start = i - prefix.length;
    const triple = text.startsWith(text[i].repeat(3), i);
    const quote = triple ? text[i].repeat(3) : text[i];
    i += quote.length;
    const bodyStart = i;
    const raw = /[rR]/.test(prefix);
    while (i < text.length) {
      if (text[i] === '\\') {
        i += 2;
        continue;
      }
      if (text.startsWith(quote, i)) break;
      if (!triple && text[i] === '\n') break; // unterminated: stop at the line end
      i++;
    }
    const body = text.slice(bodyStart, Math.min(i, text.length));
    if (text.startsWith(quote, i)) i += quote.length;
    tokens.push({
      kind: 'string', start, end: i, depth, quote,
      value: decode(body, raw),
      plain: !/[fFbB]/.test(prefix),
    });
  }
}

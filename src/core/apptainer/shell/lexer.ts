// A small POSIX-shell lexer: enough to find commands, their words and redirections in the
// script sections of a definition file. It does not expand anything.

export type TokenKind = 'word' | 'control' | 'redirect';

export interface Token {
  readonly kind: TokenKind;
  /** As written. */
  readonly text: string;
  /** Words: with quotes and backslash escapes removed (expansions left as written). */
  readonly value: string;
  /** True when the word holds `$` or a backtick outside single quotes. */
  readonly expands: boolean;
  readonly start: number;
  readonly end: number;
}

const controlOps = ['&&', '||', ';;', '|&', '|', ';', '&', '(', ')'];
const redirectOp = /^(?:\d*(?:<<<|<<-|<<|>>|>&|<&|>\||<>|>|<)|&>>|&>)/;
const wordEnd = /[\s;&|()<>]/;

/** Where the code of a line ends: at an unquoted `#` that starts a word. */
export function codeEnd(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '#' && (i === 0 || /[\s;&|()]/.test(line[i - 1]))) return i;
  }
  return line.length;
}

/** Reads `$(...)`, `${...}` or a backtick span starting at `i`; returns the index after it. */
function skipExpansion(s: string, i: number): number {
  if (s[i] === '`') {
    const close = s.indexOf('`', i + 1);
    return close < 0 ? s.length : close + 1;
  }
  const open = s[i + 1];
  const closeChar = open === '(' ? ')' : '}';
  let depth = 0;
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === "'") {
      const close = s.indexOf("'", j + 1);
      j = close < 0 ? s.length : close;
    } else if (c === open) depth++;
    else if (c === closeChar && --depth === 0) return j + 1;
  }
  return s.length;
}

function readWord(s: string, start: number): Token {
  let i = start;
  let value = '';
  let expands = false;
  while (i < s.length && !wordEnd.test(s[i])) {
    const c = s[i];
    if (c === '\\') {
      value += s[i + 1] ?? '';
      i += 2;
    } else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      const end = close < 0 ? s.length : close;
      value += s.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && /["\\$`]/.test(s[i + 1] ?? '')) {
          value += s[i + 1];
          i += 2;
        } else if (s[i] === '$' && /[({]/.test(s[i + 1] ?? '')) {
          const end = skipExpansion(s, i);
          value += s.slice(i, end);
          expands = true;
          i = end;
        } else {
          if (s[i] === '$' || s[i] === '`') expands = true;
          value += s[i];
          i++;
        }
      }
      i++;
    } else if ((c === '$' && /[({]/.test(s[i + 1] ?? '')) || c === '`') {
      const end = skipExpansion(s, i);
      value += s.slice(i, end);
      expands = true;
      i = end;
    } else {
      if (c === '$') expands = true;
      value += c;
      i++;
    }
  }
  const end = Math.min(i, s.length);
  return { kind: 'word', text: s.slice(start, end), value, expands, start, end };
}

/** Splits one logical line (continuations already joined, comment already removed) into tokens. */
export function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    if (/\s/.test(s[i])) {
      i++;
      continue;
    }
    const rest = s.slice(i);
    const redirect = redirectOp.exec(rest);
    if (redirect) {
      const text = redirect[0];
      tokens.push({ kind: 'redirect', text, value: text, expands: false, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    const op = controlOps.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'control', text: op, value: op, expands: false, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    const word = readWord(s, i);
    tokens.push(word);
    i = word.end > i ? word.end : i + 1;
  }
  return tokens;
}

// The backend's `JOB_TEMPLATES = {...}` dict in its Python source: read with positions, and
// extended by one entry without touching anything else in the file.
import { tokenizePython, type PythonToken } from './pythonTokens';
import { indentationBefore, lineEndOf, lineEndingOf, lineStartOf, sameLine, type TextInsertion } from './textEdit';

export const TEMPLATE_MAP_NAME = 'JOB_TEMPLATES';

export interface TemplateMapEntry {
  /** The app id; `undefined` when the key is not a plain string literal. */
  readonly key?: string;
  /** The job template file name; `undefined` when the value is not a plain string literal. */
  readonly template?: string;
  /** Offset of the entry's first character (the key). */
  readonly start: number;
  /** Offset after the value. */
  readonly end: number;
  /** Offset after the comma that follows the entry, if any. */
  readonly commaEnd?: number;
  readonly keyQuote?: string;
  /** The text between key and value, e.g. `: `. */
  readonly separator?: string;
}

export interface TemplateMap {
  /** Offset of the `JOB_TEMPLATES` name. */
  readonly nameStart: number;
  /** Offsets of the `{` and of the `}`. */
  readonly open: number;
  readonly close: number;
  readonly entries: readonly TemplateMapEntry[];
}

export type TemplateMapParse =
  | { readonly kind: 'ok'; readonly map: TemplateMap }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unsupported'; readonly offset: number; readonly message: string };

function significant(tokens: readonly PythonToken[]): PythonToken[] {
  return tokens.filter((token) => token.kind !== 'comment');
}

function literal(tokens: readonly PythonToken[]): string | undefined {
  if (tokens.length === 0 || !tokens.every((t) => t.kind === 'string' && t.plain)) return undefined;
  return tokens.map((t) => t.value).join(''); // adjacent literals concatenate
}

function findAssignment(tokens: readonly PythonToken[]): number | undefined {
  let lineStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'newline' || (token.kind === 'op' && token.value === ';' && token.depth === 0)) {
      lineStart = true;
      continue;
    }
    if (lineStart && token.kind === 'name' && token.value === TEMPLATE_MAP_NAME && token.depth === 0) {
      const next = tokens[i + 1];
      if (next?.kind === 'op' && (next.value === '=' || next.value === ':')) return i;
    }
    lineStart = false;
  }
  return undefined;
}

export function parseTemplateMap(text: string): TemplateMapParse {
  const tokens = significant(tokenizePython(text));
  const at = findAssignment(tokens);
  if (at === undefined) return { kind: 'absent' };
  const nameStart = tokens[at].start;
  let i = at + 1;
  // Skip an annotation (`JOB_TEMPLATES: dict[str, str] = {`).
  while (i < tokens.length && !(tokens[i].kind === 'op' && tokens[i].value === '=' && tokens[i].depth === 0)) {
    if (tokens[i].kind === 'newline') break;
    i++;
  }
  const equals = tokens[i];
  const open = tokens[i + 1];
  if (equals?.value !== '=' || open?.kind !== 'op' || open.value !== '{') {
    return { kind: 'unsupported', offset: nameStart, message: `${TEMPLATE_MAP_NAME} is not assigned a dict literal ({...})` };
  }
  const inner = open.depth + 1;
  const entries: TemplateMapEntry[] = [];
  let segment: PythonToken[] = [];
  const finish = (comma?: PythonToken) => {
    if (segment.length === 0) return;
    const colon = segment.findIndex((t) => t.kind === 'op' && t.value === ':' && t.depth === inner);
    const keyTokens = colon < 0 ? segment : segment.slice(0, colon);
    const valueTokens = colon < 0 ? [] : segment.slice(colon + 1);
    const key = literal(keyTokens);
    const last = segment[segment.length - 1];
    entries.push({
      ...(key === undefined ? {} : { key, keyQuote: keyTokens[0].quote }),
      ...(literal(valueTokens) === undefined ? {} : { template: literal(valueTokens) }),
      ...(colon >= 0 && valueTokens.length > 0 ? { separator: text.slice(segment[colon - 1].end, valueTokens[0].start) } : {}),
      start: segment[0].start,
      end: last.end,
      ...(comma ? { commaEnd: comma.end } : {}),
    });
    segment = [];
  };
  for (let j = i + 2; j < tokens.length; j++) {
    const token = tokens[j];
    if (token.kind === 'op' && token.value === '}' && token.depth === open.depth) {
      finish();
      return { kind: 'ok', map: { nameStart, open: open.start, close: token.start, entries } };
    }
    if (token.kind === 'op' && token.value === ',' && token.depth === inner) finish(token);
    else segment.push(token);
  }
  return { kind: 'unsupported', offset: open.start, message: `the ${TEMPLATE_MAP_NAME} dict is not closed` };
}

export function templateFor(map: TemplateMap, id: string): TemplateMapEntry | undefined {
  return map.entries.find((entry) => entry.key === id);
}

function quoted(value: string, quote: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/**
 * Insertions that add `'id': 'template'` to the dict in the file's own style (quotes, spacing,
 * indentation, trailing comma, line endings), or create the dict when the file has none.
 * `text` is undefined when the file does not exist yet.
 */
export function planTemplateMapInsert(text: string | undefined, id: string, template: string): TextInsertion[] {
  if (text === undefined) return [{ offset: 0, text: `${TEMPLATE_MAP_NAME} = {\n    ${quoted(id, "'")}: ${quoted(template, "'")},\n}\n` }];
  const eol = lineEndingOf(text);
  const parsed = parseTemplateMap(text);
  if (parsed.kind === 'unsupported') throw new Error(`cannot add to ${TEMPLATE_MAP_NAME}: ${parsed.message}`);
  if (parsed.kind === 'absent') {
    const lead = text.length === 0 || text.endsWith('\n') ? '' : eol;
    const block = `${TEMPLATE_MAP_NAME} = {${eol}    ${quoted(id, "'")}: ${quoted(template, "'")},${eol}}${eol}`;
    return [{ offset: text.length, text: `${lead}${text.length === 0 ? '' : eol}${block}` }];
  }
  const { map } = parsed;
  const entries = map.entries;
  const last = entries[entries.length - 1];
  const quote = [...entries].reverse().find((e) => e.keyQuote)?.keyQuote ?? "'";
  const q = quote.length === 3 ? quote[0] : quote;
  const separator = last?.separator && /^\s*:\s*$/.test(last.separator) && !last.separator.includes('\n') ? last.separator : ': ';
  const entryText = `${quoted(id, q)}${separator}${quoted(template, q)}`;
  const assignmentIndent = text.slice(lineStartOf(text, map.nameStart), map.nameStart).match(/^[ \t]*/)?.[0] ?? '';

  if (!last) {
    if (sameLine(text, map.open, map.close)) return [{ offset: map.open + 1, text: entryText }];
    return [{ offset: map.open + 1, text: `${eol}${assignmentIndent}    ${entryText},` }];
  }
  const afterLast = last.commaEnd ?? last.end;
  const previous = entries[entries.length - 2];
  const indent = indentationBefore(text, last.start);
  const onOwnLines = indent !== undefined && !sameLine(text, previous?.start ?? map.open, last.start);
  if (!onOwnLines) {
    // A one-line dict: continue on the same line.
    return last.commaEnd !== undefined
      ? [{ offset: last.commaEnd, text: ` ${entryText},` }]
      : [{ offset: last.end, text: `, ${entryText}` }];
  }
  if (sameLine(text, afterLast, map.close)) {
    // The closing brace follows the last entry on its line: the new entry goes between them.
    return last.commaEnd !== undefined
      ? [{ offset: last.commaEnd, text: `${eol}${indent}${entryText},` }]
      : [{ offset: last.end, text: `,${eol}${indent}${entryText}` }];
  }
  // After the last entry's line, behind any comment on it.
  const lineEnd = lineEndOf(text, afterLast);
  if (last.commaEnd !== undefined) return [{ offset: lineEnd, text: `${eol}${indent}${entryText},` }];
  // No trailing comma in this file's style: add the separating comma, keep none at the end.
  return [
    { offset: last.end, text: ',' },
    { offset: lineEnd, text: `${eol}${indent}${entryText}` },
  ];
}

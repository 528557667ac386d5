import { isValidHeaderKey } from '../keywords';
import { indentOf, trimSpace } from '../text';
import { lineRange, range } from '../types';
import { AF } from './codes';
import type { HeaderEntry, ParseProblem } from './model';

interface Pending {
  key: string;
  rawKey: string;
  value: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  /** Last line read so far. */
  end: number;
}

/**
 * Parses header lines the way Apptainer's doHeader does: lines are trimmed; blank lines and
 * lines starting with `#` are skipped; anything after a `#` is a comment; the key is the text
 * before the first `:` (lower-cased), the value the rest (so `From: ubuntu:22.04` keeps its
 * colon); a value ending in `\` continues on the next line.
 */
export function parseHeader(lines: readonly string[], first: number, last: number): { entries: HeaderEntry[]; problems: ParseProblem[] } {
  const entries: HeaderEntry[] = [];
  const problems: ParseProblem[] = [];
  let pending: Pending | undefined;

  /** Records an entry from its key's line to `lastLine`. */
  const commit = (current: Pending, lastLine: number) => {
    const last = lines[lastLine];
    const lastContent = trimSpace(trimSpace(last).split('#')[0]);
    const contentEnd = indentOf(last) + lastContent.length;
    const valueStart = lastLine === current.line ? Math.min(current.valueStart, contentEnd) : current.valueStart;
    const keyRange = lineRange(current.line, current.keyStart, current.keyEnd);
    const valid = isValidHeaderKey(current.key);
    entries.push({
      key: current.key,
      rawKey: current.rawKey,
      value: current.value,
      valid,
      line: current.line,
      keyRange,
      valueRange: range(current.line, valueStart, lastLine, contentEnd),
      range: range(current.line, current.keyStart, lastLine, contentEnd),
    });
    if (!valid) {
      const bom = current.key.startsWith('\uFEFF') ? ' (the file starts with a UTF-8 byte order mark: save it without one)' : '';
      problems.push({ code: AF.invalidHeaderKey, message: `invalid header keyword found: ${current.key}${bom}`, range: keyRange });
    }
  };

  for (let line = first; line <= last; line++) {
    const raw = lines[line];
    const trimmed = trimSpace(raw);
    const indent = indentOf(raw);
    if (trimmed === '' || trimmed.startsWith('#')) {
      // A blank or comment line ends a continued value: Apptainer keeps what it has so far.
      if (pending) commit(pending, pending.end);
      pending = undefined;
      continue;
    }
    const content = trimmed.split('#')[0];
    let current: Pending;
    if (!pending) {
      const colon = content.indexOf(':');
      if (colon < 0) {
        problems.push({
          code: AF.headerWithoutValue,
          message: `header key ${content} had no val: a header line must be "Key: value" (a missing section line such as "%post" before it?)`,
          range: lineRange(line, indent, indent + trimSpace(content).length),
        });
        continue;
      }
      const keyPart = content.slice(0, colon);
      const rawKey = trimSpace(keyPart);
      const keyStart = indent + indentOf(keyPart);
      const valuePart = content.slice(colon + 1);
      current = {
        key: rawKey.toLowerCase(),
        rawKey,
        value: trimSpace(valuePart),
        line,
        keyStart,
        keyEnd: keyStart + rawKey.length,
        valueStart: indent + colon + 1 + indentOf(valuePart),
        end: line,
      };
    } else {
      current = { ...pending, value: pending.value + trimSpace(content), end: line };
    }
    if (current.value.endsWith('\\')) {
      let value = current.value.slice(0, -1);
      if (value.endsWith('\\n')) value = `${value.slice(0, -2)}\n`;
      pending = { ...current, value };
      continue;
    }
    pending = undefined;
    commit(current, line);
  }
  return { entries, problems };
}

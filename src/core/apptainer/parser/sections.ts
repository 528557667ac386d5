import { APP_SECTIONS, STANDARD_SECTIONS } from '../keywords';
import { indentOf, trimSpace, trimmedEnd } from '../text';
import { lineRange, range } from '../types';
import { AF } from './codes';
import type { ParseProblem, Section, SectionKind } from './model';

const standard: ReadonlySet<string> = new Set(STANDARD_SECTIONS);
const apps: ReadonlySet<string> = new Set(APP_SECTIONS);

/** Apptainer starts a section at any line whose first word starts with `%`, indented or not. */
export function isSectionLine(line: string): boolean {
  return trimSpace(line).startsWith('%');
}

function shown(name: string): string {
  return name.replace(/\t/g, '\\t');
}

interface Header {
  name: string;
  kind: SectionKind;
  appName?: string;
  appNameStart?: number;
  args: string;
  argsStart?: number;
  problem?: string;
  problemCode?: string;
}

/**
 * Reads a section header line as Apptainer's getSectionName/parseTokenSection do: leading `%`
 * signs are removed only when the line starts with one (an indented header keeps its spaces and
 * gets an empty name), the name ends at the first space (not tab) and is lower-cased; app
 * sections keep the keyword's case and need a second word, the app name.
 */
function readHeader(line: string): Header {
  const body = line.startsWith('%') ? line.replace(/^%+/, '') : line;
  const offset = line.length - body.length;
  const space = body.indexOf(' ');
  const word = space < 0 ? body : body.slice(0, space);
  const rest = space < 0 ? '' : body.slice(space + 1);
  const name = word.toLowerCase();
  const argsStart = space < 0 ? undefined : offset + space + 1;

  if (name === 'files' || standard.has(name)) return { name, kind: 'standard', args: rest, argsStart };
  if (apps.has(name)) {
    if (space < 0) {
      return {
        name,
        kind: 'invalid',
        args: '',
        problemCode: AF.appWithoutName,
        problem: `app section ${word}: could not be split into section name and app name: write "%${name} <app name>"`,
      };
    }
    const second = rest.indexOf(' ');
    const appName = second < 0 ? rest : rest.slice(0, second);
    if (word !== name) {
      return {
        name: `${word} ${appName}`,
        kind: 'invalid',
        args: '',
        problemCode: AF.invalidSection,
        problem: `invalid section(s) specified: ${shown(word)} ${appName} (app section keywords must be lower case: %${name})`,
      };
    }
    return { name, kind: 'app', appName, appNameStart: argsStart, args: '' };
  }
  let hint = '';
  if (indentOf(line) > 0 && line.trimStart().startsWith('%')) {
    hint = ` (an indented "${line.trim().split(/\s/)[0]}" is read as a section with an empty name: start it in the first column)`;
  } else if (/\t/.test(word) && standard.has(name.split('\t')[0])) {
    hint = ' (separate the section name from its arguments with a space, not a tab)';
  } else if (name === '') {
    hint = ' (a "%" with no section name)';
  } else {
    const close = [...standard, ...apps].find((s) => s.startsWith(name) || name.startsWith(s));
    hint = close ? ` (did you mean %${close}?)` : ' (every line whose first word starts with "%" begins a section)';
  }
  return { name, kind: 'invalid', args: rest, problemCode: AF.invalidSection, problem: `invalid section(s) specified: ${shown(name)}${hint}` };
}

/** Builds the sections of one stage from its section header lines. */
export function parseSections(
  lines: readonly string[],
  headerLines: readonly number[],
  stageEnd: number,
): { sections: Section[]; problems: ParseProblem[] } {
  const sections: Section[] = [];
  const problems: ParseProblem[] = [];
  headerLines.forEach((line, i) => {
    const text = lines[line];
    const header = readHeader(text);
    const indent = indentOf(text);
    const token = text.slice(indent).split(/[ \t]/)[0];
    const nameRange = lineRange(line, indent, indent + token.length);
    const bodyEndLine = (headerLines[i + 1] ?? stageEnd + 1) - 1;
    let lastContentLine = line;
    for (let l = bodyEndLine; l > line; l--) {
      if (trimSpace(lines[l]) !== '') {
        lastContentLine = l;
        break;
      }
    }
    const argsEnd = trimmedEnd(text);
    const hasArgs = header.argsStart !== undefined && trimSpace(header.args) !== '';
    sections.push({
      name: header.name,
      kind: header.kind,
      line,
      nameRange,
      headerRange: lineRange(line, indent, text.length),
      appName: header.appName,
      appNameRange:
        header.appName !== undefined && header.appNameStart !== undefined
          ? lineRange(line, header.appNameStart, header.appNameStart + header.appName.length)
          : undefined,
      args: header.args,
      argsRange: hasArgs && header.argsStart !== undefined ? lineRange(line, header.argsStart, argsEnd) : undefined,
      bodyStartLine: line + 1,
      bodyEndLine,
      lastContentLine,
      range: range(line, indent, lastContentLine, lines[lastContentLine].length),
    });
    if (header.problem && header.problemCode) problems.push({ code: header.problemCode, message: header.problem, range: nameRange });
  });
  return { sections, problems };
}

import type { Position, Range } from '../types';
import { codeEnd, tokenize, type Token } from './lexer';

export interface ShellWord {
  /** As written. */
  readonly raw: string;
  /** Quotes removed. */
  readonly value: string;
  /** Holds `$...` or a command substitution. */
  readonly expands: boolean;
  readonly range: Range;
}

export interface Redirect {
  readonly op: string;
  readonly target?: ShellWord;
}

/** One simple command (`VAR=x sudo apt-get install -y pkg > log`). */
export interface ShellCommand {
  /** `VAR=value` words before the command name (also those after `env`). */
  readonly assignments: readonly ShellWord[];
  /** `sudo`, when the command runs through it. */
  readonly sudo?: ShellWord;
  /** The command name, absent for a bare assignment or a shell keyword line. */
  readonly name?: ShellWord;
  readonly args: readonly ShellWord[];
  readonly redirects: readonly Redirect[];
  /** Body of a here-document fed to this command. */
  readonly heredoc?: string;
  /** The command whose output is piped into this one. */
  readonly pipedFrom?: ShellCommand;
  /** First and last physical line of the logical line holding the command. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Range of the command's words. */
  readonly range: Range;
}

interface Segment {
  readonly offset: number;
  readonly line: number;
  readonly character: number;
}

/** A logical line: physical lines joined at `\`-newline, comments removed, with a position map. */
interface LogicalLine {
  readonly text: string;
  readonly segments: readonly Segment[];
  readonly firstLine: number;
  readonly lastLine: number;
}

function endsWithContinuation(code: string): boolean {
  const trailing = /\\*$/.exec(code)?.[0].length ?? 0;
  return trailing % 2 === 1;
}

function positionAt(logical: LogicalLine, offset: number, isEnd: boolean): Position {
  const probe = isEnd && offset > 0 ? offset - 1 : offset;
  let seg = logical.segments[0];
  for (const s of logical.segments) if (s.offset <= probe) seg = s;
  return { line: seg.line, character: seg.character + (offset - seg.offset) };
}

const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Words that may come before the real command name. */
const transparent = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', 'time', 'exec', 'command', 'nohup']);
/** Lines starting with these are not commands (`for x in a b`, `case $x in`, `done`). */
const notCommands = new Set(['for', 'case', 'select', 'function', 'done', 'fi', 'esac', 'in']);
/** sudo options that take a value. */
const sudoValueOptions = new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T']);

function buildCommand(logical: LogicalLine, tokens: Token[], pipedFrom: ShellCommand | undefined): ShellCommand | undefined {
  const toWord = (t: Token): ShellWord => ({
    raw: t.text,
    value: t.value,
    expands: t.expands,
    range: { start: positionAt(logical, t.start, false), end: positionAt(logical, t.end, true) },
  });
  const words: ShellWord[] = [];
  const redirects: Redirect[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'redirect') {
      const next = tokens[i + 1];
      if (next?.kind === 'word') {
        redirects.push({ op: t.text.replace(/^\d+/, ''), target: toWord(next) });
        i++;
      } else redirects.push({ op: t.text });
    } else words.push(toWord(t));
  }
  if (words.length === 0 && redirects.length === 0) return undefined;

  const assignments: ShellWord[] = [];
  let sudo: ShellWord | undefined;
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    if (assignment.test(w.value)) assignments.push(w);
    else if (transparent.has(w.value)) continue;
    else if (w.value === 'env') {
      while (i + 1 < words.length && (words[i + 1].value.startsWith('-') || assignment.test(words[i + 1].value))) {
        i++;
        if (assignment.test(words[i].value)) assignments.push(words[i]);
      }
    } else if (w.value === 'sudo') {
      sudo = w;
      while (i + 1 < words.length && words[i + 1].value.startsWith('-')) {
        i++;
        if (sudoValueOptions.has(words[i].value)) i++;
      }
    } else break;
  }
  const first = words[0] ?? redirects[0]?.target;
  const last = words[words.length - 1];
  const name = words[i] && !notCommands.has(words[i].value) ? words[i] : undefined;
  const start = first?.range.start ?? { line: logical.firstLine, character: 0 };
  return {
    assignments,
    sudo,
    name,
    args: name ? words.slice(i + 1) : [],
    redirects,
    pipedFrom,
    firstLine: logical.firstLine,
    lastLine: logical.lastLine,
    range: { start, end: last?.range.end ?? start },
  };
}

function commandsOf(logical: LogicalLine): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let current: Token[] = [];
  let pipedFrom: ShellCommand | undefined;
  const flush = (separator: string | undefined) => {
    const command = buildCommand(logical, current, pipedFrom);
    if (command) commands.push(command);
    pipedFrom = separator === '|' || separator === '|&' ? command : undefined;
    current = [];
  };
  for (const token of tokenize(logical.text)) {
    if (token.kind === 'control') flush(token.text);
    else current.push(token);
  }
  flush(undefined);
  return commands;
}

/**
 * The commands of the script held in lines `first..last`: continuation lines are joined,
 * comments dropped, and here-document bodies attached to the command that reads them.
 */
export function parseScript(lines: readonly string[], first: number, last: number): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let line = first;
  while (line <= last) {
    const segments: Segment[] = [];
    let text = '';
    const firstLine = line;
    for (;;) {
      const physical = lines[line];
      let code = physical.slice(0, codeEnd(physical));
      const continues = endsWithContinuation(code) && line < last;
      if (continues) code = code.slice(0, -1);
      segments.push({ offset: text.length, line, character: 0 });
      text += code;
      line++;
      if (!continues) break;
    }
    const logical: LogicalLine = { text, segments, firstLine, lastLine: line - 1 };
    for (const command of commandsOf(logical)) {
      const heredoc = command.redirects.find((r) => r.op === '<<' || r.op === '<<-');
      if (heredoc?.target) {
        const delimiter = heredoc.target.value;
        const body: string[] = [];
        while (line <= last && lines[line].trim() !== delimiter) body.push(lines[line++]);
        line++;
        commands.push({ ...command, heredoc: body.join('\n') });
      } else commands.push(command);
    }
  }
  return commands;
}

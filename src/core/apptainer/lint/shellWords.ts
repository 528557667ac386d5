import type { ShellCommand, ShellWord } from '../shell/script';
import type { TextEdit } from '../types';

/** `/usr/bin/apt-get` → `apt-get`. */
export function commandName(command: ShellCommand): string | undefined {
  const value = command.name?.value;
  return value === undefined ? undefined : value.slice(value.lastIndexOf('/') + 1);
}

export function splitAssignment(word: ShellWord): { name: string; value: string } | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word.value);
  return m ? { name: m[1], value: m[2] } : undefined;
}

/** Every `NAME=value` the command sets: prefix assignments, bare assignments and `export NAME=value`. */
export function assignmentsOf(command: ShellCommand): { word: ShellWord; name: string; value: string }[] {
  const words = [...command.assignments];
  const name = commandName(command);
  if (name === 'export' || name === 'declare' || name === 'typeset' || name === 'readonly') {
    words.push(...command.args.filter((a) => !a.value.startsWith('-')));
  }
  return words.flatMap((word) => {
    const a = splitAssignment(word);
    return a ? [{ word, ...a }] : [];
  });
}

/** A value fixed in the file: no `$` expansion, no `{{ build-arg }}`. */
export function isLiteral(word: ShellWord): boolean {
  return !word.expands && !word.value.includes('{{');
}

/** The first argument that is not an option, skipping the values of the given options. */
export function firstOperand(command: ShellCommand, optionsWithValue: ReadonlySet<string> = new Set()): ShellWord | undefined {
  for (let i = 0; i < command.args.length; i++) {
    const arg = command.args[i];
    if (optionsWithValue.has(arg.value)) i++;
    else if (!arg.value.startsWith('-')) return arg;
  }
  return undefined;
}

export function insertAfter(word: ShellWord, text: string): TextEdit {
  return { range: { start: word.range.end, end: word.range.end }, newText: text };
}

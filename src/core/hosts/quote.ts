// The one quoting function for POSIX shells. Every command that travels as a string (ssh2 takes
// one string per exec) is built from an argv array with `shellJoin`.
import { InvalidValue } from './errors';

/** Words made only of these characters mean the same quoted or not (no `=`: `A=b` would be an assignment). */
const PLAIN = /^[A-Za-z0-9_./:,+@%-]+$/;

/** Quotes one argument for sh/bash/dash/zsh: single quotes, each `'` written as `'\''`. */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new InvalidValue('command argument', arg.replace(/\0/g, '\\0'), 'it contains a NUL byte');
  if (PLAIN.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quotes every argument and joins them with spaces. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

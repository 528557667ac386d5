// Command lines as they go into the log: secrets masked (values of password-like variables and
// options, credentials in URLs), long scripts cut to their first line. Stdin is never logged.

const SECRET_NAME = /pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential|auth/i;
const MASK = '•••';
const MAX_WORD = 160;

/** `user:password@` in URLs. */
function maskUrlCredentials(word: string): string {
  return word.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^/\s@]+@/gi, `$1${MASK}@`);
}

/** `NAME=value` with a password-like NAME, also inside `--env NAME=value` and `--password=value`. */
function maskAssignment(word: string): string {
  const match = /^(-{0,2}[A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(word);
  if (match && SECRET_NAME.test(match[1]) && match[2] !== '') return `${match[1]}=${MASK}`;
  return word;
}

/** Shell scripts (`sh -c SCRIPT`) can be long: their first line tells what they are. */
function shorten(word: string): string {
  const lines = word.split('\n').filter((line) => line.trim() !== '');
  let text = lines.length > 1 ? `${lines[0].trim()} …(${lines.length} lines)` : word;
  if (text.length > MAX_WORD) text = `${text.slice(0, MAX_WORD - 1)}…`;
  return text;
}

/** The words of a command with secrets masked; a word after a password-like option is masked too. */
export function maskArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let maskNext = false;
  for (const word of argv) {
    if (maskNext) {
      out.push(MASK);
      maskNext = false;
      continue;
    }
    if (/^--?[A-Za-z-]+$/.test(word) && SECRET_NAME.test(word)) maskNext = true;
    out.push(shorten(maskUrlCredentials(maskAssignment(word))));
  }
  return out;
}

/** Environment for the log: password-like values masked. */
export function maskEnv(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([name, value]) => (SECRET_NAME.test(name) ? `${name}=${MASK}` : `${name}=${shorten(value)}`));
}

/** Shell-like quoting for reading, not for running: the log is never executed. */
function readable(word: string): string {
  return word === '' ? "''" : /^[A-Za-z0-9_./:,+@%=•…-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface LoggedCommand {
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly sudo?: boolean;
  /** stdin is described, never shown. */
  readonly stdin?: boolean;
}

/** One line: `[sudo] [env A=b] argv... (in /cwd) < stdin`. */
export function describeCommand(command: LoggedCommand): string {
  const words = [
    ...(command.sudo ? ['sudo', '-n'] : []),
    ...(command.env && Object.keys(command.env).length ? ['env', ...maskEnv(command.env)] : []),
    ...maskArgv(command.argv),
  ].map(readable);
  return `${words.join(' ')}${command.cwd ? ` (in ${command.cwd})` : ''}${command.stdin ? ' < (input not shown)' : ''}`;
}

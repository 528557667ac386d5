// Typed failures of the Slurm layer. Messages are one line, safe to show to users.

/** Shows a value from outside (command output, user input) in a message: quoted, control characters escaped, short. */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A command answered with something we did not expect; `detail` says what. */
export class SlurmParseError extends Error {
  override readonly name = 'SlurmParseError';
  constructor(
    readonly command: string,
    readonly detail: string,
    /** Where in the output, e.g. `jobs[3].job_state` or `line 2`. */
    readonly where?: string,
  ) {
    super(`${command}: unexpected output${where ? ` at ${where}` : ''}: ${detail}`);
  }
}

/** A command failed in a way the operation does not turn into a result. */
export class SlurmCommandError extends Error {
  override readonly name = 'SlurmCommandError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    const exit = exitCode === null ? 'was killed' : `exited with ${exitCode}`;
    const line = firstErrorLine(stderr);
    super(`${command} ${exit}${line ? `: ${line}` : ''}`);
  }
}

/** A value was refused before it could reach a command line. */
export class SlurmInputError extends Error {
  override readonly name = 'SlurmInputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`Invalid ${field} ${describeValue(value)}: ${reason}`);
  }
}

/** The most telling line of a command's stderr: the last `error:` line, else the first non-empty one. */
export function firstErrorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => withoutControlCharacters(line).trim())
    .filter((line) => line.length > 0);
  const errors = lines.filter((line) => /\berror\b/i.test(line));
  const line = errors.length > 0 ? errors[errors.length - 1] : lines[0];
  if (line === undefined) return '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Control characters (terminal escapes, line breaks) replaced by spaces. */
export function withoutControlCharacters(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += code < 0x20 || code === 0x7f ? ' ' : text[i];
  }
  return out;
}

export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

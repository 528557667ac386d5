import { SlurmCommandError } from './errors';

/** How a command ended, as a runner reports it besides stdout. */
export interface CommandEnd {
  readonly stderr: string;
  /** Exit status; null when the process was killed by a signal. */
  readonly exitCode: number | null;
}

/**
 * A Slurm command described as data: the core builds `argv` and reads the output, a runner
 * (local process, SSH) executes it and does the quoting it needs.
 *
 * Runners should call `parse` for every exit status and pass `end`: some failures are normal
 * results (accounting disabled, a file not written yet, a job already gone). Without `end`,
 * `parse` assumes the command succeeded.
 */
export interface SlurmOperation<T> {
  readonly argv: string[];
  parse(stdout: string, end?: CommandEnd): T;
}

/** Throws the command's own error unless it exited 0. */
export function requireSuccess(command: string, end: CommandEnd | undefined): void {
  if (end && end.exitCode !== 0) throw new SlurmCommandError(command, end.exitCode, end.stderr);
}

/**
 * Sets a variable for one command without a shell: `env NAME=value command ...`.
 * Used for SLURM_TIME_FORMAT=%s, so times come as epoch seconds whatever the host's time zone.
 */
export function withEnv(vars: Record<string, string>, argv: string[]): string[] {
  return ['env', ...Object.entries(vars).map(([name, value]) => `${name}=${value}`), ...argv];
}

export const EPOCH_TIMES = { SLURM_TIME_FORMAT: '%s' } as const;

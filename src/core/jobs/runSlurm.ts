// Runs a Slurm operation (argv + parser) on a host: the one place where Slurm commands meet the
// host layer, so every caller gets the same timeouts, cancellation and "not installed" message.
import type { CancellationTokenLike, ExecOptions, Host } from '../hosts';
import type { CommandRunner } from './persistentShell';
import type { SlurmOperation } from '../slurm';

export interface SlurmShellOptions {
  readonly token?: CancellationTokenLike;
  /** Default 60 s: Slurm commands answer in well under a second unless the controller is down. */
  readonly timeoutMs?: number;
}

/** With a whole host, not a long-lived shell: input, environment, directory, streamed output. */
export interface SlurmRunOptions extends SlurmShellOptions {
  readonly stdin?: ExecOptions['stdin'];
  readonly env?: ExecOptions['env'];
  readonly cwd?: string;
  readonly onStdout?: ExecOptions['onStdout'];
}

export const DEFAULT_SLURM_TIMEOUT_MS = 60_000;

/** Slurm's tools are not on the host (or not on its PATH for non-interactive shells). */
export class SlurmNotInstalled extends Error {
  constructor(
    readonly host: string,
    readonly command: string,
  ) {
    super(`${command} was not found on ${host}: run Slurm commands on a host where Slurm's tools are on the PATH (hosts.access in appframework.yaml).`);
    this.name = 'SlurmNotInstalled';
  }
}

/** The program an argv runs, skipping `env NAME=value` in front. */
export function commandName(argv: readonly string[]): string {
  let i = 0;
  if (argv[0] === 'env') {
    i = 1;
    while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i])) i++;
  }
  return argv[i] ?? argv[0] ?? '';
}

export async function runSlurm<T>(host: CommandRunner, operation: SlurmOperation<T>, options?: SlurmShellOptions): Promise<T>;
export async function runSlurm<T>(host: Host, operation: SlurmOperation<T>, options?: SlurmRunOptions): Promise<T>;
export async function runSlurm<T>(host: CommandRunner | Host, operation: SlurmOperation<T>, options: SlurmRunOptions = {}): Promise<T> {
  // The overloads give a shell runner only token and timeout.
  const result = await (host as Host).exec(operation.argv, {
    token: options.token,
    timeoutMs: options.timeoutMs ?? DEFAULT_SLURM_TIMEOUT_MS,
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.onStdout ? { onStdout: options.onStdout } : {}),
  });
  if (result.exitCode === 127 && /not found/i.test(result.stderr)) throw new SlurmNotInstalled(host.label, commandName(operation.argv));
  return operation.parse(result.stdout, { stderr: result.stderr, exitCode: result.exitCode });
}

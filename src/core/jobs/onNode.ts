// Commands on the node where a job runs, through `srun --overlap --jobid` (core/slurm/srun.ts).
// Works wherever the user can submit jobs, without SSH access to the nodes.
import type { CancellationTokenLike, ExecOptions, ExecResult, Host } from '../hosts';
import type { CommandRunner } from './persistentShell';
import { srunArgv } from '../slurm';
import { DEFAULT_SLURM_TIMEOUT_MS, SlurmNotInstalled } from './runSlurm';

export interface OnNodeShellOptions {
  readonly token?: CancellationTokenLike;
  /** Default 60 s (a step that cannot start would wait forever); 'none' for commands that follow output. */
  readonly timeoutMs?: number | 'none';
}

/** With a whole host, not a long-lived shell: streamed output. */
export interface OnNodeOptions extends OnNodeShellOptions, Pick<ExecOptions, 'onStdout' | 'onStderr' | 'maxBuffer'> {}

/** Runs `argv` on the job's node. A non-zero exit is a result; see `stepRefusal` for srun's own. */
export async function execOnJobNode(access: CommandRunner, jobId: number | string, argv: readonly string[], options?: OnNodeShellOptions): Promise<ExecResult>;
export async function execOnJobNode(access: Host, jobId: number | string, argv: readonly string[], options?: OnNodeOptions): Promise<ExecResult>;
export async function execOnJobNode(access: CommandRunner | Host, jobId: number | string, argv: readonly string[], options: OnNodeOptions = {}): Promise<ExecResult> {
  const full = srunArgv(jobId, argv);
  const { timeoutMs, ...rest } = options;
  const limit = timeoutMs === 'none' ? {} : { timeoutMs: timeoutMs ?? DEFAULT_SLURM_TIMEOUT_MS };
  // The overloads give a shell runner only token and timeout.
  const result = await (access as Host).exec(full, { ...rest, ...limit });
  if (result.exitCode === 127 && /srun.*not found|not found.*srun/i.test(result.stderr)) throw new SlurmNotInstalled(access.label, 'srun');
  return result;
}

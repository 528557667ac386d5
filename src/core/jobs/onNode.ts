// Commands on the node where a job runs, through `srun --overlap --jobid`: one task on the
// allocation's first node (the one running the batch script), sharing the job's resources.
// Works wherever the user can submit jobs, without SSH access to the nodes.
import { InvalidValue, type CancellationTokenLike, type ExecOptions, type ExecResult } from '../hosts';
import type { CommandRunner } from './persistentShell';
import { validateJobId } from '../slurm';
import { DEFAULT_SLURM_TIMEOUT_MS, SlurmNotInstalled } from './runSlurm';

export function srunArgv(jobId: number | string, argv: readonly string[]): string[] {
  const [command] = argv;
  if (!command || command.startsWith('-')) throw new InvalidValue('command', command ?? '', 'give a program name first');
  return ['srun', '--overlap', `--jobid=${validateJobId(jobId)}`, '--nodes=1', '--ntasks=1', '--quiet', ...argv];
}

/** What srun says when the job cannot take a step: it has not started, or it is over. */
export type StepRefusal = 'pending' | 'ended';

export function stepRefusal(stderr: string): StepRefusal | undefined {
  if (/Job is pending execution|job has not started/i.test(stderr)) return 'pending';
  if (/has expired|Invalid job id specified|Job has already finished|Expired or invalid job|already completing or completed/i.test(stderr)) return 'ended';
  return undefined;
}

export interface OnNodeOptions extends Pick<ExecOptions, 'onStdout' | 'onStderr' | 'maxBuffer'> {
  readonly token?: CancellationTokenLike;
  /** Default 60 s (a step that cannot start would wait forever); 'none' for commands that follow output. */
  readonly timeoutMs?: number | 'none';
}

/** Runs `argv` on the job's node. A non-zero exit is a result; see `stepRefusal` for srun's own. */
export async function execOnJobNode(access: CommandRunner, jobId: number | string, argv: readonly string[], options: OnNodeOptions = {}): Promise<ExecResult> {
  const full = srunArgv(jobId, argv);
  const { timeoutMs, ...rest } = options;
  const limit = timeoutMs === 'none' ? {} : { timeoutMs: timeoutMs ?? DEFAULT_SLURM_TIMEOUT_MS };
  const result = await access.exec(full, { ...rest, ...limit });
  if (result.exitCode === 127 && /srun.*not found|not found.*srun/i.test(result.stderr)) throw new SlurmNotInstalled(access.label, 'srun');
  return result;
}

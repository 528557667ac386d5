// `srun --overlap --jobid`: commands on the node where a job runs, as one task on the allocation's
// first node (the one running the batch script), sharing the job's resources.
import { SlurmCommandError, SlurmInputError } from './errors';
import { type SlurmOperation } from './operation';
import { validateJobId, validatePath } from './validate';

export function srunArgv(jobId: number | string, argv: readonly string[]): string[] {
  const [command] = argv;
  if (!command || command.startsWith('-')) throw new SlurmInputError('command', command ?? '', 'give a program name first');
  return ['srun', '--overlap', `--jobid=${validateJobId(jobId)}`, '--nodes=1', '--ntasks=1', '--quiet', ...argv];
}

/** What srun says when the job cannot take a step: it has not started, or it is over. */
export type StepRefusal = 'pending' | 'ended';

export function stepRefusal(stderr: string): StepRefusal | undefined {
  if (/Job is pending execution|job has not started/i.test(stderr)) return 'pending';
  if (/has expired|Invalid job id specified|Job has already finished|Expired or invalid job|already completing or completed/i.test(stderr)) return 'ended';
  // The job ended while the step ran.
  if (/\*\*\* STEP \S+ ON \S+ CANCELLED AT/.test(stderr)) return 'ended';
  return undefined;
}

export type ReadFileResult =
  | { readonly kind: 'ok'; readonly text: string }
  /** The file does not exist (yet): an info file is written a moment after the job starts. */
  | { readonly kind: 'notFound' }
  | { readonly kind: 'permissionDenied' }
  /** The job has not started, so it has no node to read from. */
  | { readonly kind: 'jobPending' }
  /** The job has ended or never existed. */
  | { readonly kind: 'jobGone' };

// Waits on the node until the file has content or $2 tenths of a second have passed, then reads
// it: one job step however long the wait, and the file is seen within 0.1 s of being written.
// A `sleep` without fractions counts as a whole second.
const AWAIT_THEN_CAT = 'i=0; while [ ! -s "$1" ] && [ "$i" -lt "$2" ]; do if sleep 0.1 2>/dev/null; then i=$((i+1)); else sleep 1; i=$((i+10)); fi; done; exec cat -- "$1"';

/**
 * Reads a file on the node where a job runs: `srun --overlap --jobid=<id> ... cat -- <file>`.
 * One task on the first node of the allocation, the one that runs the batch script. With
 * `waitSeconds`, the step first waits that long for the file to appear.
 */
export function srunReadFile(jobId: number | string, path: string, waitSeconds = 0): SlurmOperation<ReadFileResult> {
  const file = validatePath(path, 'file path', { absolute: true });
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > 3600) throw new RangeError(`waitSeconds must be a whole number from 0 to 3600, not ${waitSeconds}`);
  const read = waitSeconds === 0 ? ['cat', '--', file] : ['sh', '-c', AWAIT_THEN_CAT, 'sh', file, String(waitSeconds * 10)];
  return {
    argv: srunArgv(jobId, read),
    parse(stdout, end) {
      if (!end || end.exitCode === 0) return { kind: 'ok', text: stdout };
      const stderr = end.stderr;
      if (/No such file or directory/.test(stderr)) return { kind: 'notFound' };
      if (/Permission denied/.test(stderr)) return { kind: 'permissionDenied' };
      const refusal = stepRefusal(stderr);
      if (refusal) return { kind: refusal === 'pending' ? 'jobPending' : 'jobGone' };
      throw new SlurmCommandError('srun', end.exitCode, stderr);
    },
  };
}

import { SlurmCommandError } from './errors';
import { type SlurmOperation } from './operation';
import { validateJobId, validatePath } from './validate';

export type ReadFileResult =
  | { readonly kind: 'ok'; readonly text: string }
  /** The file does not exist (yet): an info file is written a moment after the job starts. */
  | { readonly kind: 'notFound' }
  | { readonly kind: 'permissionDenied' }
  /** The job has not started, so it has no node to read from. */
  | { readonly kind: 'jobPending' }
  /** The job has ended or never existed. */
  | { readonly kind: 'jobGone' };

/**
 * Reads a file on the node where a job runs: `srun --overlap --jobid=<id> ... cat -- <file>`.
 * One task on the first node of the allocation, the one that runs the batch script.
 */
export function srunReadFile(jobId: number | string, path: string): SlurmOperation<ReadFileResult> {
  const id = validateJobId(jobId);
  const file = validatePath(path, 'file path', { absolute: true });
  return {
    argv: ['srun', '--overlap', `--jobid=${id}`, '--nodes=1', '--ntasks=1', '--quiet', 'cat', '--', file],
    parse(stdout, end) {
      if (!end || end.exitCode === 0) return { kind: 'ok', text: stdout };
      const stderr = end.stderr;
      if (/No such file or directory/.test(stderr)) return { kind: 'notFound' };
      if (/Permission denied/.test(stderr)) return { kind: 'permissionDenied' };
      if (/Job is pending execution/i.test(stderr)) return { kind: 'jobPending' };
      if (/has expired|Invalid job id specified|Job has already finished|Expired or invalid job/i.test(stderr)) return { kind: 'jobGone' };
      throw new SlurmCommandError('srun', end.exitCode, stderr);
    },
  };
}

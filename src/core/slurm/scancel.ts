import { SlurmCommandError } from './errors';
import { type SlurmOperation } from './operation';
import { validateJobRef } from './validate';

export type CancelResult =
  | { readonly kind: 'cancelled' }
  /** The job had already ended or is unknown to the controller: nothing left to cancel. */
  | { readonly kind: 'alreadyGone' };

/** `scancel <id>`. */
export function scancelJob(jobId: number | string): SlurmOperation<CancelResult> {
  const id = validateJobRef(jobId);
  return {
    argv: ['scancel', id],
    parse(_stdout, end) {
      if (!end || end.exitCode === 0) return { kind: 'cancelled' };
      if (/Invalid job id specified|already completing or completed|Job has already finished/i.test(end.stderr)) return { kind: 'alreadyGone' };
      throw new SlurmCommandError('scancel', end.exitCode, end.stderr);
    },
  };
}

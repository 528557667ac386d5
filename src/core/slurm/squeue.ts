import { randomBytes } from 'node:crypto';
import { type JobFilter, type Job } from './job';
import { EPOCH_TIMES, requireSuccess, withEnv, type SlurmOperation } from './operation';
import { parseSqueueJson } from './squeue-json';
import { delimitersFor, parseSqueueFormatted, squeueFormatArgument } from './squeue-format';
import { validateJobId, validateUserName } from './validate';

export interface SqueueOptions extends JobFilter {
  /** Milliseconds since the epoch at parse time, for elapsed and remaining time. */
  readonly clock?: () => number;
}

function filterArgs(options: SqueueOptions): string[] {
  const args: string[] = [];
  if (options.user !== undefined) args.push(`--user=${validateUserName(options.user)}`);
  if (options.jobIds !== undefined && options.jobIds.length > 0) args.push(`--jobs=${options.jobIds.map(validateJobId).join(',')}`);
  if (options.includeEnded) args.push('--states=all');
  return args;
}

/** `squeue --json`: Slurm 21.08 and later; for a squeue that refuses a field of the text format. */
export function squeueJson(options: SqueueOptions = {}): SlurmOperation<Job[]> {
  const argv = ['squeue', '--json', ...filterArgs(options)];
  const clock = options.clock ?? Date.now;
  return {
    argv,
    parse(stdout, end) {
      requireSuccess('squeue', end);
      return parseSqueueJson(stdout, options, clock());
    },
  };
}

/**
 * squeue's delimited text output: every Slurm has it, and it is far smaller than `--json`.
 * `token` is for tests; by default each call draws a fresh one.
 */
export function squeueFormatted(options: SqueueOptions & { readonly token?: string } = {}): SlurmOperation<Job[]> {
  const delimiters = delimitersFor(options.token ?? randomBytes(8).toString('hex'));
  const argv = withEnv(EPOCH_TIMES, ['squeue', '--noheader', ...filterArgs(options), `--Format=${squeueFormatArgument(delimiters)}`]);
  const clock = options.clock ?? Date.now;
  return {
    argv,
    parse(stdout, end) {
      requireSuccess('squeue', end);
      return parseSqueueFormatted(stdout, delimiters, options.includeEnded, clock());
    },
  };
}

/**
 * Whether squeue did not understand the `--Format` request (a field name older Slurm lacks, or no
 * `--Format` at all), so the text format is not the way. For an unknown field squeue still exits 0
 * and prints that column empty, so only stderr tells.
 */
export function isFormatUnsupported(stderr: string): boolean {
  return /Invalid job format specification|unrecognized option '--Format'|invalid option -- 'O'/i.test(stderr);
}

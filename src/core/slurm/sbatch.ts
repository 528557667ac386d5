import { SlurmParseError } from './errors';
import { requireSuccess, type SlurmOperation } from './operation';
import {
  validateClusterName,
  validateJobName,
  validatePartition,
  validatePath,
  validatePort,
  validateSessionId,
  validateTimeLimit,
} from './validate';

export interface SbatchOptions {
  /** The job script, as the submitting host sees it; omitted: sbatch reads it from standard input. */
  readonly script?: string;
  /** Exported to the job as SESSION_ID, the way the seed's backend does it. */
  readonly sessionId?: string;
  /** Exported to the job as VNC_PORT. */
  readonly vncPort?: number;
  readonly jobName?: string;
  readonly partition?: string;
  /** Minutes, or Slurm's forms such as `2:00:00`. */
  readonly time?: number | string;
  readonly output?: string;
  readonly error?: string;
}

export interface Submitted {
  readonly jobId: number;
  /** Present when Slurm answers `id;cluster` (federations, `--clusters`). */
  readonly cluster?: string;
}

/** `sbatch --parsable [--export=ALL,SESSION_ID=..,VNC_PORT=..] [options] <script>`. */
export function sbatchSubmit(options: SbatchOptions): SlurmOperation<Submitted> {
  const argv = ['sbatch', '--parsable'];
  const exports: string[] = [];
  if (options.sessionId !== undefined) exports.push(`SESSION_ID=${validateSessionId(options.sessionId)}`);
  if (options.vncPort !== undefined) exports.push(`VNC_PORT=${validatePort(options.vncPort, 'VNC port')}`);
  // ALL keeps the submitting environment, as plain sbatch would; the two values are added to it.
  if (exports.length > 0) argv.push(`--export=ALL,${exports.join(',')}`);
  if (options.jobName !== undefined) argv.push(`--job-name=${validateJobName(options.jobName)}`);
  if (options.partition !== undefined) argv.push(`--partition=${validatePartition(options.partition)}`);
  if (options.time !== undefined) argv.push(`--time=${validateTimeLimit(options.time)}`);
  if (options.output !== undefined) argv.push(`--output=${validatePath(options.output, 'output path')}`);
  if (options.error !== undefined) argv.push(`--error=${validatePath(options.error, 'error path')}`);
  if (options.script !== undefined) argv.push(validatePath(options.script, 'job script'));
  return {
    argv,
    parse(stdout, end) {
      requireSuccess('sbatch', end);
      return parseSbatchParsable(stdout);
    },
  };
}

/** `1234` or `1234;cluster`; sbatch may print warnings on stderr, never on stdout with --parsable. */
export function parseSbatchParsable(stdout: string): Submitted {
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length !== 1) throw new SlurmParseError('sbatch', lines.length === 0 ? 'no job id printed' : `expected one line, got ${lines.length}`);
  const m = /^([1-9]\d{0,9})(?:;(.+))?$/.exec(lines[0]);
  if (!m) throw new SlurmParseError('sbatch', `expected "<job id>" or "<job id>;<cluster>", got ${JSON.stringify(lines[0].slice(0, 60))}`);
  const jobId = Number(m[1]);
  if (m[2] === undefined) return { jobId };
  try {
    return { jobId, cluster: validateClusterName(m[2]) };
  } catch {
    throw new SlurmParseError('sbatch', `unexpected cluster name ${JSON.stringify(m[2].slice(0, 60))}`);
  }
}

// `sacct`: finished jobs, where the cluster keeps accounting. Without slurmdbd it answers
// "Slurm accounting storage is disabled" - normal on small clusters, a result here, not an error.
import { randomBytes } from 'node:crypto';
import { SlurmCommandError, SlurmInputError, SlurmParseError } from './errors';
import { displayJobId } from './job';
import { EPOCH_TIMES, withEnv, type SlurmOperation } from './operation';
import { stateFromName, type JobState } from './state';
import { epochToMs, isNoValue, isUnlimited } from './time';
import { validateJobId, validateUserName } from './validate';

const COMMAND = 'sacct';

export const SACCT_FIELDS = [
  'JobID', 'JobIDRaw', 'JobName', 'User', 'State', 'Partition', 'NodeList', 'Submit', 'Start', 'End',
  'ElapsedRaw', 'TimelimitRaw', 'ExitCode', 'Reason', 'WorkDir',
] as const;

export interface AccountedJob {
  readonly id: string;
  readonly jobId: number;
  readonly arrayJobId?: number;
  readonly arrayTaskId?: number;
  readonly name: string;
  readonly user: string;
  readonly state: JobState;
  /** As printed, e.g. `CANCELLED by 1000`. */
  readonly stateRaw: string;
  readonly partition?: string;
  readonly nodes?: string;
  /** Epoch milliseconds, as in `Job`. */
  readonly submitTimeMs?: number;
  readonly startTimeMs?: number;
  readonly endTimeMs?: number;
  readonly elapsedSeconds?: number;
  /** Minutes. */
  readonly timeLimit?: number | 'infinite';
  readonly exitCode?: { readonly code: number; readonly signal: number };
  readonly reason?: string;
  readonly workDir?: string;
}

export type SacctResult = { readonly kind: 'ok'; readonly jobs: AccountedJob[] } | { readonly kind: 'accountingDisabled' };

export interface SacctOptions {
  readonly jobIds?: readonly number[];
  readonly user?: string;
  /** sacct's --starttime: `now-7days`, `2025-01-31` or `2025-01-31T08:00`. */
  readonly since?: string;
  /** For tests; by default each call draws a fresh delimiter token. */
  readonly token?: string;
}

const SINCE = /^(?:now(?:-\d{1,4}(?:minutes|hours|days|weeks))?|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?)$/;

/** `sacct --parsable2 --noheader --allocations` with a delimiter no job name can contain. */
export function sacctJobs(options: SacctOptions = {}): SlurmOperation<SacctResult> {
  const token = options.token ?? randomBytes(8).toString('hex');
  if (!/^[0-9a-f]{16,64}$/.test(token)) throw new Error('delimiter token must be 16 to 64 lower-case hex digits');
  const delimiter = `\x1f${token}`;
  const argv = ['sacct', '--parsable2', '--noheader', '--allocations', `--delimiter=${delimiter}`, `--format=${SACCT_FIELDS.join(',')}`];
  if (options.jobIds !== undefined && options.jobIds.length > 0) argv.push(`--jobs=${options.jobIds.map(validateJobId).join(',')}`);
  if (options.user !== undefined) argv.push(`--user=${validateUserName(options.user)}`);
  if (options.since !== undefined) {
    if (!SINCE.test(options.since)) throw new SlurmInputError('start time', options.since, 'expected now-<N>days, YYYY-MM-DD or YYYY-MM-DDTHH:MM');
    argv.push(`--starttime=${options.since}`);
  }
  return {
    argv: withEnv(EPOCH_TIMES, argv),
    parse(stdout, end) {
      if (end && isAccountingDisabled(end.stderr)) return { kind: 'accountingDisabled' };
      if (end && end.exitCode !== 0) throw new SlurmCommandError(COMMAND, end.exitCode, end.stderr);
      return { kind: 'ok', jobs: parseSacct(stdout, delimiter) };
    },
  };
}

export function isAccountingDisabled(stderr: string): boolean {
  return /accounting storage is disabled/i.test(stderr);
}

/** One job per line; a line break inside a job name joins lines until the record is complete. */
export function parseSacct(stdout: string, delimiter: string): AccountedJob[] {
  const expected = SACCT_FIELDS.length;
  const jobs: AccountedJob[] = [];
  const lines = stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let pending: string | undefined;
  let line = 0;
  for (const piece of lines) {
    line++;
    const record = pending === undefined ? piece : `${pending}\n${piece}`;
    const values = record.split(delimiter);
    if (values.length < expected) {
      pending = record;
      continue;
    }
    pending = undefined;
    if (values.length > expected) throw new SlurmParseError(COMMAND, `expected ${expected} fields, got ${values.length}`, `line ${line}`);
    jobs.push(toAccountedJob(values, line));
  }
  if (pending !== undefined && pending.trim() !== '') throw new SlurmParseError(COMMAND, 'incomplete last record', `line ${line}`);
  return jobs;
}

function toAccountedJob(values: string[], line: number): AccountedJob {
  const [jobIdText, rawText, name, user, stateText, partition, nodes, submit, start, endText, elapsed, limit, exit, reason, workDir] = values;
  const fail = (field: string, detail: string): never => {
    throw new SlurmParseError(COMMAND, detail, `line ${line} ${field}`);
  };
  if (!/^[1-9]\d*$/.test(rawText)) fail('JobIDRaw', `expected a job id, got ${JSON.stringify(rawText)}`);
  const jobId = Number(rawText);
  const arrayMatch = /^(\d+)_(\d+)$/.exec(jobIdText);
  const arrayJobId = arrayMatch ? Number(arrayMatch[1]) : undefined;
  const arrayTaskId = arrayMatch ? Number(arrayMatch[2]) : undefined;
  const time = (field: string, value: string): number | undefined => {
    if (isNoValue(value)) return undefined;
    if (!/^\d+$/.test(value)) fail(field, `expected epoch seconds, got ${JSON.stringify(value)}`);
    return epochToMs(Number(value));
  };
  let timeLimit: number | 'infinite' | undefined;
  if (isUnlimited(limit)) timeLimit = 'infinite';
  else if (/^\d+$/.test(limit)) timeLimit = Number(limit);
  const exitMatch = /^(\d+):(\d+)$/.exec(exit);
  const opt = (v: string) => (v === '' || v === 'None assigned' || v === 'None' ? undefined : v);
  return {
    id: arrayMatch ? displayJobId(jobId, arrayJobId, arrayTaskId) : jobIdText,
    jobId,
    arrayJobId,
    arrayTaskId,
    name,
    user,
    state: stateFromName(stateText),
    stateRaw: stateText,
    partition: opt(partition),
    nodes: opt(nodes),
    submitTimeMs: time('Submit', submit),
    startTimeMs: time('Start', start),
    endTimeMs: time('End', endText),
    elapsedSeconds: /^\d+$/.test(elapsed) ? Number(elapsed) : undefined,
    timeLimit,
    exitCode: exitMatch ? { code: Number(exitMatch[1]), signal: Number(exitMatch[2]) } : undefined,
    reason: opt(reason),
    workDir: opt(workDir),
  };
}

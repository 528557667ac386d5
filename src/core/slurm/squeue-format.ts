// squeue's delimited text output: how SlurmQueue lists jobs (`squeue --json` only where squeue refuses it).
//
// Job names and comments may contain any character, so no fixed delimiter is safe. Each call uses
// a fresh random token: fields end with "\x1f" + token, records with "\x1e" + token. A value can
// only be split wrongly if it contains that token, which it cannot know in advance.
import { SlurmParseError } from './errors';
import { defaultOutputPath, displayJobId, expandOutputPattern, jobMatches, jobTimes, type Job, type JobFilter } from './job';
import { stateFromName } from './state';
import { epochToDate, isNoValue, isUnlimited, parseDurationSeconds } from './time';

const COMMAND = 'squeue';

/** squeue --Format field names, in output order. */
export const SQUEUE_FORMAT_FIELDS = [
  'JobArrayID',
  'JobID',
  'ArrayJobID',
  'ArrayTaskID',
  'Name',
  'State',
  'UserName',
  'NodeList',
  'TimeUsed',
  'TimeLeft',
  'TimeLimit',
  'Reason',
  'Partition',
  'SubmitTime',
  'StartTime',
  'EndTime',
  'Comment',
  'WorkDir',
  'STDOUT',
  'STDERR',
] as const;

export interface Delimiters {
  readonly field: string;
  readonly record: string;
}

export function delimitersFor(token: string): Delimiters {
  if (!/^[0-9a-f]{16,64}$/.test(token)) throw new Error('delimiter token must be 16 to 64 lower-case hex digits');
  return { field: `\x1f${token}`, record: `\x1e${token}` };
}

/** The value of `--Format`: every field followed by its delimiter (squeue's `name:suffix` form). */
export function squeueFormatArgument(delimiters: Delimiters): string {
  const last = SQUEUE_FORMAT_FIELDS.length - 1;
  return SQUEUE_FORMAT_FIELDS.map((name, i) => `${name}:${i === last ? delimiters.record : delimiters.field}`).join(',');
}

/** Reads output made with `squeueFormatArgument` and times as epoch seconds (SLURM_TIME_FORMAT=%s). */
export function parseSqueueFormatted(stdout: string, delimiters: Delimiters, filter: JobFilter = {}, nowMs: number = Date.now()): Job[] {
  const terminator = `${delimiters.record}\n`;
  const jobs: Job[] = [];
  let start = 0;
  let index = 0;
  for (;;) {
    const end = stdout.indexOf(terminator, start);
    if (end < 0) break;
    const job = toJob(stdout.slice(start, end).split(delimiters.field), index, nowMs);
    if (jobMatches(job, filter)) jobs.push(job);
    start = end + terminator.length;
    index++;
  }
  const rest = stdout.slice(start);
  if (rest.trim() !== '') throw new SlurmParseError(COMMAND, `text after the last record: ${JSON.stringify(rest.slice(0, 60))}`, `record ${index + 1}`);
  return jobs;
}

// One record. Hot: a busy queue has many, so plain functions rather than closures, and the common
// forms checked before the general rules.
function toJob(values: string[], index: number, nowMs: number): Job {
  if (values.length !== SQUEUE_FORMAT_FIELDS.length) {
    throw new SlurmParseError(COMMAND, `expected ${SQUEUE_FORMAT_FIELDS.length} fields, got ${values.length}`, `record ${index + 1}`);
  }
  const jobIdText = values[1];
  const arrayJobText = values[2];
  const arrayTaskText = values[3];
  const name = values[4];
  const stateText = values[5];
  const user = values[6];
  if (!JOB_ID.test(jobIdText)) fail(index, 'JobID', `expected a job id, got ${JSON.stringify(jobIdText)}`);
  const jobId = Number(jobIdText);
  let arrayJobId: number | undefined;
  let arrayTaskId: number | undefined;
  let arrayTasks: string | undefined;
  if (arrayTaskText !== 'N/A' && !isNoValue(arrayTaskText)) {
    if (!JOB_ID.test(arrayJobText)) fail(index, 'ArrayJobID', `expected a job id, got ${JSON.stringify(arrayJobText)}`);
    arrayJobId = Number(arrayJobText);
    if (DIGITS.test(arrayTaskText)) arrayTaskId = Number(arrayTaskText);
    else arrayTasks = arrayTaskText;
  }
  const id = displayJobId(jobId, arrayJobId, arrayTaskId, arrayTasks);
  if (values[0] !== id && values[0] !== jobIdText) fail(index, 'JobArrayID', `${JSON.stringify(values[0])} does not match job ${id}`);
  if (stateText.trim() === '') fail(index, 'State', 'empty');
  const state = stateFromName(stateText);
  const startTime = epoch(values[14], index, 'StartTime');
  const endTime = epoch(values[15], index, 'EndTime');
  const timeLimit = limitMinutes(values[10], index);
  const workDir = text(values[17]);
  const nodes = text(values[7]);
  const printedStdout = outputPath(values[18], workDir, jobIdText);
  const printedStderr = outputPath(values[19], workDir, jobIdText);
  const stdoutPath =
    (printedStdout === undefined ? undefined : expandIfPattern(printedStdout, jobId, arrayJobId, arrayTaskId, name, user, nodes)) ??
    (workDir ? defaultOutputPath(workDir, jobId, arrayJobId, arrayTaskId) : undefined);
  const times = jobTimes(state, startTime, endTime, timeLimit, nowMs);
  // Elapsed and left come from squeue itself for running jobs; the shared rule covers the rest.
  const usedSeconds = parseDurationSeconds(values[8]);
  const left = values[9];
  const leftSeconds = isUnlimited(left) ? 'infinite' : parseDurationSeconds(left);
  const running = state !== 'PENDING' && times.timeLeftSeconds !== undefined;
  const reasonText = values[11];
  return {
    id,
    jobId,
    arrayJobId,
    arrayTaskId,
    arrayTasks,
    name,
    user,
    state,
    stateRaw: stateText,
    reason: reasonText === 'None' ? undefined : text(reasonText),
    nodes,
    partition: text(values[12]),
    submitTime: epoch(values[13], index, 'SubmitTime'),
    startTime,
    endTime,
    timeLimit,
    elapsedSeconds: state === 'PENDING' ? 0 : (usedSeconds ?? times.elapsedSeconds),
    timeLeftSeconds: running ? (leftSeconds ?? times.timeLeftSeconds) : times.timeLeftSeconds,
    comment: text(values[16]),
    stdoutPath,
    stderrPath: (printedStderr === undefined ? undefined : expandIfPattern(printedStderr, jobId, arrayJobId, arrayTaskId, name, user, nodes)) ?? stdoutPath,
    workDir,
    cluster: undefined,
  };
}

const JOB_ID = /^[1-9]\d*$/;
const DIGITS = /^\d+$/;

function fail(index: number, field: string, detail: string): never {
  throw new SlurmParseError(COMMAND, detail, `record ${index + 1} ${field}`);
}

function epoch(value: string, index: number, field: string): Date | undefined {
  if (DIGITS.test(value)) return epochToDate(Number(value));
  if (isNoValue(value)) return undefined;
  return fail(index, field, `expected epoch seconds, got ${JSON.stringify(value)} (SLURM_TIME_FORMAT=%s not honoured?)`);
}

function limitMinutes(value: string, index: number): number | 'infinite' | undefined {
  if (isUnlimited(value)) return 'infinite';
  if (isNoValue(value)) return undefined;
  const seconds = parseDurationSeconds(value);
  if (seconds === undefined) return fail(index, 'TimeLimit', `expected a duration, got ${JSON.stringify(value)}`);
  return Math.round(seconds / 60);
}

/**
 * An output path as given to sbatch, or undefined where squeue printed none or its own default:
 * `<work dir>/slurm-<job id>.out`, which for an array task is not the file Slurm writes
 * (`slurm-%A_%a.out`); the caller works the default out itself.
 */
function outputPath(value: string, workDir: string | undefined, jobIdText: string): string | undefined {
  const given = text(value);
  if (given === undefined) return undefined;
  return workDir !== undefined && isSqueueDefault(given, workDir, jobIdText) ? undefined : given;
}

/** Whether `path` is `<work dir>/slurm-<job id>.out`, compared in place (many records). */
function isSqueueDefault(path: string, workDir: string, jobIdText: string): boolean {
  const dir = workDir.endsWith('/') ? workDir.replace(/\/+$/, '') : workDir;
  return (
    path.length === dir.length + '/slurm-'.length + jobIdText.length + '.out'.length &&
    path.startsWith(dir) &&
    path.startsWith('/slurm-', dir.length) &&
    path.startsWith(jobIdText, dir.length + '/slurm-'.length) &&
    path.endsWith('.out')
  );
}

/** squeue prints given paths with their patterns (%j) unexpanded. */
function expandIfPattern(
  path: string,
  jobId: number,
  arrayJobId: number | undefined,
  arrayTaskId: number | undefined,
  name: string,
  user: string,
  nodes: string | undefined,
): string {
  return path.includes('%') ? expandOutputPattern(path, { jobId, arrayJobId, arrayTaskId, name, user, nodes }) : path;
}

/** Empty and "(null)" mean no value in squeue's text output. */
function text(value: string): string | undefined {
  return value === '' || value === '(null)' ? undefined : value;
}

// squeue's text output, for clusters where `squeue --json` is not available.
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
    const job = toJob(stdout.slice(start, end).split(delimiters.field), index);
    if (jobMatches(job, filter)) jobs.push(job);
    start = end + terminator.length;
    index++;
  }
  const rest = stdout.slice(start);
  if (rest.trim() !== '') throw new SlurmParseError(COMMAND, `text after the last record: ${JSON.stringify(rest.slice(0, 60))}`, `record ${index + 1}`);
  return jobs;

  function toJob(values: string[], i: number): Job {
    const where = `record ${i + 1}`;
    if (values.length !== SQUEUE_FORMAT_FIELDS.length) {
      throw new SlurmParseError(COMMAND, `expected ${SQUEUE_FORMAT_FIELDS.length} fields, got ${values.length}`, where);
    }
    const [
      displayId, jobIdText, arrayJobText, arrayTaskText, name, stateText, user, nodes, used, left, limitText,
      reasonText, partition, submitText, startText, endText, commentText, workDirText, stdoutText, stderrText,
    ] = values;
    const fail = (field: string, detail: string): never => {
      throw new SlurmParseError(COMMAND, detail, `${where} ${field}`);
    };
    const jobId = Number(jobIdText);
    if (!/^[1-9]\d*$/.test(jobIdText)) fail('JobID', `expected a job id, got ${JSON.stringify(jobIdText)}`);
    let arrayJobId: number | undefined;
    let arrayTaskId: number | undefined;
    let arrayTasks: string | undefined;
    if (!isNoValue(arrayTaskText)) {
      if (!/^[1-9]\d*$/.test(arrayJobText)) fail('ArrayJobID', `expected a job id, got ${JSON.stringify(arrayJobText)}`);
      arrayJobId = Number(arrayJobText);
      if (/^\d+$/.test(arrayTaskText)) arrayTaskId = Number(arrayTaskText);
      else arrayTasks = arrayTaskText;
    }
    const id = displayJobId(jobId, arrayJobId, arrayTaskId, arrayTasks);
    if (displayId !== id && displayId !== String(jobId)) fail('JobArrayID', `${JSON.stringify(displayId)} does not match job ${id}`);
    if (stateText.trim() === '') fail('State', 'empty');
    const state = stateFromName(stateText);
    const startTime = epoch(startText, 'StartTime');
    const endTime = epoch(endText, 'EndTime');
    const timeLimit = limitMinutes(limitText);
    const workDir = text(workDirText);
    const nodeList = text(nodes);
    // squeue prints output patterns (%j) unexpanded.
    const given = (value: string | undefined) =>
      value === undefined ? undefined : expandOutputPattern(value, { jobId, arrayJobId, arrayTaskId, name, user, nodes: nodeList });
    const stdoutPath = given(text(stdoutText)) ?? (workDir ? defaultOutputPath(workDir, jobId, arrayJobId, arrayTaskId) : undefined);
    const times = jobTimes(state, startTime, endTime, timeLimit, nowMs);
    // Elapsed and left come from squeue itself for running jobs; the shared rule covers the rest.
    const usedSeconds = parseDurationSeconds(used);
    const leftSeconds = isUnlimited(left) ? 'infinite' : parseDurationSeconds(left);
    const running = state !== 'PENDING' && times.timeLeftSeconds !== undefined;
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
      nodes: nodeList,
      partition: text(partition),
      submitTime: epoch(submitText, 'SubmitTime'),
      startTime,
      endTime,
      timeLimit,
      elapsedSeconds: state === 'PENDING' ? 0 : (usedSeconds ?? times.elapsedSeconds),
      timeLeftSeconds: running ? (leftSeconds ?? times.timeLeftSeconds) : times.timeLeftSeconds,
      comment: text(commentText),
      stdoutPath,
      stderrPath: given(text(stderrText)) ?? stdoutPath,
      workDir,
      cluster: undefined,
    };

    function epoch(value: string, field: string): Date | undefined {
      if (isNoValue(value)) return undefined;
      if (!/^\d+$/.test(value)) fail(field, `expected epoch seconds, got ${JSON.stringify(value)} (SLURM_TIME_FORMAT=%s not honoured?)`);
      return epochToDate(Number(value));
    }

    function limitMinutes(value: string): number | 'infinite' | undefined {
      if (isUnlimited(value)) return 'infinite';
      if (isNoValue(value)) return undefined;
      const seconds = parseDurationSeconds(value);
      if (seconds === undefined) fail('TimeLimit', `expected a duration, got ${JSON.stringify(value)}`);
      return Math.round((seconds as number) / 60);
    }
  }
}

/** Empty and "(null)" mean no value in squeue's text output. */
function text(value: string): string | undefined {
  return value === '' || value === '(null)' ? undefined : value;
}

// squeue's delimited text output: how SlurmQueue lists jobs (`squeue --json` only where squeue refuses it).
//
// Job names and comments may contain any character, so no fixed delimiter is safe. Each call uses
// a fresh random token: fields end with "\x1f" + token, records with "\x1e" + token. A value can
// only be split wrongly if it contains that token, which it cannot know in advance.
import { SlurmParseError } from './errors';
import { completeJob, defaultOutputPath, displayJobId, type Job, type PrintedJob } from './job';
import { isActiveState, stateFromName } from './state';
import { epochToMs, isNoValue, isUnlimited, parseDurationSeconds } from './time';

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

/**
 * Reads output made with `squeueFormatted`'s argv, times as epoch seconds (SLURM_TIME_FORMAT=%s).
 * squeue itself kept only the user's or the asked-for jobs; `includeEnded` keeps finished ones too.
 */
export function parseSqueueFormatted(stdout: string, delimiters: Delimiters, includeEnded = false, nowMs: number = Date.now()): Job[] {
  const terminator = `${delimiters.record}\n`;
  const record = new RecordReader(stdout, delimiters.field);
  const jobs: Job[] = [];
  let start = 0;
  for (;;) {
    const end = stdout.indexOf(terminator, start);
    if (end < 0) break;
    record.read(start, end);
    const job = completeJob(record.job(), nowMs);
    if (includeEnded || isActiveState(job.state)) jobs.push(job);
    start = end + terminator.length;
  }
  const rest = stdout.slice(start);
  if (rest.trim() !== '') throw new SlurmParseError(COMMAND, `text after the last record: ${JSON.stringify(rest.slice(0, 60))}`, `record ${record.number + 1}`);
  return jobs;
}

const [
  JOB_ARRAY_ID, JOB_ID, ARRAY_JOB_ID, ARRAY_TASK_ID, NAME, STATE, USER_NAME, NODE_LIST, TIME_USED, TIME_LEFT, TIME_LIMIT, REASON,
  PARTITION, SUBMIT_TIME, START_TIME, END_TIME, COMMENT, WORK_DIR, STDOUT, STDERR,
] = SQUEUE_FORMAT_FIELDS.map((_, i) => i);

/**
 * One record at a time, read where it lies in the output: numbers are parsed in place and only
 * the text a job keeps is sliced out. A busy queue has tens of thousands of records, and the
 * parse is bound by the garbage it leaves.
 */
class RecordReader {
  private readonly starts = new Int32Array(SQUEUE_FORMAT_FIELDS.length);
  private readonly ends = new Int32Array(SQUEUE_FORMAT_FIELDS.length);
  /** Values many jobs share (user, state, reason, partition, nodes): one string each, not one per job. */
  private readonly shared = new Map<string, string>();
  /** 1-based, for messages. */
  number = 0;

  constructor(
    private readonly out: string,
    private readonly delimiter: string,
  ) {}

  /** Marks the fields of the record between `start` and `end`. */
  read(start: number, end: number): void {
    this.number++;
    const last = SQUEUE_FORMAT_FIELDS.length - 1;
    let from = start;
    for (let i = 0; i < last; i++) {
      const at = this.out.indexOf(this.delimiter, from);
      if (at < 0 || at > end) this.fieldCount(i + 1);
      this.starts[i] = from;
      this.ends[i] = at;
      from = at + this.delimiter.length;
    }
    const extra = this.out.indexOf(this.delimiter, from);
    if (extra >= 0 && extra < end) this.fieldCount(this.out.slice(from, end).split(this.delimiter).length + last);
    this.starts[last] = from;
    this.ends[last] = end;
  }

  job(): PrintedJob {
    const jobId = this.digits(JOB_ID);
    if (jobId <= 0) this.fail(JOB_ID, `expected a job id, got ${JSON.stringify(this.text(JOB_ID))}`);
    let arrayJobId: number | undefined;
    let arrayTaskId: number | undefined;
    let arrayTasks: string | undefined;
    if (!this.is(ARRAY_TASK_ID, 'N/A') && !isNoValue(this.text(ARRAY_TASK_ID))) {
      arrayJobId = this.digits(ARRAY_JOB_ID);
      if (arrayJobId <= 0) this.fail(ARRAY_JOB_ID, `expected a job id, got ${JSON.stringify(this.text(ARRAY_JOB_ID))}`);
      const task = this.digits(ARRAY_TASK_ID);
      if (task >= 0) arrayTaskId = task;
      else arrayTasks = this.text(ARRAY_TASK_ID);
    }
    const id = displayJobId(jobId, arrayJobId, arrayTaskId, arrayTasks);
    if (!this.is(JOB_ARRAY_ID, id) && this.digits(JOB_ARRAY_ID) !== jobId) {
      this.fail(JOB_ARRAY_ID, `${JSON.stringify(this.text(JOB_ARRAY_ID))} does not match job ${id}`);
    }
    const stateRaw = this.sharedText(STATE);
    if (stateRaw.trim() === '') this.fail(STATE, 'empty');
    const workDir = this.optionalText(WORK_DIR);
    return {
      id,
      jobId,
      arrayJobId,
      arrayTaskId,
      arrayTasks,
      name: this.text(NAME),
      user: this.sharedText(USER_NAME),
      state: stateFromName(stateRaw),
      stateRaw,
      reason: this.is(REASON, 'None') ? undefined : this.optionalText(REASON, true),
      nodes: this.optionalText(NODE_LIST, true),
      partition: this.optionalText(PARTITION, true),
      submitTimeMs: this.epochMs(SUBMIT_TIME),
      startTimeMs: this.epochMs(START_TIME),
      endTimeMs: this.epochMs(END_TIME),
      timeLimit: this.limitMinutes(),
      elapsedSeconds: this.seconds(TIME_USED),
      timeLeftSeconds: this.limitSeconds(TIME_LEFT),
      comment: this.optionalText(COMMENT),
      stdoutPath: this.outputPath(STDOUT, workDir, jobId, arrayTaskId !== undefined),
      stderrPath: this.outputPath(STDERR, workDir, jobId, arrayTaskId !== undefined),
      workDir,
      cluster: undefined,
    };
  }

  private text(field: number): string {
    return this.out.slice(this.starts[field], this.ends[field]);
  }

  private sharedText(field: number): string {
    const text = this.text(field);
    const known = this.shared.get(text);
    if (known !== undefined) return known;
    this.shared.set(text, text);
    return text;
  }

  /** Empty and "(null)" mean no value in squeue's text output. */
  private optionalText(field: number, shared = false): string | undefined {
    if (this.starts[field] === this.ends[field] || this.is(field, '(null)')) return undefined;
    return shared ? this.sharedText(field) : this.text(field);
  }

  private is(field: number, word: string): boolean {
    return this.ends[field] - this.starts[field] === word.length && this.out.startsWith(word, this.starts[field]);
  }

  /** The field's value if it is all digits, else -1. */
  private digits(field: number): number {
    const end = this.ends[field];
    let at = this.starts[field];
    if (at === end) return -1;
    let value = 0;
    for (; at < end; at++) {
      const c = this.out.charCodeAt(at) - 48;
      if (c < 0 || c > 9) return -1;
      value = value * 10 + c;
    }
    return value;
  }

  private epochMs(field: number): number | undefined {
    const seconds = this.digits(field);
    if (seconds >= 0) return epochToMs(seconds);
    if (isNoValue(this.text(field))) return undefined;
    return this.fail(field, `expected epoch seconds, got ${JSON.stringify(this.text(field))} (SLURM_TIME_FORMAT=%s not honoured?)`);
  }

  private seconds(field: number): number | undefined {
    return parseDurationSeconds(this.out, this.starts[field], this.ends[field]);
  }

  /** A duration, or 'infinite', or undefined where squeue printed none (INVALID, N/A). */
  private limitSeconds(field: number): number | 'infinite' | undefined {
    return this.seconds(field) ?? (isUnlimited(this.text(field)) ? 'infinite' : undefined);
  }

  private limitMinutes(): number | 'infinite' | undefined {
    const limit = this.limitSeconds(TIME_LIMIT);
    if (limit === undefined && !isNoValue(this.text(TIME_LIMIT))) this.fail(TIME_LIMIT, `expected a duration, got ${JSON.stringify(this.text(TIME_LIMIT))}`);
    return typeof limit === 'number' ? Math.round(limit / 60) : limit;
  }

  /**
   * An output path as given to sbatch (patterns unexpanded), or squeue's default,
   * `<work dir>/slurm-<job id>.out`, which for an array task is not the file Slurm writes
   * (`slurm-%A_%a.out`): undefined then, and `completeJob` works the right one out.
   */
  private outputPath(field: number, workDir: string | undefined, jobId: number, isArrayTask: boolean): string | undefined {
    const given = this.optionalText(field);
    return isArrayTask && workDir !== undefined && given === defaultOutputPath(workDir, jobId) ? undefined : given;
  }

  private fieldCount(count: number): never {
    throw new SlurmParseError(COMMAND, `expected ${SQUEUE_FORMAT_FIELDS.length} fields, got ${count}`, `record ${this.number}`);
  }

  private fail(field: number, detail: string): never {
    throw new SlurmParseError(COMMAND, detail, `record ${this.number} ${SQUEUE_FORMAT_FIELDS[field]}`);
  }
}

// `squeue --json`: Slurm 22.05 (openapi v0.0.38: job_state a string, plain numbers, null for
// infinite) and 23.x/24.x (data_parser v0.0.39+: job_state an array, numbers as
// {set, infinite, number}, top-level jobs/last_backfill/last_update/meta/errors/warnings).
import { describeValue, SlurmCommandError, SlurmParseError } from './errors';
import { completeJob, displayJobId, jobMatches, type Job, type JobFilter } from './job';
import { stateFromName, stateFromNames, type JobState } from './state';
import { epochToMs } from './time';

const COMMAND = 'squeue';

/** The job fields we read, in the order data_parser v0.0.42 prints them; the fast reader learns the actual order from the first job. */
const FIELDS = [
  'array_job_id',
  'array_task_id',
  'array_task_string',
  'cluster',
  'comment',
  'end_time',
  'job_id',
  'job_state',
  'name',
  'nodes',
  'partition',
  'start_time',
  'state_description',
  'state_reason',
  'standard_error',
  'standard_output',
  'submit_time',
  'time_limit',
  'user_id',
  'user_name',
  'current_working_directory',
] as const;

/** One job's values of FIELDS, by position (cheaper to fill than an object with 21 keys). */
type RawJob = unknown[];

const [
  ARRAY_JOB_ID, ARRAY_TASK_ID, ARRAY_TASK_STRING, CLUSTER, COMMENT, END_TIME, JOB_ID, JOB_STATE, NAME, NODES, PARTITION,
  START_TIME, STATE_DESCRIPTION, STATE_REASON, STANDARD_ERROR, STANDARD_OUTPUT, SUBMIT_TIME, TIME_LIMIT, USER_ID, USER_NAME,
  CURRENT_WORKING_DIRECTORY,
] = FIELDS.map((_, i) => i);

export function parseSqueueJson(text: string, filter: JobFilter = {}, nowMs: number = Date.now()): Job[] {
  // squeue prints its JSON indented; reading only the fields we need from that layout is many times
  // faster than JSON.parse on big clusters. Anything the fast reader does not recognise, and any
  // surprise in what it read, goes through JSON.parse, which is the reference.
  const fast = readIndentedJobs(text);
  if (fast) {
    try {
      return toJobs(fast, filter, nowMs);
    } catch {
      // fall through: the full parse reports the error precisely
    }
  }
  return toJobs(readAllJobs(text), filter, nowMs);
}

function toJobs(raws: RawJob[], filter: JobFilter, nowMs: number): Job[] {
  const jobs: Job[] = [];
  for (let i = 0; i < raws.length; i++) {
    const job = toJob(raws[i], i, nowMs);
    if (jobMatches(job, filter)) jobs.push(job);
  }
  return jobs;
}

// ---- the reference path: JSON.parse and check the shape ----

/** Exported for tests: the reference reader. */
export function readAllJobs(text: string): RawJob[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new SlurmParseError(COMMAND, text.trim() === '' ? 'no output' : `not JSON (${why})`);
  }
  if (!isRecord(doc)) throw new SlurmParseError(COMMAND, `expected an object, got ${kindOf(doc)}`, 'top level');
  throwReportedErrors(doc.errors);
  const jobs = doc.jobs;
  if (!Array.isArray(jobs)) throw new SlurmParseError(COMMAND, `"jobs" is ${kindOf(jobs)}, expected an array`, 'top level');
  return jobs.map((job, i) => {
    if (!isRecord(job)) throw new SlurmParseError(COMMAND, `expected an object, got ${kindOf(job)}`, `jobs[${i}]`);
    return FIELDS.map((field) => job[field]);
  });
}

function throwReportedErrors(errors: unknown): void {
  if (errors === undefined || errors === null) return;
  if (!Array.isArray(errors)) throw new SlurmParseError(COMMAND, `"errors" is ${kindOf(errors)}, expected an array`, 'top level');
  if (errors.length === 0) return;
  // v0.0.38: {error, errno}; v0.0.39+: {description, error_number, error, source}.
  const messages = errors.map((e) => {
    if (!isRecord(e)) return describeValue(e);
    const parts = [e.description, e.error].filter((p): p is string => typeof p === 'string' && p !== '');
    return parts.length > 0 ? parts.join(': ') : describeValue(e);
  });
  throw new SlurmCommandError(COMMAND, 0, messages.map((m) => `error: ${m}`).join('\n'));
}

// ---- one job ----

function toJob(raw: RawJob, index: number, nowMs: number): Job {
  const jobId = requiredJobId(raw[JOB_ID], index);
  const arrayJobId = positive(optionalNumber(raw[ARRAY_JOB_ID], index, 'array_job_id'));
  const arrayTaskNumber = optionalNumber(raw[ARRAY_TASK_ID], index, 'array_task_id');
  const arrayTaskId = typeof arrayTaskNumber === 'number' && arrayTaskNumber < NO_VAL ? arrayTaskNumber : undefined;
  const arrayTasks = optionalText(raw[ARRAY_TASK_STRING], index, 'array_task_string');

  const stateValue = raw[JOB_STATE];
  let state: JobState;
  let stateRaw: string;
  if (typeof stateValue === 'string') {
    state = stateFromName(stateValue);
    stateRaw = stateValue;
  } else if (Array.isArray(stateValue) && stateValue.length > 0 && stateValue.every((s) => typeof s === 'string')) {
    state = stateFromNames(stateValue as string[]);
    stateRaw = stateValue.length === 1 ? (stateValue[0] as string) : stateValue.join(',');
  } else {
    throw new SlurmParseError(COMMAND, `expected a state name or a list of them, got ${describeValue(stateValue)}`, where(index, 'job_state'));
  }

  const userName = optionalText(raw[USER_NAME], index, 'user_name');
  const userId = optionalNumber(raw[USER_ID], index, 'user_id');
  const reasonText = optionalText(raw[STATE_REASON], index, 'state_reason');
  const reasonDetail = optionalText(raw[STATE_DESCRIPTION], index, 'state_description');
  return completeJob(
    {
      id: displayJobId(jobId, arrayJobId, arrayTaskId, arrayTasks),
      jobId,
      arrayJobId,
      arrayTaskId,
      arrayTasks,
      name: optionalString(raw[NAME], index, 'name') ?? '',
      user: userName ?? (typeof userId === 'number' ? String(userId) : ''),
      state,
      stateRaw,
      reason: reasonText === 'None' ? reasonDetail : reasonDetail ? `${reasonText}: ${reasonDetail}` : reasonText,
      nodes: optionalText(raw[NODES], index, 'nodes'),
      partition: optionalText(raw[PARTITION], index, 'partition'),
      submitTimeMs: time(raw[SUBMIT_TIME], index, 'submit_time'),
      startTimeMs: time(raw[START_TIME], index, 'start_time'),
      endTimeMs: time(raw[END_TIME], index, 'end_time'),
      timeLimit: limit(raw[TIME_LIMIT], index),
      elapsedSeconds: undefined,
      timeLeftSeconds: undefined,
      comment: optionalText(raw[COMMENT], index, 'comment'),
      // 22.05 leaves the paths empty when the job uses Slurm's default file.
      stdoutPath: optionalText(raw[STANDARD_OUTPUT], index, 'standard_output'),
      stderrPath: optionalText(raw[STANDARD_ERROR], index, 'standard_error'),
      workDir: optionalText(raw[CURRENT_WORKING_DIRECTORY], index, 'current_working_directory'),
      cluster: optionalText(raw[CLUSTER], index, 'cluster'),
    },
    nowMs,
  );
}

/** Slurm's "no value" for 32-bit numbers (NO_VAL, INFINITE) when printed plain. */
const NO_VAL = 0xfffffffe;

/** Where in the document, built only for an error message. */
function where(index: number, field: string): string {
  return `jobs[${index}].${field}`;
}

/** A number as Slurm prints it: plain, null, or {set, infinite, number}. */
function optionalNumber(value: unknown, index: number, field: string): number | 'infinite' | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : badValue(value, index, field, 'a number');
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.set === 'boolean' && typeof v.infinite === 'boolean' && typeof v.number === 'number' && Number.isFinite(v.number)) {
      return v.infinite ? 'infinite' : v.set ? v.number : undefined;
    }
  }
  return badValue(value, index, field, 'a number, null or {set, infinite, number}');
}

function requiredJobId(value: unknown, index: number): number {
  const n = optionalNumber(value, index, 'job_id');
  if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n;
  return badValue(value, index, 'job_id', 'a job id');
}

function positive(value: number | 'infinite' | undefined): number | undefined {
  return typeof value === 'number' && value > 0 && value < NO_VAL ? value : undefined;
}

function time(value: unknown, index: number, field: string): number | undefined {
  const n = optionalNumber(value, index, field);
  return typeof n === 'number' && n < NO_VAL ? epochToMs(n) : undefined;
}

/** Minutes. 22.05 writes null for an infinite limit; later versions {infinite: true}. */
function limit(value: unknown, index: number): number | 'infinite' | undefined {
  if (value === null) return 'infinite';
  const n = optionalNumber(value, index, 'time_limit');
  if (n === 'infinite') return n;
  return typeof n === 'number' && n >= 0 && n < NO_VAL ? n : undefined;
}

function optionalString(value: unknown, index: number, field: string): string | undefined {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return undefined;
  return badValue(value, index, field, 'a string');
}

/** A string where empty means "not set". */
function optionalText(value: unknown, index: number, field: string): string | undefined {
  const text = optionalString(value, index, field);
  return text === '' ? undefined : text;
}

function badValue(value: unknown, index: number, field: string, expected: string): never {
  throw new SlurmParseError(COMMAND, `expected ${expected}, got ${describeValue(value)}`, where(index, field));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

// ---- the fast path: squeue's indented layout ----
//
// In indented JSON every key of a job sits on its own line at the job's indentation, and a line
// break never occurs inside a string (JSON escapes it). So "\n" + indentation + "\"name\": " can
// only be a key of a job, and "\n" + the element indentation + "}" only the end of a job. Values
// are decoded here only in their common forms; any other form makes the whole read give up.

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE_OTHER_THAN_SLASH = /\\[^/]/;
const LITERAL = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** Exported for tests: the fast reader; undefined when the layout is not the one it knows. */
export function readIndentedJobs(text: string): RawJob[] | undefined {
  if (text.charCodeAt(0) !== 123 /* { */ || text.charCodeAt(1) !== 10 /* \n */) return undefined;
  let unit = 0;
  while (text.charCodeAt(2 + unit) === 32) unit++;
  if (unit === 0 || unit > 8 || text.charCodeAt(2 + unit) !== 34 /* " */) return undefined;
  const sepMatch = /^"[A-Za-z_]+"(\s*:\s*)/.exec(text.slice(2 + unit, 2 + unit + 80));
  if (!sepMatch) return undefined;
  const sep = sepMatch[1];
  const ind1 = ' '.repeat(unit);
  const ind2 = ind1 + ind1;
  const ind3 = ind2 + ind1;

  const jobsKey = `\n${ind1}"jobs"${sep}`;
  const jobsKeyAt = text.indexOf(jobsKey);
  if (jobsKeyAt < 0) return undefined;
  let p = jobsKeyAt + jobsKey.length;
  if (text.charCodeAt(p) !== 91 /* [ */) return undefined;
  p++;

  const records: RawJob[] = [];
  const jobsClose = `\n${ind1}]`;
  let jobsEnd: number;
  if (text.charCodeAt(p) === 93 /* ] */) {
    jobsEnd = p;
  } else if (text.startsWith(jobsClose, p)) {
    jobsEnd = p;
  } else {
    const open = `\n${ind2}{`;
    const close = `\n${ind2}}`;
    const patterns = FIELDS.map((f) => `\n${ind3}"${f}"${sep}`);
    const valueIndent = `\n${ind3}`;
    let order: number[] | undefined;
    for (;;) {
      if (!text.startsWith(open, p)) return undefined;
      const start = p + open.length;
      // Nothing inside a job is indented this little, so the first such line ends it.
      const stop = lineStartingWith(text, close, start);
      if (stop < 0) return undefined;
      const job = text.slice(start, stop);
      order ??= orderOfFields(job, patterns);
      const record: RawJob = new Array(FIELDS.length);
      if (!readJob(job, order, patterns, valueIndent, record)) return undefined;
      records.push(record);
      p = stop + close.length;
      if (text.charCodeAt(p) === 44 /* , */) {
        p++;
      } else if (text.startsWith(jobsClose, p)) {
        jobsEnd = p;
        break;
      } else {
        return undefined;
      }
    }
  }

  // Errors reported in the document go through the full path, which turns them into an error.
  const errorsKey = `\n${ind1}"errors"${sep}`;
  let errorsAt = text.indexOf(errorsKey, jobsEnd);
  if (errorsAt < 0) errorsAt = text.slice(0, jobsKeyAt).indexOf(errorsKey);
  if (errorsAt >= 0) {
    let q = errorsAt + errorsKey.length;
    if (text.charCodeAt(q) !== 91 /* [ */) return undefined;
    q++;
    while (text.charCodeAt(q) === 10 || text.charCodeAt(q) === 32) q++;
    if (text.charCodeAt(q) !== 93 /* ] */) return undefined;
  }
  // A cut-off document must not pass for a complete one.
  const trimmed = text.trimEnd();
  if (trimmed.charCodeAt(trimmed.length - 1) !== 125 /* } */) return undefined;
  return records;
}

/**
 * indexOf(`"\n" + indentation + "}"`, from), found through the '}' (rare) instead of the line break
 * (on every line): about twice as fast on squeue's output.
 */
function lineStartingWith(text: string, line: string, from: number): number {
  const last = line.length - 1;
  const anchor = line[last];
  let at = text.indexOf(anchor, from + last);
  while (at >= 0 && !text.startsWith(line, at - last)) at = text.indexOf(anchor, at + 1);
  return at < 0 ? -1 : at - last;
}

/** The fields in the order this document prints them, learnt from its first job; fields not there go last. */
function orderOfFields(job: string, patterns: readonly string[]): number[] {
  const at = patterns.map((pattern) => job.indexOf(pattern));
  const indexes = FIELDS.map((_, i) => i);
  return indexes.sort((a, b) => (at[a] < 0 ? Infinity : at[a]) - (at[b] < 0 ? Infinity : at[b]));
}

function readJob(job: string, order: readonly number[], patterns: readonly string[], indent: string, record: RawJob): boolean {
  let cursor = 0;
  for (let i = 0; i < order.length; i++) {
    const k = order[i];
    const pattern = patterns[k];
    let at = job.indexOf(pattern, cursor);
    if (at < 0 && cursor > 0) at = job.indexOf(pattern);
    if (at < 0) continue;
    const end = readValue(job, at + pattern.length, indent, record, k);
    if (end < 0) return false;
    cursor = end;
  }
  return true;
}

/** Decodes the value at `at` into record[field] (a FIELDS index); returns where it ends, or -1 for a form not handled here. */
function readValue(s: string, at: number, indent: string, record: RawJob, field: number): number {
  const c = s.charCodeAt(at);
  if (c === 34 /* " */) {
    let end = s.indexOf('"', at + 1);
    while (end > 0 && isEscaped(s, end)) end = s.indexOf('"', end + 1);
    if (end < 0) return -1;
    const body = s.slice(at + 1, end);
    if (body.indexOf('\\') < 0) record[field] = body;
    // 22.05 escapes every '/' in paths; that one needs no JSON.parse.
    else if (!ESCAPE_OTHER_THAN_SLASH.test(body)) record[field] = body.replace(/\\\//g, '/');
    else return parseSlice(s, at, end + 1, record, field);
    return end + 1;
  }
  if (c === 123 /* { */) {
    if (s.charCodeAt(at + 1) === 125) {
      record[field] = {};
      return at + 2;
    }
    const end = readNoValStruct(s, at, record, field);
    if (end >= 0) return end;
    const close = s.indexOf(`${indent}}`, at);
    return close < 0 ? -1 : parseSlice(s, at, close + indent.length + 1, record, field);
  }
  if (c === 91 /* [ */) {
    if (s.charCodeAt(at + 1) === 93) {
      record[field] = [];
      return at + 2;
    }
    const close = s.indexOf(`${indent}]`, at);
    return close < 0 ? -1 : parseSlice(s, at, close + indent.length + 1, record, field);
  }
  LITERAL.lastIndex = at;
  const m = LITERAL.exec(s);
  if (!m) return -1;
  const word = m[0];
  record[field] = word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
  return LITERAL.lastIndex;
}

/**
 * `{"set": true, "infinite": false, "number": 120}` in any spacing, the commonest value in 23.x/24.x
 * documents; read by hand because a regular expression with captures costs several times more.
 */
function readNoValStruct(s: string, at: number, record: RawJob, field: number): number {
  let i = expectKey(s, at + 1, '"set"');
  const set = readBoolean(s, i);
  if (set < 0) return -1;
  i = expectKey(s, expectComma(s, i + (set ? 4 : 5)), '"infinite"');
  const infinite = readBoolean(s, i);
  if (infinite < 0) return -1;
  i = expectKey(s, expectComma(s, i + (infinite ? 4 : 5)), '"number"');
  if (i < 0) return -1;
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(s);
  if (!m) return -1;
  i = skipSpace(s, NUMBER.lastIndex);
  if (s.charCodeAt(i) !== 125 /* } */) return -1;
  record[field] = { set: set === 1, infinite: infinite === 1, number: Number(m[0]) };
  return i + 1;
}

/** After optional spaces, `key` and a colon; the index after them, or -1. */
function expectKey(s: string, i: number, key: string): number {
  if (i < 0) return -1;
  i = skipSpace(s, i);
  if (!s.startsWith(key, i)) return -1;
  i = skipSpace(s, i + key.length);
  return s.charCodeAt(i) === 58 /* : */ ? skipSpace(s, i + 1) : -1;
}

function expectComma(s: string, i: number): number {
  i = skipSpace(s, i);
  return s.charCodeAt(i) === 44 /* , */ ? i + 1 : -1;
}

/** 1 for true, 0 for false, -1 for anything else. */
function readBoolean(s: string, i: number): number {
  if (i < 0) return -1;
  if (s.startsWith('true', i)) return 1;
  return s.startsWith('false', i) ? 0 : -1;
}

function skipSpace(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

function isEscaped(s: string, quoteAt: number): boolean {
  let n = 0;
  for (let i = quoteAt - 1; i >= 0 && s.charCodeAt(i) === 92 /* \ */; i--) n++;
  return n % 2 === 1;
}

function parseSlice(s: string, start: number, end: number, record: RawJob, field: number): number {
  try {
    record[field] = JSON.parse(s.slice(start, end));
    return end;
  } catch {
    return -1;
  }
}

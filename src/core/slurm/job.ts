import { isActiveState, isRunningState, type JobState } from './state';

/** A job as the queue shows it, the same whichever Slurm version or output format it came from. */
export interface Job {
  /** What users see and type: `1234`, `1234_5` (an array task) or `1234_[2-9]` (pending tasks). */
  readonly id: string;
  /** The unique numeric id (the one a running array task got of its own). */
  readonly jobId: number;
  readonly arrayJobId?: number;
  readonly arrayTaskId?: number;
  /** The pending tasks of an array, e.g. `2-9` or `1,3,5-7%2`. */
  readonly arrayTasks?: string;
  readonly name: string;
  readonly user: string;
  readonly state: JobState;
  /** The state as Slurm printed it, e.g. `RUNNING` or `COMPLETED,COMPLETING`. */
  readonly stateRaw: string;
  /** Why the job waits or ended (`Resources`, `Priority`, `JobHeldUser`, ...); undefined for "None". */
  readonly reason?: string;
  readonly nodes?: string;
  readonly partition?: string;
  /** Times as epoch milliseconds: numbers, not Dates, as a busy queue lists tens of thousands of jobs. */
  readonly submitTimeMs?: number;
  readonly startTimeMs?: number;
  /** Real end, or the expected end of a running job. */
  readonly endTimeMs?: number;
  /** Minutes. */
  readonly timeLimit?: number | 'infinite';
  readonly elapsedSeconds?: number;
  readonly timeLeftSeconds?: number | 'infinite';
  readonly comment?: string;
  readonly stdoutPath?: string;
  readonly stderrPath?: string;
  readonly workDir?: string;
  readonly cluster?: string;
}

/** Which jobs a listing keeps, applied by the parser too: 22.05's `squeue --json` ignores squeue's own filters. */
export interface JobFilter {
  readonly user?: string;
  readonly jobIds?: readonly number[];
  /** Keep finished jobs still known to the controller (COMPLETED, FAILED, ...). */
  readonly includeEnded?: boolean;
}

export function jobMatches(job: Job, filter: JobFilter): boolean {
  if (!filter.includeEnded && !isActiveState(job.state)) return false;
  if (filter.user !== undefined && job.user !== filter.user) return false;
  if (filter.jobIds !== undefined && filter.jobIds.length > 0) {
    const ids = filter.jobIds;
    if (!ids.includes(job.jobId) && !(job.arrayJobId !== undefined && ids.includes(job.arrayJobId))) return false;
  }
  return true;
}

/** `1234`, `1234_5` or `1234_[2-9]`, as squeue prints job ids. */
export function displayJobId(jobId: number, arrayJobId?: number, arrayTaskId?: number, arrayTasks?: string): string {
  if (arrayJobId !== undefined && arrayTaskId !== undefined) return `${arrayJobId}_${arrayTaskId}`;
  if (arrayJobId !== undefined && arrayTasks !== undefined) return `${arrayJobId}_[${arrayTasks}]`;
  return String(jobId);
}

/**
 * A job as a listing printed it, for `completeJob`: output paths as given (patterns unexpanded,
 * undefined for Slurm's default file); run time and time left where the listing prints them.
 */
export type PrintedJob = { -readonly [K in keyof Job]: Job[K] };

/**
 * Works out what a listing leaves to the reader, by one rule for every format: output paths with
 * their patterns (%j) filled, or Slurm's default file where none was given; elapsed and remaining
 * time (pending jobs have used nothing and have their whole limit left, finished jobs have nothing
 * left) where the listing printed none. In place: a busy queue lists tens of thousands of jobs.
 */
export function completeJob(job: PrintedJob, nowMs: number): Job {
  const stdoutPath = expandOutputPath(job.stdoutPath, job) ?? (job.workDir ? defaultOutputPath(job.workDir, job.jobId, job.arrayJobId, job.arrayTaskId) : undefined);
  job.stderrPath = expandOutputPath(job.stderrPath, job) ?? stdoutPath;
  job.stdoutPath = stdoutPath;
  const pending = job.state === 'PENDING';
  const left = timeLeftSeconds(job, nowMs);
  job.timeLeftSeconds = pending || left === undefined ? left : (job.timeLeftSeconds ?? left);
  job.elapsedSeconds = pending ? 0 : (job.elapsedSeconds ?? elapsedSeconds(job, nowMs));
  return job;
}

type Times = Pick<Job, 'state' | 'startTimeMs' | 'endTimeMs' | 'timeLimit'>;

function elapsedSeconds({ state, startTimeMs, endTimeMs }: Times, nowMs: number): number | undefined {
  if (state === 'PENDING') return 0;
  if (startTimeMs === undefined) return undefined;
  if (isRunningState(state)) return Math.max(0, Math.floor((nowMs - startTimeMs) / 1000));
  return endTimeMs === undefined ? undefined : Math.max(0, Math.floor((endTimeMs - startTimeMs) / 1000));
}

function timeLeftSeconds(job: Times, nowMs: number): number | 'infinite' | undefined {
  const { state, timeLimit } = job;
  const limitSeconds = timeLimit === undefined || timeLimit === 'infinite' ? timeLimit : timeLimit * 60;
  if (state === 'PENDING') return limitSeconds;
  if (job.startTimeMs === undefined || !isRunningState(state)) return undefined;
  if (limitSeconds === 'infinite') return 'infinite';
  if (job.endTimeMs !== undefined) return Math.max(0, Math.floor((job.endTimeMs - nowMs) / 1000));
  return limitSeconds === undefined ? undefined : Math.max(0, limitSeconds - (elapsedSeconds(job, nowMs) ?? 0));
}

/** Listings print given paths with their patterns (%j) unexpanded. */
function expandOutputPath(path: string | undefined, job: Job): string | undefined {
  return path === undefined || !path.includes('%') ? path : expandOutputPattern(path, job);
}

/** Slurm's default output file when none was given: `slurm-%j.out` (arrays: `slurm-%A_%a.out`) in the working directory. */
export function defaultOutputPath(workDir: string, jobId: number, arrayJobId?: number, arrayTaskId?: number): string {
  const name = arrayJobId !== undefined && arrayTaskId !== undefined ? `slurm-${arrayJobId}_${arrayTaskId}.out` : `slurm-${jobId}.out`;
  return `${workDir.endsWith('/') ? workDir.replace(/\/+$/, '') : workDir}/${name}`;
}

/** What Slurm's filename patterns stand for. */
type PatternFields = Pick<Job, 'jobId' | 'arrayJobId' | 'arrayTaskId' | 'name' | 'user' | 'nodes'>;

/**
 * Fills Slurm's filename patterns in an output path (`%j`, `%A`, `%a`, `%x`, `%u`, `%N`, `%%`, with
 * optional zero padding such as `%4a`). Unknown patterns are left as they are.
 */
export function expandOutputPattern(
  pattern: string,
  job: PatternFields,
): string {
  // Read by hand, not with a replace callback: a busy queue has two paths per job, and the
  // callback form costs several times more there.
  let out = '';
  let copied = 0;
  for (let at = pattern.indexOf('%'); at >= 0; at = pattern.indexOf('%', at + 1)) {
    let key = at + 1;
    while (key < pattern.length && isDigit(pattern.charCodeAt(key))) key++;
    if (key >= pattern.length) break;
    const value = patternValue(pattern[key], pattern.slice(at + 1, key), job);
    if (value === undefined) continue;
    out += pattern.slice(copied, at) + value;
    copied = key + 1;
    at = key;
  }
  return copied === 0 ? pattern : out + pattern.slice(copied);
}

/** What `%<width><key>` stands for, or undefined to leave it as it is. */
function patternValue(key: string, width: string, job: PatternFields): string | undefined {
  switch (key) {
    case '%':
      return '%';
    case 'j':
    case 'J':
      return padded(job.jobId, width);
    case 'A':
      return padded(job.arrayJobId ?? job.jobId, width);
    case 'a':
      return job.arrayTaskId === undefined ? undefined : padded(job.arrayTaskId, width);
    case 'x':
      return job.name;
    case 'u':
      return job.user;
    case 'N':
      return job.nodes ? firstNode(job.nodes) : undefined;
    default:
      return undefined;
  }
}

function padded(value: number, width: string): string {
  return width === '' ? String(value) : String(value).padStart(Number(width), '0');
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The first host of a Slurm node list: `viz-node[003-005,9]` gives `viz-node003`. */
export function firstNode(nodeList: string): string {
  const m = /^([^,[]*)(?:\[(\d+))?/.exec(nodeList.trim());
  return m ? m[1] + (m[2] ?? '') : nodeList;
}

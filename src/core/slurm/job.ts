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
  readonly submitTime?: Date;
  readonly startTime?: Date;
  /** Real end, or the expected end of a running job. */
  readonly endTime?: Date;
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
 * Elapsed and remaining time by one rule for every format: pending jobs have used nothing and have
 * their whole limit left; finished jobs have nothing left.
 */
export function jobTimes(
  state: JobState,
  start: Date | undefined,
  end: Date | undefined,
  timeLimit: number | 'infinite' | undefined,
  nowMs: number,
): { elapsedSeconds?: number; timeLeftSeconds?: number | 'infinite' } {
  const limitSeconds = timeLimit === undefined ? undefined : timeLimit === 'infinite' ? 'infinite' : timeLimit * 60;
  if (state === 'PENDING') return { elapsedSeconds: 0, timeLeftSeconds: limitSeconds };
  if (!start) return {};
  if (isRunningState(state)) {
    const elapsedSeconds = Math.max(0, Math.floor((nowMs - start.getTime()) / 1000));
    if (limitSeconds === 'infinite') return { elapsedSeconds, timeLeftSeconds: 'infinite' };
    if (end) return { elapsedSeconds, timeLeftSeconds: Math.max(0, Math.floor((end.getTime() - nowMs) / 1000)) };
    return { elapsedSeconds, timeLeftSeconds: limitSeconds === undefined ? undefined : Math.max(0, limitSeconds - elapsedSeconds) };
  }
  if (end) return { elapsedSeconds: Math.max(0, Math.floor((end.getTime() - start.getTime()) / 1000)) };
  return {};
}

/** Slurm's default output file when none was given: `slurm-%j.out` (arrays: `slurm-%A_%a.out`) in the working directory. */
export function defaultOutputPath(workDir: string, jobId: number, arrayJobId?: number, arrayTaskId?: number): string {
  const name = arrayJobId !== undefined && arrayTaskId !== undefined ? `slurm-${arrayJobId}_${arrayTaskId}.out` : `slurm-${jobId}.out`;
  return `${workDir.endsWith('/') ? workDir.replace(/\/+$/, '') : workDir}/${name}`;
}

/**
 * Fills Slurm's filename patterns in an output path (`%j`, `%A`, `%a`, `%x`, `%u`, `%N`, `%%`, with
 * optional zero padding such as `%4a`). Unknown patterns are left as they are.
 */
export function expandOutputPattern(
  pattern: string,
  job: Pick<Job, 'jobId' | 'arrayJobId' | 'arrayTaskId' | 'name' | 'user' | 'nodes'>,
): string {
  return pattern.replace(/%(\d*)([AajJuxN%])/g, (whole, width: string, key: string) => {
    const pad = (value: string | number | undefined): string =>
      value === undefined ? whole : width ? String(value).padStart(Number(width), '0') : String(value);
    switch (key) {
      case '%':
        return '%';
      case 'j':
      case 'J':
        return pad(job.jobId);
      case 'A':
        return pad(job.arrayJobId ?? job.jobId);
      case 'a':
        return job.arrayTaskId === undefined ? whole : pad(job.arrayTaskId);
      case 'x':
        return job.name;
      case 'u':
        return job.user;
      case 'N':
        return job.nodes ? firstNode(job.nodes) : whole;
      default:
        return whole;
    }
  });
}

/** The first host of a Slurm node list: `viz-node[003-005,9]` gives `viz-node003`. */
export function firstNode(nodeList: string): string {
  const m = /^([^,[]*)(?:\[(\d+))?/.exec(nodeList.trim());
  return m ? m[1] + (m[2] ?? '') : nodeList;
}

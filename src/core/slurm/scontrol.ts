// `scontrol show job -o <id>`: one line of Key=Value pairs per job. Values may contain spaces
// and '=' (Command=/path/with space/x.sh, JobName=a b, Comment=k=v w=x), so a record is split
// only where a key scontrol prints begins, never at every space.
import { SlurmCommandError, SlurmParseError } from './errors';
import { displayJobId, type Job } from './job';
import { EPOCH_TIMES, withEnv, type SlurmOperation } from './operation';
import { stateFromName, type JobState } from './state';
import { epochToMs, isNoValue, isUnlimited, parseDurationSeconds } from './time';
import { validateJobRef } from './validate';

const COMMAND = 'scontrol';

/** Keys scontrol prints for a job (22.05 to 24.11), so that they are recognised inside long values too. */
const KNOWN_KEYS = new Set([
  'JobId', 'ArrayJobId', 'ArrayTaskId', 'ArrayTaskThrottle', 'HetJobId', 'HetJobOffset', 'HetJobIdSet', 'JobName',
  'UserId', 'GroupId', 'MCS_label', 'Priority', 'Nice', 'Account', 'QOS', 'WCKey', 'JobState', 'Reason', 'Dependency',
  'Requeue', 'Restarts', 'BatchFlag', 'Reboot', 'ExitCode', 'DerivedExitCode', 'RunTime', 'TimeLimit', 'TimeMin',
  'SubmitTime', 'EligibleTime', 'AccrueTime', 'StartTime', 'EndTime', 'Deadline', 'PreemptEligibleTime', 'PreemptTime',
  'SuspendTime', 'SecsPreSuspend', 'LastSchedEval', 'Scheduler', 'Partition', 'AllocNode:Sid', 'ReqNodeList',
  'ExcNodeList', 'NodeList', 'SchedNodeList', 'BatchHost', 'NumNodes', 'NumCPUs', 'NumTasks', 'CPUs/Task',
  'ReqB:S:C:T', 'ReqTRES', 'AllocTRES', 'TRES', 'Socks/Node', 'NtasksPerN:B:S:C', 'CoreSpec', 'MinCPUsNode',
  'MinMemoryNode', 'MinMemoryCPU', 'MinTmpDiskNode', 'Features', 'ClusterFeatures', 'Prefer', 'DelayBoot',
  'OverSubscribe', 'Contiguous', 'Licenses', 'LicensesAlloc', 'Network', 'Command', 'WorkDir', 'AdminComment',
  'SystemComment', 'Comment', 'StdErr', 'StdIn', 'StdOut', 'Power', 'Reservation', 'Gres', 'TresPerNode',
  'TresPerJob', 'TresPerTask', 'TresPerSocket', 'CpusPerTres', 'MemPerTres', 'TresBind', 'TresFreq', 'MailUser',
  'MailType', 'Container', 'ContainerID', 'Extra', 'CronJob', 'CrontabSpec', 'BurstBuffer', 'BurstBufferState',
  'FedOrigin', 'FedViableSiblings', 'FedActiveSiblings', 'KillOInInvalidDependent', 'NtasksPerTRES',
  'SelinuxContext', 'ResvPorts', 'OOMKillStep', 'Nodes', 'CPU_IDs', 'Mem', 'GRES', 'GRES_IDX', 'Segment',
  'SpreadJob', 'CPUs', 'ReqFeatures', 'ThreadSpec', 'Partitions',
]);

/** Values that are free text: inside them only a known key starts a new pair. */
const FREE_TEXT = new Set([
  'JobName', 'Comment', 'AdminComment', 'SystemComment', 'Command', 'WorkDir', 'StdErr', 'StdIn', 'StdOut',
  'Extra', 'Container', 'ContainerID', 'MailUser', 'Dependency', 'Reason', 'CrontabSpec', 'SelinuxContext',
]);

const CANDIDATE = /(?:^| )([A-Za-z][A-Za-z0-9_:/]*)=/g;
const LOOKS_LIKE_KEY = /^[A-Z][A-Za-z0-9_]*(?:[:/][A-Za-z0-9_]+)*$/;

/** Splits one `-o` record into its pairs, in order. */
export function splitScontrolRecord(record: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const text = record.replace(/\s+$/, '');
  let key: string | undefined;
  let valueStart = 0;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    const candidate = m[1];
    const at = m.index;
    if (key === undefined) {
      if (at !== 0) break;
      key = candidate;
      valueStart = m[0].length;
      continue;
    }
    const boundary =
      !pairs.has(candidate) &&
      candidate !== key &&
      (KNOWN_KEYS.has(candidate) || (!FREE_TEXT.has(key) && LOOKS_LIKE_KEY.test(candidate)));
    if (!boundary) {
      // Keep scanning inside the value: the regex moved past this '=' already.
      continue;
    }
    pairs.set(key, text.slice(valueStart, at));
    key = candidate;
    valueStart = at + m[0].length;
  }
  if (key === undefined) throw new SlurmParseError(COMMAND, `expected Key=Value pairs, got ${JSON.stringify(text.slice(0, 60))}`);
  pairs.set(key, text.slice(valueStart));
  return pairs;
}

export interface ScontrolJob extends Pick<Job, 'id' | 'jobId' | 'arrayJobId' | 'arrayTaskId' | 'arrayTasks' | 'name' | 'user' | 'state' | 'stateRaw' | 'reason' | 'nodes' | 'partition' | 'submitTimeMs' | 'startTimeMs' | 'endTimeMs' | 'timeLimit' | 'comment' | 'workDir'> {
  readonly batchHost?: string;
  readonly command?: string;
  readonly stdoutPath?: string;
  readonly stderrPath?: string;
  readonly stdinPath?: string;
  readonly runTimeSeconds?: number;
  /** `ExitCode=code:signal`. */
  readonly exitCode?: { readonly code: number; readonly signal: number };
  /** Every pair as printed, for what the fields above do not cover. */
  readonly fields: ReadonlyMap<string, string>;
}

export type ShowJobResult = { readonly kind: 'ok'; readonly jobs: ScontrolJob[] } | { readonly kind: 'notFound' };

/** `scontrol show job -o <id>`, times as epoch seconds. An array id can give several records. */
export function scontrolShowJob(jobId: number | string): SlurmOperation<ShowJobResult> {
  const id = validateJobRef(jobId);
  return {
    argv: withEnv(EPOCH_TIMES, ['scontrol', 'show', 'job', '-o', id]),
    parse(stdout, end) {
      if (end && end.exitCode !== 0) {
        if (/Invalid job id specified/i.test(end.stderr)) return { kind: 'notFound' };
        throw new SlurmCommandError(COMMAND, end.exitCode, end.stderr);
      }
      return { kind: 'ok', jobs: parseScontrolJobs(stdout) };
    },
  };
}

export function parseScontrolJobs(stdout: string): ScontrolJob[] {
  const text = stdout.replace(/\s+$/, '');
  if (text === '') throw new SlurmParseError(COMMAND, 'no output');
  if (!text.startsWith('JobId=')) throw new SlurmParseError(COMMAND, `expected "JobId=...", got ${JSON.stringify(text.slice(0, 40))}`, 'line 1');
  // Records start at "JobId=" at the start of a line; a line break inside a value (a job name) stays in it.
  return text.split(/\n(?=JobId=\d)/).map((record, i) => toScontrolJob(splitScontrolRecord(record), i));
}

function toScontrolJob(fields: Map<string, string>, index: number): ScontrolJob {
  const where = (key: string) => `record ${index + 1} ${key}`;
  const get = (key: string): string | undefined => {
    const v = fields.get(key);
    return v === undefined || v === '' || v === '(null)' ? undefined : v;
  };
  const fail = (key: string, detail: string): never => {
    throw new SlurmParseError(COMMAND, detail, where(key));
  };
  const jobIdText = fields.get('JobId') ?? '';
  if (!/^[1-9]\d*$/.test(jobIdText)) fail('JobId', `expected a job id, got ${JSON.stringify(jobIdText)}`);
  const jobId = Number(jobIdText);
  const arrayJobText = get('ArrayJobId');
  const arrayTaskText = get('ArrayTaskId');
  const arrayJobId = arrayJobText !== undefined && /^\d+$/.test(arrayJobText) ? Number(arrayJobText) : undefined;
  const arrayTaskId = arrayTaskText !== undefined && /^\d+$/.test(arrayTaskText) ? Number(arrayTaskText) : undefined;
  const arrayTasks = arrayTaskText !== undefined && arrayTaskId === undefined ? arrayTaskText : undefined;
  const stateRaw = get('JobState');
  if (stateRaw === undefined) return fail('JobState', 'missing');
  const state: JobState = stateFromName(stateRaw);
  const reason = get('Reason');
  const time = (key: string): number | undefined => {
    const v = fields.get(key);
    if (v === undefined || isNoValue(v)) return undefined;
    if (!/^\d+$/.test(v)) fail(key, `expected epoch seconds, got ${JSON.stringify(v)} (SLURM_TIME_FORMAT=%s not honoured?)`);
    return epochToMs(Number(v));
  };
  const limitText = get('TimeLimit');
  let timeLimit: number | 'infinite' | undefined;
  if (limitText !== undefined && isUnlimited(limitText)) timeLimit = 'infinite';
  else if (limitText !== undefined && !isNoValue(limitText)) {
    const seconds = parseDurationSeconds(limitText);
    if (seconds === undefined) fail('TimeLimit', `expected a duration, got ${JSON.stringify(limitText)}`);
    timeLimit = Math.round((seconds as number) / 60);
  }
  const runTime = get('RunTime');
  const exit = /^(\d+):(\d+)$/.exec(get('ExitCode') ?? '');
  const user = get('UserId');
  return {
    id: displayJobId(jobId, arrayJobId, arrayTaskId, arrayTasks),
    jobId,
    arrayJobId,
    arrayTaskId,
    arrayTasks,
    name: fields.get('JobName') ?? '',
    // "UserId=alice(1000)"
    user: user === undefined ? '' : user.replace(/\(\d+\)$/, ''),
    state,
    stateRaw,
    reason: reason === 'None' ? undefined : reason,
    nodes: get('NodeList'),
    batchHost: get('BatchHost'),
    partition: get('Partition'),
    submitTimeMs: time('SubmitTime'),
    startTimeMs: time('StartTime'),
    endTimeMs: time('EndTime'),
    timeLimit,
    runTimeSeconds: runTime === undefined ? undefined : parseDurationSeconds(runTime),
    exitCode: exit ? { code: Number(exit[1]), signal: Number(exit[2]) } : undefined,
    comment: get('Comment'),
    command: get('Command'),
    workDir: get('WorkDir'),
    stdoutPath: get('StdOut'),
    stderrPath: get('StdErr'),
    stdinPath: get('StdIn'),
    fields,
  };
}

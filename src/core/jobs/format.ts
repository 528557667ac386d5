// Words for jobs in trees, notifications and the CLI.
import type { Job, JobState } from '../slurm';

/** `45s`, `12m`, `1h 05m`, `2d 03h`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${String(hours % 24).padStart(2, '0')}h`;
}

export function formatTimeLeft(left: number | 'infinite' | undefined): string | undefined {
  if (left === undefined) return undefined;
  return left === 'infinite' ? 'no time limit' : `${formatDuration(left)} left`;
}

/** Why a job waits, in words, for the reasons users meet most. */
const REASONS: Readonly<Record<string, string>> = {
  Resources: 'waiting for a node with free CPUs or memory',
  Priority: 'jobs with a higher priority go first',
  PartitionConfig: 'the job asks for more than the partition allows (CPUs, memory or time)',
  ReqNodeNotAvail: 'a requested node is down, drained or reserved',
  PartitionDown: 'the partition is down',
  PartitionInactive: 'the partition is inactive',
  PartitionNodeLimit: 'the job asks for more nodes than the partition allows',
  PartitionTimeLimit: 'the time limit is above the partition maximum',
  JobHeldUser: 'held by you (scontrol release <id>)',
  JobHeldAdmin: 'held by an administrator',
  Dependency: 'waiting for another job to finish',
  DependencyNeverSatisfied: 'its dependency can never be satisfied',
  BeginTime: 'its start time has not come yet',
  QOSMaxJobsPerUserLimit: 'you already run as many jobs as your QOS allows',
  AssocMaxJobsLimit: 'you already run as many jobs as your account allows',
  NodeDown: 'a node the job needs is down',
  BadConstraints: 'no node has the requested features',
  InvalidAccount: 'the account is invalid',
  InvalidQOS: 'the QOS is invalid',
};

export function explainReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  const word = reason.split(/[:\s(]/, 1)[0];
  return REASONS[word] ?? (/^(Assoc|QOS)Grp/.test(word) ? 'a group limit of your account or QOS is reached' : undefined);
}

export type StateTone = 'running' | 'pending' | 'ending' | 'failed' | 'done' | 'unknown';

export function stateTone(state: JobState): StateTone {
  switch (state) {
    case 'RUNNING':
      return 'running';
    case 'PENDING':
    case 'CONFIGURING':
    case 'SUSPENDED':
      return 'pending';
    case 'COMPLETING':
      return 'ending';
    case 'COMPLETED':
    case 'CANCELLED':
      return 'done';
    case 'UNKNOWN':
      return 'unknown';
    default:
      return 'failed';
  }
}

/** One line: `RUNNING on vm · 12m · 1h 48m left`, `PENDING (Resources)`. */
export function describeJob(job: Job): string {
  const parts: string[] = [];
  if (job.state === 'PENDING') parts.push(job.reason ? `PENDING (${job.reason})` : 'PENDING');
  else parts.push(job.nodes ? `${job.stateRaw} on ${job.nodes}` : job.stateRaw);
  if (job.state !== 'PENDING' && job.elapsedSeconds !== undefined) parts.push(formatDuration(job.elapsedSeconds));
  const left = job.state === 'RUNNING' ? formatTimeLeft(job.timeLeftSeconds) : undefined;
  if (left) parts.push(left);
  return parts.join(' · ');
}

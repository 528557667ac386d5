// Which queued jobs are app sessions: jobs this editor launched (their session is known), and
// jobs named like an app's job template (`#SBATCH --job-name`, `<app>_vnc` by convention).
import type { Job } from '../slurm';

/** A session this editor (or CLI run) launched: what squeue cannot tell. */
export interface KnownSession {
  readonly jobId: number;
  readonly appId: string;
  readonly sessionId: string;
  readonly port?: number;
  readonly node?: string;
  readonly infoFile?: string;
  /** The access host it was submitted on. */
  readonly host: string;
}

export interface AppJobName {
  readonly appId: string;
  /** The job name the app's template asks for. */
  readonly jobName: string;
}

export type QueueEntry =
  | { readonly kind: 'session'; readonly job: Job; readonly appId: string; readonly known?: KnownSession }
  | { readonly kind: 'other'; readonly job: Job };

const CONVENTION = /^(.+)_vnc$/;

export function classifyJobs(jobs: readonly Job[], apps: readonly AppJobName[], known: ReadonlyMap<number, KnownSession>): QueueEntry[] {
  const byName = new Map(apps.map((app) => [app.jobName, app.appId]));
  return jobs.map((job): QueueEntry => {
    const record = known.get(job.jobId);
    if (record) return { kind: 'session', job, appId: record.appId, known: record };
    const appId = byName.get(job.name) ?? CONVENTION.exec(job.name)?.[1];
    return appId ? { kind: 'session', job, appId } : { kind: 'other', job };
  });
}

/** The sessions of one app, in the apps model's shape. */
export function sessionsOfApp(entries: readonly QueueEntry[], appId: string): { jobId: string; state: string; node?: string; sessionId?: string }[] {
  return entries
    .filter((entry): entry is Extract<QueueEntry, { kind: 'session' }> => entry.kind === 'session' && entry.appId === appId)
    .map(({ job, known }) => ({
      jobId: job.id,
      state: job.state,
      ...(job.nodes ? { node: job.nodes } : {}),
      ...(known ? { sessionId: known.sessionId } : {}),
    }));
}

// The job a command acts on: the tree node it was invoked on, a reference from a notification,
// or one the user picks from the Jobs view's last listing.
import * as vscode from 'vscode';
import { describeJob, type QueueEntry } from '../../../core/jobs';
import { JobNode, type JobRef } from './jobNode';
import type { HostJobs, JobsStore } from './jobsStore';

export interface PickedJob {
  readonly hostJobs: HostJobs;
  readonly entry: QueueEntry;
}

function isJobRef(value: unknown): value is JobRef {
  const v = value as Partial<JobRef> | null;
  return typeof v === 'object' && v !== null && typeof v.host === 'string' && typeof v.jobId === 'number';
}

/** Undefined when the user dismisses the pick. */
export async function jobFromArgument(
  store: JobsStore,
  argument: unknown,
  filter: (entry: QueueEntry, hostJobs: HostJobs) => boolean,
  placeHolder: string,
  refresh: () => Promise<void>,
): Promise<PickedJob | undefined> {
  if (argument instanceof JobNode) return { hostJobs: argument.hostJobs, entry: argument.entry };
  if (isJobRef(argument)) {
    const found = store.find(argument.host, argument.jobId);
    if (found) return found;
    await refresh();
    const again = store.find(argument.host, argument.jobId);
    if (!again) throw new Error(`Job ${argument.jobId} is no longer in the queue of ${argument.host}.`);
    return again;
  }
  if (store.all.length === 0) await refresh();
  const candidates = store.jobs().filter(({ entry, hostJobs }) => filter(entry, hostJobs));
  if (candidates.length === 0) throw new Error('No job in the Jobs view fits this command.');
  const several = new Set(candidates.map(({ hostJobs }) => hostJobs.host)).size > 1;
  const picked = await vscode.window.showQuickPick(
    candidates.map((candidate) => ({
      label: `${candidate.entry.kind === 'session' ? candidate.entry.appId : candidate.entry.job.name} — job ${candidate.entry.job.id}`,
      description: [describeJob(candidate.entry.job), several ? candidate.hostJobs.host : undefined].filter(Boolean).join(' · '),
      candidate,
    })),
    { placeHolder },
  );
  return picked?.candidate;
}

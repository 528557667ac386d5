import * as vscode from 'vscode';
import { runSlurm } from '../../core/jobs';
import { sessionViewerKey } from '../../core/sessions';
import { isActiveState, scancelJob } from '../../core/slurm';
import { JOBS_VIEW_ID, jobFromArgument } from '../views/jobs';
import { Cancelled, required, type CommandDefinition } from './command';

/** Jobs view: cancel a job after a confirmation (scancel). */
export const cancelJob: CommandDefinition = {
  id: 'appframework.cancelJob',
  async run(deps, argument) {
    const picked = required(
      await jobFromArgument(deps.jobs.store, argument, (entry, hostJobs) => isActiveState(entry.job.state) && entry.job.user === hostJobs.me, 'Choose a job to cancel', () =>
        deps.scheduler.refreshNow(JOBS_VIEW_ID),
      ),
    );
    const { job } = picked.entry;
    const what = picked.entry.kind === 'session' ? `the ${picked.entry.appId} session` : `"${job.name}"`;
    const confirm = 'Cancel Job';
    const answer = await vscode.window.showWarningMessage(
      `Cancel job ${job.id} (${what}${job.nodes ? ` on ${job.nodes}` : ''})?`,
      { modal: true, detail: picked.entry.kind === 'session' ? 'The desktop closes; work not saved in the session is lost.' : 'Slurm ends the job.' },
      confirm,
    );
    if (answer !== confirm) throw new Cancelled();
    const result = await runSlurm(picked.hostJobs.hosts.access.host, scancelJob(job.id));
    deps.viewer.sessionEnded(sessionViewerKey(picked.hostJobs.host, job.jobId), 'The job was cancelled.');
    vscode.window.setStatusBarMessage(result.kind === 'cancelled' ? `Job ${job.id} cancelled` : `Job ${job.id} had already ended`, 5000);
  },
};

import * as vscode from 'vscode';
import { JOBS_VIEW_ID, jobFromArgument } from '../views/jobs';
import { required, type CommandDefinition } from './command';

/** Jobs view: copy the job id (as squeue shows it) to the clipboard. */
export const copyJobId: CommandDefinition = {
  id: 'appframework.copyJobId',
  async run(deps, argument) {
    const picked = required(await jobFromArgument(deps.jobs.store, argument, () => true, 'Choose a job', () => deps.scheduler.refreshNow(JOBS_VIEW_ID)));
    await vscode.env.clipboard.writeText(picked.entry.job.id);
    vscode.window.setStatusBarMessage(`Copied job id ${picked.entry.job.id}`, 3000);
  },
};

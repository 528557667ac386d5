import * as vscode from 'vscode';
import { JOBS_VIEW_ID, jobFromArgument } from '../views/jobs';
import { reachSession, showInViewer } from '../views/jobs/sessionActions';
import { required, type CommandDefinition } from './command';

/** Jobs view: open a running session in the viewer (reads its info file on the node). */
export const openJobViewer: CommandDefinition = {
  id: 'appframework.openJobViewer',
  async run(deps, argument) {
    const { jobs, cluster, scheduler } = deps;
    const picked = required(
      await jobFromArgument(jobs.store, argument, (entry) => entry.kind === 'session' && entry.job.state === 'RUNNING', 'Choose a running session', () =>
        scheduler.refreshNow(JOBS_VIEW_ID),
      ),
    );
    const session = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Opening job ${picked.entry.job.id}`, cancellable: true },
      (_progress, token) => reachSession(cluster, jobs.records, picked.hostJobs, picked.entry, token),
    );
    await showInViewer(deps.ctx, deps.viewer, picked.hostJobs.host, session);
  },
};

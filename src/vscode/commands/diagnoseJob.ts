import * as vscode from 'vscode';
import { diagnoseJob as diagnose, renderDiagnosis } from '../../core/jobs';
import { isActiveState } from '../../core/slurm';
import { JOBS_VIEW_ID, jobFromArgument } from '../views/jobs';
import { required, type CommandDefinition } from './command';

/** Jobs view: the seed's "VNC does not connect" FAQ as checks, shown as a Markdown report. */
export const diagnoseJob: CommandDefinition = {
  id: 'appframework.diagnoseJob',
  async run(deps, argument) {
    const { jobs, cluster, scheduler } = deps;
    const picked = required(
      await jobFromArgument(jobs.store, argument, (entry) => entry.kind === 'session' || isActiveState(entry.job.state), 'Choose a session to diagnose', () =>
        scheduler.refreshNow(JOBS_VIEW_ID),
      ),
    );
    const { hostJobs, entry } = picked;
    const diagnosis = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Diagnosing job ${entry.job.id}`, cancellable: true },
      (_progress, token) =>
        diagnose({
          hosts: hostJobs.hosts,
          queue: cluster.queueOf(hostJobs.hosts),
          resolver: cluster.resolverOf(hostJobs.hosts),
          infoFilePattern: hostJobs.project.loaded.config.slurm.infoFile,
          jobId: entry.job.jobId,
          ...(entry.kind === 'session' ? { appId: entry.appId, ...(entry.known ? { known: entry.known } : {}) } : {}),
          token,
        }),
    );
    await jobs.reports.show(`diagnose-job-${entry.job.jobId}.md`, renderDiagnosis(diagnosis));
  },
};

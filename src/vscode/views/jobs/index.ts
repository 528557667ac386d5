import * as vscode from 'vscode';
import { sessionsOfApp } from '../../../core/jobs';
import type { ClusterAccess } from '../../clusterAccess';
import type { ProjectService } from '../../config';
import type { Ctx } from '../../context';
import type { AppsStore } from '../apps';
import type { RefreshScheduler } from '../refreshScheduler';
import { JobLogs } from './jobLogs';
import { JobsStore } from './jobsStore';
import { JOBS_SETTINGS_SECTION, readJobsSettings } from './jobsSettings';
import { JobsTreeProvider } from './jobsTreeProvider';
import { Reports } from './reports';
import { SessionNotifier, type ViewerEndings } from './sessionNotifier';
import { SessionRecords } from './sessionRecords';

export { JobLogs, type LogKind } from './jobLogs';
export { JobNode, jobContextValue, type JobRef } from './jobNode';
export { jobFromArgument, type PickedJob } from './jobPicker';
export { JobsStore, type HostJobs } from './jobsStore';
export { SessionNotifier } from './sessionNotifier';
export { SessionRecords } from './sessionRecords';
export { viewerHooks, type ViewerHooks } from './viewerHooks';

export const JOBS_VIEW_ID = 'appframework.jobs';
/** Poll period right after a launch, until the job runs. */
export const FAST_POLL_MS = 2000;

/** Commands after which the jobs are out of date. */
const CHANGES_JOBS = /^appframework\.(launchSession|cancelJob|updateApp)$/;

export interface JobsView {
  readonly store: JobsStore;
  readonly records: SessionRecords;
  readonly logs: JobLogs;
  readonly notifier: SessionNotifier;
  readonly reports: Reports;
}

/** The Jobs view: store, tree, log documents and notifications, polled by the scheduler while visible. */
export function registerJobsView(
  ctx: Ctx,
  deps: { projects: ProjectService; apps: AppsStore; scheduler: RefreshScheduler; cluster: ClusterAccess; viewer?: ViewerEndings },
): JobsView {
  const { projects, apps, scheduler, cluster } = deps;
  const records = new SessionRecords(ctx.extension.globalState);
  const store = ctx.own(new JobsStore(projects, apps, cluster, records));
  const provider = ctx.own(new JobsTreeProvider(store));
  const view = ctx.own(vscode.window.createTreeView(JOBS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: false }));
  const logs = ctx.own(new JobLogs(ctx));
  const notifier = ctx.own(new SessionNotifier(store, deps.viewer));
  const reports = ctx.own(new Reports());

  ctx.own(
    scheduler.register({
      id: JOBS_VIEW_ID,
      // A getter: restoring the default period after a launch reads the current setting.
      get intervalMs() {
        return readJobsSettings().refreshMs;
      },
      refreshAfter: (command) => CHANGES_JOBS.test(command),
      refresh: (_trigger, signal) => store.refresh(signal),
      onResult: (error) => {
        if (error) ctx.log.warn(`Jobs: ${error instanceof Error ? error.message : String(error)}`);
      },
    }),
  );
  scheduler.setVisible(JOBS_VIEW_ID, view.visible);
  ctx.own(view.onDidChangeVisibility(({ visible }) => scheduler.setVisible(JOBS_VIEW_ID, visible)));

  const describe = () => {
    view.description = readJobsSettings().allUsers ? 'all users' : undefined;
  };
  describe();
  ctx.own(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(JOBS_SETTINGS_SECTION)) return;
      describe();
      scheduler.setInterval(JOBS_VIEW_ID, undefined);
      scheduler.request(JOBS_VIEW_ID, 'config');
    }),
  );

  // The Apps view shows each app's sessions (told again only when they changed).
  let shared = '';
  const shareSessions = () => {
    const signature = JSON.stringify(store.all.map((hostJobs) => [hostJobs.host, hostJobs.entries.map((e) => (e.kind === 'session' ? [e.appId, e.job.id, e.job.state] : 0))]));
    if (signature === shared) return;
    shared = signature;
    apps.setSessionSource((project, appId) => {
      const host = cluster.hostsOf(project.loaded.config).access.host.label;
      const hostJobs = store.all.find((entry) => entry.host === host);
      return hostJobs ? sessionsOfApp(hostJobs.entries, appId) : undefined;
    });
  };
  ctx.own(
    store.onDidChange(() => {
      shareSessions();
      const sessions = store.jobs().filter(({ entry }) => entry.kind === 'session' && entry.job.state === 'RUNNING').length;
      view.badge = sessions > 0 ? { value: sessions, tooltip: `${sessions} running session${sessions === 1 ? '' : 's'}` } : undefined;
      void vscode.commands.executeCommand('setContext', 'appframework.hasJobs', store.jobs().length > 0);
    }),
  );
  return { store, records, logs, notifier, reports };
}

// Tells the user when an app session starts running, will hit its time limit within ten
// minutes, or has ended; and tells the viewer when the session it shows is gone.
import * as vscode from 'vscode';
import { SessionWatcher, type SessionNotice, type WatchedSession } from '../../../core/jobs';
import { sessionViewerKey } from '../../../core/sessions';
import type { JobRef } from './jobNode';
import type { JobsStore } from './jobsStore';
import { readJobsSettings } from './jobsSettings';

export interface ViewerEndings {
  sessionEnded(key: string, reason: string): void;
}

export class SessionNotifier implements vscode.Disposable {
  private readonly watchers = new Map<string, SessionWatcher>();
  /** Sessions whose launch already said they run. */
  private readonly announced = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: JobsStore,
    private readonly viewer: ViewerEndings | undefined,
  ) {
    this.subscription = store.onDidChange(() => this.update());
  }

  /** A launch from this window reported the session itself. */
  launchedHere(host: string, jobId: number): void {
    this.announced.add(`${host}:${jobId}`);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private update(): void {
    for (const hostJobs of this.store.all) {
      if (hostJobs.error) continue;
      let watcher = this.watchers.get(hostJobs.host);
      if (!watcher) {
        watcher = new SessionWatcher();
        this.watchers.set(hostJobs.host, watcher);
      }
      const sessions: WatchedSession[] = hostJobs.entries.flatMap((entry) =>
        entry.kind === 'session' && (hostJobs.me === undefined || entry.job.user === hostJobs.me)
          ? [{ jobId: entry.job.jobId, appId: entry.appId, state: entry.job.state, node: entry.job.nodes, timeLeftSeconds: entry.job.timeLeftSeconds }]
          : [],
      );
      for (const notice of watcher.update(sessions)) this.tell(hostJobs.host, notice);
    }
  }

  private tell(host: string, notice: SessionNotice): void {
    const { session } = notice;
    const name = `${session.appId} session (job ${session.jobId})`;
    const ref: JobRef = { host, jobId: session.jobId };
    if (notice.kind === 'ended') {
      this.viewer?.sessionEnded(sessionViewerKey(host, session.jobId), 'The job has ended.');
      this.announced.delete(`${host}:${session.jobId}`);
    }
    if (!readJobsSettings().notifications) return;
    switch (notice.kind) {
      case 'running': {
        if (this.announced.has(`${host}:${session.jobId}`)) return;
        void vscode.window.showInformationMessage(`${name} is running${session.node ? ` on ${session.node}` : ''}.`, 'Open Viewer').then((answer) => {
          if (answer) void vscode.commands.executeCommand('appframework.openJobViewer', ref);
        });
        return;
      }
      case 'endingSoon':
        void vscode.window.showWarningMessage(`${name} reaches its time limit in ${notice.minutesLeft} minute${notice.minutesLeft === 1 ? '' : 's'}: save your work.`);
        return;
      case 'ended':
        void vscode.window.showInformationMessage(`${name} has ended${notice.state ? ` (${notice.state})` : ''}.`);
        return;
    }
  }
}

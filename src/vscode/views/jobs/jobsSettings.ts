import * as vscode from 'vscode';

export const JOBS_SETTINGS_SECTION = 'appframework.jobs';

export interface JobsSettings {
  /** List every user's jobs, not only yours. */
  readonly allUsers: boolean;
  /** Poll period while the Jobs view is visible. */
  readonly refreshMs: number;
  readonly notifications: boolean;
}

export function readJobsSettings(): JobsSettings {
  const settings = vscode.workspace.getConfiguration(JOBS_SETTINGS_SECTION);
  const seconds = settings.get<number>('refreshSeconds', 10);
  return {
    allUsers: settings.get<boolean>('allUsers', false),
    refreshMs: Math.max(2, Number.isFinite(seconds) ? seconds : 10) * 1000,
    notifications: settings.get<boolean>('notifications', true),
  };
}

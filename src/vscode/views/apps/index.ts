import * as vscode from 'vscode';
import type { Ctx } from '../../context';
import type { ProjectService } from '../../config';
import type { RefreshScheduler } from '../refreshScheduler';
import { publishAppProblems } from './appsProblems';
import { AppsStore } from './appsStore';
import { AppsTreeProvider } from './appsTreeProvider';
import { watchAppSources } from './appsWatchers';

export { AppsStore, type ProjectApps } from './appsStore';
export { AppNode, appContextValue, appState, type AppState } from './appNode';
export type { AppsTreeNode } from './node';

export const APPS_VIEW_ID = 'appframework.apps';

/** Commands after which the apps are out of date. */
const CHANGES_APPS = /^appframework\.(newApp|createConfig|build|deploy|update)/;

/** The Apps view: store, tree, badge, watchers and cross-file diagnostics, refreshed by the scheduler. */
export function registerAppsView(ctx: Ctx, projects: ProjectService, scheduler: RefreshScheduler): AppsStore {
  const store = ctx.own(new AppsStore(projects));
  const provider = ctx.own(new AppsTreeProvider(store));
  const view = ctx.own(vscode.window.createTreeView(APPS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));
  ctx.own(publishAppProblems(store));

  ctx.own(
    scheduler.register({
      id: APPS_VIEW_ID,
      // Local reads only, and they also feed the diagnostics: refresh even while the view is hidden.
      refreshWhileHidden: true,
      refreshAfter: (command) => CHANGES_APPS.test(command),
      refresh: () => store.refresh(),
      onResult: (error) => {
        if (error) ctx.log.warn(`Apps: ${error instanceof Error ? error.message : String(error)}`);
      },
    }),
  );
  scheduler.setVisible(APPS_VIEW_ID, view.visible);
  ctx.own(view.onDidChangeVisibility(({ visible }) => scheduler.setVisible(APPS_VIEW_ID, visible)));

  ctx.own(
    store.onDidChange(() => {
      const problems = store.all.reduce((sum, entry) => sum + (entry.kind === 'ok' ? entry.snapshot.apps.reduce((n, app) => n + app.problems.length, 0) : 1), 0);
      view.badge = problems > 0 ? { value: problems, tooltip: `${problems} app problem${problems === 1 ? '' : 's'}` } : undefined;
      void vscode.commands.executeCommand('setContext', 'appframework.hasApps', store.apps().length > 0);
    }),
  );

  // Re-create the watchers whenever the configured paths may have changed.
  let watchers: vscode.Disposable | undefined;
  const rewatch = () => {
    watchers?.dispose();
    watchers = watchAppSources(projects.projects, () => scheduler.request(APPS_VIEW_ID, 'files'));
  };
  ctx.own({ dispose: () => watchers?.dispose() });
  ctx.own(
    projects.onDidChange(() => {
      rewatch();
      scheduler.configChanged();
    }),
  );
  void projects.ready.then(() => {
    rewatch();
    return scheduler.refreshNow(APPS_VIEW_ID, 'startup');
  });
  return store;
}

import * as vscode from 'vscode';
import { createCtx } from './vscode/context';
import { registerLanguageFeatures } from './vscode/language';
import { registerCommands } from './vscode/commands';
import { registerProjectConfig } from './vscode/config';
import { registerAppsView } from './vscode/views/apps';
import { RefreshScheduler } from './vscode/views/refreshScheduler';
import { registerViewer } from './vscode/panel';
import { ClusterAccess } from './vscode/clusterAccess';
import { registerJobsView, viewerHooks, type JobsView } from './vscode/views/jobs';
import { registerImagesView } from './vscode/views/images';
import { registerBuildTasks } from './vscode/tasks';
import { registerBuildLens } from './vscode/language/buildLens';
import { registerConnectionStatus } from './vscode/status/connectionStatus';

/** Builds the services and registers everything; the logic lives in `core/` and `vscode/`. */
export function activate(extension: vscode.ExtensionContext): void {
  const ctx = createCtx(extension);
  const scheduler = ctx.own(new RefreshScheduler({ log: (message) => ctx.log.warn(message) }));
  const projects = registerProjectConfig(ctx);
  registerLanguageFeatures(ctx, projects);
  const apps = registerAppsView(ctx, projects, scheduler);
  const cluster = ctx.own(new ClusterAccess(ctx));
  // The viewer asks the Jobs view about sessions, and the Jobs view tells the viewer when they end.
  const late: { jobs?: JobsView } = {};
  const viewer = registerViewer(ctx, { hosts: cluster, ...viewerHooks(cluster, () => late.jobs) });
  const jobs = (late.jobs = registerJobsView(ctx, { projects, apps, scheduler, cluster, viewer }));
  const images = registerImagesView(ctx, { projects, apps, scheduler, cluster });
  registerBuildTasks(ctx, { apps, cluster, images });
  registerBuildLens(ctx, apps);
  registerCommands({ ctx, projects, scheduler, apps, viewer, cluster, jobs, images });
  registerConnectionStatus(ctx, projects, cluster);
  ctx.log.info('App Framework activated');
}

export function deactivate(): void {
  // Everything is disposed through the extension context's subscriptions.
}

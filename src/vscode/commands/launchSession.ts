import * as path from 'node:path';
import * as vscode from 'vscode';
import { explainReason } from '../../core/jobs';
import { describeLaunchEvent, isCancellation, launchSession as launch, LaunchFailed, sessionViewerKey, viewerSessionOf, type LaunchEvent, type LaunchedSession } from '../../core/sessions';
import type { OpeningViewer } from '../panel';
import type { Project } from '../config';
import { FAST_POLL_MS, JOBS_VIEW_ID } from '../views/jobs';
import { showInViewer } from '../views/jobs/sessionActions';
import { Cancelled, type CommandDefinition, type CommandDeps } from './command';
import { appFromArgument } from './pickers';

export const launchSessionId = 'appframework.launchSession';

/** `App Framework: Launch Session` (palette, Apps tree, Jobs view title). */
export const launchSession: CommandDefinition = {
  id: launchSessionId,
  async run(deps, argument) {
    const { app, project } = typeof argument === 'string' ? await appById(deps, argument) : await appFromArgument(deps, argument, (candidate) => candidate.jobTemplate?.exists === true);
    if (!app.jobTemplate?.exists) {
      throw new Error(`${app.id} has no job template${app.jobTemplate ? ` (${app.jobTemplate.name} is missing)` : ''}: New App writes one.`);
    }
    await launchAndShow(deps, project, app.id, app.jobTemplate.file);
  },
};

/** An app named by id (from a keybinding or another extension), in the first open folder that has it. */
async function appById(deps: CommandDeps, id: string) {
  await deps.apps.refresh();
  const found = deps.apps.apps().find(({ app }) => app.id === id);
  if (!found) throw new Error(`No app "${id}" in the open folders.`);
  return found;
}

/** Launches with progress (cancellable), then opens the viewer. Also the last step of Update App. */
export async function launchAndShow(deps: CommandDeps, project: Project, appId: string, templateFile: string): Promise<LaunchedSession> {
  const { cluster, jobs, scheduler, ctx } = deps;
  const config = project.loaded.config;
  const hosts = cluster.hostsOf(config);
  const host = hosts.access.host.label;
  // Ports promised to sessions of this window that may not listen yet.
  const reserved = [...jobs.records.of(host).values()].flatMap((record) => (record.port !== undefined ? [record.port] : []));
  let sessionId: string | undefined;
  let port: number | undefined;
  // Opened as soon as the job runs: the page loads while the launch finishes.
  let opening: OpeningViewer | undefined;
  const onEvent = (event: LaunchEvent, report: (message: string) => void) => {
    ctx.log.info(`launch ${appId}: ${describeLaunchEvent(event)}`);
    if (event.kind === 'submitting') ({ sessionId, port } = event);
    if (event.kind === 'submitted') {
      jobs.notifier.launchedHere(host, event.jobId);
      if (event.sessionId ?? sessionId) {
        void jobs.records.add({ jobId: event.jobId, appId, sessionId: (event.sessionId ?? sessionId) as string, port: event.port ?? port, host });
      }
      // Poll faster until the job runs, so the Jobs view follows the launch.
      scheduler.setInterval(JOBS_VIEW_ID, FAST_POLL_MS);
      scheduler.request(JOBS_VIEW_ID, 'command');
    }
    if (event.kind === 'running') {
      scheduler.setInterval(JOBS_VIEW_ID, undefined);
      scheduler.request(JOBS_VIEW_ID, 'command');
      opening = deps.viewer.opening({ key: sessionViewerKey(host, event.jobId), app: appId, jobId: String(event.jobId), node: event.node ?? '' });
    }
    const explained = event.kind === 'pending' ? explainReason(event.reason) : undefined;
    const message = `${describeLaunchEvent(event)}${explained ? `: ${explained}` : ''}`;
    report(message);
    opening?.progress(`${message.charAt(0).toUpperCase()}${message.slice(1)}…`);
  };

  let session: LaunchedSession;
  try {
    session = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Launching ${appId} (${path.basename(templateFile)})`, cancellable: true },
      (progress, token) =>
        launch({
          app: { id: appId, templateFile },
          config,
          hosts,
          queue: cluster.queueOf(hosts),
          resolver: cluster.resolverOf(hosts),
          reservedPorts: reserved,
          token,
          onProgress: (event) => onEvent(event, (message) => progress.report({ message })),
        }),
    );
  } catch (error) {
    opening?.abandon();
    if (isCancellation(error)) {
      ctx.log.info(`launch ${appId}: cancelled (its job, if submitted, was cancelled)`);
      throw new Cancelled();
    }
    if (error instanceof LaunchFailed && error.jobId !== undefined) {
      const jobId = error.jobId;
      ctx.log.error(`launch ${appId}: ${error.message}`);
      void vscode.window.showErrorMessage(error.message, 'Diagnose', 'Show Error Log').then((answer) => {
        const ref = { host, jobId };
        if (answer === 'Diagnose') void vscode.commands.executeCommand('appframework.diagnoseJob', ref);
        if (answer === 'Show Error Log') void vscode.commands.executeCommand('appframework.showJobError', ref);
      });
      throw new Cancelled();
    }
    throw error;
  } finally {
    scheduler.setInterval(JOBS_VIEW_ID, undefined);
  }
  await jobs.records.add({ jobId: session.jobId, appId, sessionId: session.sessionId, port: session.port, node: session.node, infoFile: session.infoFile, host });
  if (opening) {
    opening.ready(viewerSessionOf(host, { ...session, target: session.endpoint.target }), session.password !== undefined ? { password: session.password } : {});
  } else {
    await showInViewer(ctx, deps.viewer, host, session);
  }
  return session;
}

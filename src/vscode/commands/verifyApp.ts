// `App Framework: Verify App` (Apps tree, palette): the seed guide's checklist as one run, with
// progress and cancellation; the report opens as a Markdown preview. The test job is cancelled
// at the end whatever happens.
import * as vscode from 'vscode';
import { renderVerifyMarkdown, verifyApp as verify, type VerifyEvent, type VerifyReport } from '../../core/verify';
import { JOBS_VIEW_ID } from '../views/jobs';
import type { CommandDefinition, CommandDeps } from './command';
import { appFromArgument } from './pickers';

export const verifyAppId = 'appframework.verifyApp';

/** The Verify settings: the test job's time limit and whether a stale image is built first. */
function verifySettings(folder: vscode.WorkspaceFolder): { testTimeLimit: string; build: boolean } {
  const settings = vscode.workspace.getConfiguration('appframework.verify', folder.uri);
  const time = settings.get<string>('testTimeLimit', '00:05:00').trim();
  return { testTimeLimit: /^(\d{1,2}-)?\d{1,2}:\d{2}(:\d{2})?$/.test(time) ? time : '00:05:00', build: settings.get<boolean>('buildStaleImage', true) };
}

/** An app named by id (from a keybinding, a task or another extension): the first project's that has it. */
async function appById(deps: CommandDeps, id: string) {
  await deps.apps.refresh();
  const found = deps.apps.apps().find(({ app }) => app.id === id);
  if (!found) throw new Error(`No app "${id}" in the open folders.`);
  return found;
}

async function showReport(report: VerifyReport): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderVerifyMarkdown(report) });
  try {
    await vscode.commands.executeCommand('markdown.showPreview', document.uri);
  } catch {
    await vscode.window.showTextDocument(document, { preview: true });
  }
}

export const verifyApp: CommandDefinition = {
  id: verifyAppId,
  async run(deps: CommandDeps, argument) {
    const { app, project } = typeof argument === 'string' ? await appById(deps, argument) : await appFromArgument(deps, argument);
    const { cluster, ctx, scheduler } = deps;
    const config = project.loaded.config;
    const hosts = cluster.hostsOf(config);
    const onEvent = (event: VerifyEvent, report: (message: string, increment?: number) => void) => {
      switch (event.kind) {
        case 'checking':
          report(`${event.number}/8 ${event.title}`);
          break;
        case 'checked':
          ctx.log.info(`verify ${app.id}: ${event.result.number}. ${event.result.status}: ${event.result.summary}`);
          report(`${event.result.number}/8 ${event.result.status}`, 100 / 8);
          if (event.result.id === 'jobTemplate') scheduler.request(JOBS_VIEW_ID, 'command');
          break;
        case 'note':
          ctx.log.debug(`verify ${app.id}: ${event.message}`);
          break;
        case 'cleanup':
          ctx.log.info(`verify ${app.id}: ${event.message}`);
          report(event.message);
          break;
      }
    };
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Verifying ${app.id}`, cancellable: true },
      (progress, token) =>
        verify({
          config,
          appId: app.id,
          hosts,
          queue: cluster.queueOf(hosts),
          resolver: cluster.resolverOf(hosts),
          checksums: deps.images.checksums,
          token,
          options: verifySettings(project.folder),
          onProgress: (event) => onEvent(event, (message, increment) => progress.report({ message, ...(increment ? { increment } : {}) })),
        }),
    );
    await showReport(result);
    scheduler.request(JOBS_VIEW_ID, 'command');
    if (result.cancelled) void vscode.window.showInformationMessage(`Verify ${app.id} was cancelled; ${result.cleanup.length ? result.cleanup.join('; ') : 'no test job was left'}.`);
    else if (!result.ok) void vscode.window.showWarningMessage(`Verify ${app.id}: ${result.counts.fail} of 8 checks failed (see the report).`);
    else void vscode.window.showInformationMessage(`Verify ${app.id}: ${result.counts.pass} checks passed, ${result.counts.skipped} skipped.`);
  },
};

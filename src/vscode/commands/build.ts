// `App Framework: Build Image` (and the sandbox debug build): apptainer build on the access host
// as a task with live output; cancelling stops the build where it runs; errors land in the def.
import * as vscode from 'vscode';
import { definitionFileOf } from '../../core/apps';
import { shellJoin } from '../../core/hosts';
import { buildWork, prepareBuild } from '../tasks/buildWork';
import { runWorkTask, TASK_TYPE } from '../tasks/runTask';
import type { CommandDefinition, CommandDeps } from './command';
import { appForImage } from './imageArguments';

async function build(deps: CommandDeps, argument: unknown, sandbox: boolean): Promise<void> {
  const { app, project } = await appForImage(deps, argument, (a) => a.definition !== undefined);
  const definition = app.definition;
  if (!definition) throw new Error(`${app.id} has no definition file to build.`);
  const access = deps.cluster.hostsOf(project.loaded.config).access;
  const plan = await prepareBuild({ project, appId: app.id, sandbox, host: access.host, remote: access.spec.kind !== 'local' }, deps.images.homes);
  const definitionUri = vscode.Uri.file(definitionFileOf(project.loaded.config, app.id));
  deps.ctx.log.info(`build ${app.id} on ${access.host.label}: ${plan.sudo ? 'sudo ' : ''}${shellJoin(plan.argv)}`);
  const outcome = await runWorkTask(
    { type: TASK_TYPE, action: sandbox ? 'buildSandbox' : 'build', app: app.id },
    project.folder,
    `Building ${app.id} on ${access.host.label}${sandbox ? ' (sandbox)' : ''}`,
    buildWork(plan, definitionUri, deps.images.buildProblems),
  );
  deps.ctx.log.info(`build ${app.id}: ${outcome.summary}`);
  if (!outcome.ok) {
    // The task's terminal holds the details; the def file holds the errors it could place.
    const show = 'Show Problems';
    void vscode.window.showErrorMessage(outcome.summary, show).then((choice) => {
      if (choice === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  } else if (sandbox) {
    const open = 'Open Shell in Sandbox';
    void vscode.window.showInformationMessage(outcome.summary, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('appframework.openSandboxShell', vscode.Uri.file(definition.file));
    });
  }
  await deps.apps.refresh();
}

export const buildImage: CommandDefinition = {
  id: 'appframework.build',
  run: (deps, argument) => build(deps, argument, false),
};

export const buildSandbox: CommandDefinition = {
  id: 'appframework.buildSandbox',
  run: (deps, argument) => build(deps, argument, true),
};

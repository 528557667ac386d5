// Update App: the seed's update procedure as one command: rebuild the image, redeploy it, offer
// to end the sessions still running the old image, and launch a fresh session to test the new one.
// Build and deploy are their own commands (with their own progress and errors); this command
// checks what they produced (a new image, the same checksum on every node) before going on.
import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import type { App } from '../../core/apps';
import { deployedImage, remoteSha256, sourceChecksum, type ImageSource } from '../../core/deploy';
import { runSlurm } from '../../core/jobs';
import { sessionViewerKey } from '../../core/sessions';
import { isActiveState, scancelJob } from '../../core/slurm';
import type { Project } from '../config';
import { AppNode } from '../views/apps';
import { JOBS_VIEW_ID } from '../views/jobs';
import { Cancelled, type CommandDefinition, type CommandDeps } from './command';
import { launchAndShow } from './launchSession';
import { builtImageOf } from './imageArguments';
import { appFromArgument } from './pickers';

export const updateAppId = 'appframework.updateApp';

export const updateApp: CommandDefinition = {
  id: updateAppId,
  async run(deps, argument) {
    const picked = await appFromArgument(deps, argument, (app) => app.definition !== undefined && app.jobTemplate?.exists === true);
    const { project } = picked;
    if (!picked.app.definition || !picked.app.jobTemplate?.exists) throw new Error(`${picked.app.id} needs a definition file and a job template to be updated.`);
    const templateFile = picked.app.jobTemplate.file;

    // 1. Rebuild: the image where builds land (here, or on the access host) must change.
    const access = deps.cluster.hostsOf(project.loaded.config).access;
    const before = await imageStamp(await builtImageOf(deps, picked.app, access).catch(() => undefined));
    await runStep('appframework.build', 'Build', new AppNode(project, picked.app));
    const built = await freshApp(deps, project, picked.app.id);
    const source = await builtImageOf(deps, built, access).catch(() => undefined);
    const after = await imageStamp(source);
    if (!source || after === undefined || after === before) throw new Error(`Update of ${built.id} stopped: the build did not write a new ${built.id}.sif (see the build output).`);

    // 2. Redeploy, then check every node holds the image just built.
    await runStep('appframework.deploy', 'Deploy', new AppNode(project, built));
    await verifyDeployed(deps, project, built, source);

    // 3. The sessions still running the old image.
    await deps.scheduler.refreshNow(JOBS_VIEW_ID);
    const host = deps.cluster.hostsOf(project.loaded.config).access.host.label;
    const hostJobs = deps.jobs.store.all.find((entry) => entry.host === host);
    const old = (hostJobs?.entries ?? []).filter((entry) => entry.kind === 'session' && entry.appId === built.id && isActiveState(entry.job.state) && entry.job.user === hostJobs?.me);
    if (hostJobs && old.length > 0) {
      const items = old.map((entry) => ({ label: `job ${entry.job.id}`, description: `${entry.job.stateRaw}${entry.job.nodes ? ` on ${entry.job.nodes}` : ''}`, picked: true, entry }));
      const chosen = await vscode.window.showQuickPick(items, {
        canPickMany: true,
        title: `Update ${built.id}: ${old.length} session${old.length === 1 ? '' : 's'} still run the old image`,
        placeHolder: 'Cancel the checked sessions (unsaved work in them is lost); uncheck the ones to keep',
        ignoreFocusOut: true,
      });
      if (chosen === undefined) throw new Cancelled();
      for (const { entry } of chosen) {
        await runSlurm(hostJobs.hosts.access.host, scancelJob(entry.job.id));
        deps.viewer.sessionEnded(sessionViewerKey(host, entry.job.jobId), 'Cancelled for an update of the app.');
      }
    }

    // 4. A fresh session on the new image.
    await launchAndShow(deps, project, built.id, templateFile);
  },
};

/** Runs another command of the extension; it reports its own errors, so the caller checks its effect. */
async function runStep(command: string, name: string, argument: unknown): Promise<void> {
  const known = await vscode.commands.getCommands(true);
  if (!known.includes(command)) throw new Error(`${name} is not available in this version of the extension.`);
  await vscode.commands.executeCommand(command, argument);
}

async function freshApp(deps: CommandDeps, project: Project, id: string): Promise<App> {
  await deps.apps.refresh();
  const found = deps.apps.find(project.folder.uri, id);
  if (!found) throw new Error(`The app ${id} is gone from ${project.folder.name}.`);
  return found.app;
}

/** When the image was last written (mtime and size), or undefined when there is none. */
async function imageStamp(source: ImageSource | undefined): Promise<string | undefined> {
  if (!source) return undefined;
  const stat = source.kind === 'local' ? await fsp.stat(source.file).catch(() => undefined) : await source.host.stat(source.file).catch(() => undefined);
  return stat ? `${stat.mtimeMs}:${stat.size}` : undefined;
}

/**
 * Every visualization node holds the image just built (same sha256 at the deploy path): as the
 * node's checksum record vouches, which deploy wrote after verifying the bytes; hashed on the node
 * only where no record describes the file.
 */
async function verifyDeployed(deps: CommandDeps, project: Project, app: App, source: ImageSource): Promise<void> {
  const expected = await sourceChecksum(source, deps.images.checksums);
  for (const { spec, host } of deps.cluster.hostsOf(project.loaded.config).viz) {
    const deployed = await deployedImage(host, app.expectedImagePath).catch(() => undefined);
    const remote = deployed && (deployed.sha256 ?? (await remoteSha256(host, app.expectedImagePath).catch(() => undefined)));
    if (remote !== expected) throw new Error(`Update of ${app.id} stopped: ${spec.text} does not hold the new image at ${app.expectedImagePath} (see the deploy output).`);
  }
}

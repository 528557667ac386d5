// What the build, run and deploy commands act on, from whatever they were invoked with: an app
// in the Apps tree, a definition file (editor title, code lens), an image in the Images tree,
// or nothing (then the user picks).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { App } from '../../core/apps';
import { remoteBuildFolder } from '../../core/build';
import type { ImageSource } from '../../core/deploy';
import type { NamedHost } from '../../core/sessions';
import { hasConfigErrors, type Project } from '../config';
import { AppNode } from '../views/apps';
import type { CommandDeps } from './command';
import { appFromArgument } from './pickers';

/** The app whose definition file is `uri`, in whichever project holds it. */
export async function appOfDefinition(deps: CommandDeps, uri: vscode.Uri): Promise<{ app: App; project: Project }> {
  await deps.apps.refresh();
  const found = deps.apps.apps().find(({ app }) => app.definition && path.resolve(app.definition.file) === path.resolve(uri.fsPath));
  if (found) return found;
  const project = deps.projects.projectOf(uri);
  const folder = project ? path.relative(project.folder.uri.fsPath, project.loaded.config.paths.definitions) || '.' : 'the definitions folder';
  throw new Error(`${path.basename(uri.fsPath)} is not an app's definition file: apps are <id>.def files in ${folder}.`);
}

/** The app to build or deploy: a tree node, a definition file, or a pick. */
export async function appForImage(deps: CommandDeps, argument: unknown, filter: (app: App) => boolean): Promise<{ app: App; project: Project }> {
  let picked: { app: App; project: Project };
  if (argument instanceof vscode.Uri) picked = await appOfDefinition(deps, argument);
  else if (argument instanceof AppNode) picked = { app: argument.app, project: argument.project };
  else {
    const uri = argument === undefined ? vscode.window.activeTextEditor?.document.uri : undefined;
    picked = uri && uri.scheme === 'file' && uri.fsPath.endsWith('.def') ? await appOfDefinition(deps, uri).catch(() => appFromArgument(deps, undefined, filter)) : await appFromArgument(deps, undefined, filter);
  }
  if (hasConfigErrors(picked.project)) throw new Error(`Fix the errors in ${picked.project.folder.name}'s appframework.yaml first.`);
  return picked;
}

/** Where an app's built image is: this machine, or the build folder on a remote access host. */
export async function builtImageOf(deps: CommandDeps, app: App, access: NamedHost): Promise<ImageSource> {
  if (access.spec.kind === 'local') {
    if (!app.image) throw new Error(`${app.id} is not built yet: run "App Framework: Build Image" first.`);
    return { kind: 'local', file: app.image.file };
  }
  const file = path.posix.join(remoteBuildFolder(await deps.images.homes.of(access.host)), `${app.id}.sif`);
  return { kind: 'remote', host: access.host, file };
}

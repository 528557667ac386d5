import * as vscode from 'vscode';
import type { App } from '../../core/apps';
import type { Project } from '../config';
import { AppNode } from '../views/apps';
import { required, type CommandDeps } from './command';

/** The app a command acts on: the tree node it was invoked on, or one the user picks. */
export async function appFromArgument(deps: CommandDeps, argument: unknown, filter: (app: App) => boolean = () => true): Promise<{ app: App; project: Project }> {
  if (argument instanceof AppNode) return { app: argument.app, project: argument.project };
  await deps.apps.refresh();
  const candidates = deps.apps.apps().filter(({ app }) => filter(app));
  if (candidates.length === 0) throw new Error('No app has what this command needs; create one with "App Framework: New App..."');
  const multiRoot = deps.projects.projects.length > 1;
  const picked = await vscode.window.showQuickPick(
    candidates.map((candidate) => ({
      label: candidate.app.id,
      description: [candidate.app.registry?.name, multiRoot ? candidate.project.folder.name : undefined].filter(Boolean).join(' · '),
      candidate,
    })),
    { placeHolder: 'Choose an app' },
  );
  return required(picked).candidate;
}

/** The project (workspace folder) a command acts on: the one given, the only one, or a picked one. */
export async function projectFromArgument(deps: CommandDeps, argument: unknown): Promise<Project> {
  await deps.projects.ready;
  const projects = deps.projects.projects;
  if (argument instanceof vscode.Uri) {
    const project = deps.projects.projectOf(argument);
    if (project) return project;
  }
  if (argument instanceof AppNode) return argument.project;
  if (projects.length === 0) throw new Error('Open a folder first: App Framework works on the folder holding apptainer/ and slurm_jobs/');
  if (projects.length === 1) return projects[0];
  const picked = await vscode.window.showQuickPick(
    projects.map((project) => ({ label: project.folder.name, description: project.folder.uri.fsPath, project })),
    { placeHolder: 'Choose a workspace folder' },
  );
  return required(picked).project;
}

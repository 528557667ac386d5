import * as vscode from 'vscode';
import { loadApps, type App, type AppDeployment, type AppSession, type AppsSnapshot } from '../../../core/apps';
import type { Project, ProjectService } from '../../config';
import { editorFs } from '../../config';

/** A project's apps, or why they could not be read. */
export type ProjectApps =
  | { readonly kind: 'ok'; readonly project: Project; readonly snapshot: AppsSnapshot }
  | { readonly kind: 'error'; readonly project: Project; readonly message: string };

/** The latest joined apps of every project; refreshed by the scheduler, read by the tree and the commands. */
export class AppsStore implements vscode.Disposable {
  private current: readonly ProjectApps[] = [];
  private sessionSource: ((project: Project, appId: string) => readonly AppSession[] | undefined) | undefined;
  private deploymentSource: ((project: Project, appId: string) => readonly AppDeployment[] | undefined) | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly projects: ProjectService) {}

  get all(): readonly ProjectApps[] {
    return this.current;
  }

  /** Every app with its project, for pickers. */
  apps(): { app: App; project: Project }[] {
    return this.current.flatMap((entry) => (entry.kind === 'ok' ? entry.snapshot.apps.map((app) => ({ app, project: entry.project })) : []));
  }

  find(folder: vscode.Uri, id: string): { app: App; project: Project } | undefined {
    return this.apps().find((entry) => entry.project.folder.uri.toString() === folder.toString() && entry.app.id === id);
  }

  async refresh(): Promise<void> {
    await this.projects.ready;
    const loaded = await Promise.all(
      this.projects.projects.map(async (project): Promise<ProjectApps> => {
        try {
          return { kind: 'ok', project, snapshot: await loadApps(project.loaded.config, editorFs) };
        } catch (error) {
          return { kind: 'error', project, message: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    this.current = loaded.map((entry) => this.withSessions(entry));
    this.changed.fire();
  }

  /** Each app's sessions, from the Jobs view (which knows the queue); applied now and after every refresh. */
  setSessionSource(source: (project: Project, appId: string) => readonly AppSession[] | undefined): void {
    this.sessionSource = source;
    this.current = this.current.map((entry) => this.withSessions(entry));
    this.changed.fire();
  }

  /** Where each app is deployed, from the Images view (which lists the nodes); applied now and after every refresh. */
  setDeploymentSource(source: (project: Project, appId: string) => readonly AppDeployment[] | undefined): void {
    this.deploymentSource = source;
    this.current = this.current.map((entry) => this.withSessions(entry));
    this.changed.fire();
  }

  private withSessions(entry: ProjectApps): ProjectApps {
    const sessions = this.sessionSource;
    const deployments = this.deploymentSource;
    if ((!sessions && !deployments) || entry.kind !== 'ok') return entry;
    const apps = entry.snapshot.apps.map((app) => ({
      ...app,
      ...(sessions ? { sessions: sessions(entry.project, app.id) } : {}),
      ...(deployments ? { deployments: deployments(entry.project, app.id) } : {}),
    }));
    return { ...entry, snapshot: { ...entry.snapshot, apps } };
  }

  dispose(): void {
    this.changed.dispose();
  }
}

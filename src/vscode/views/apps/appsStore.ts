import * as vscode from 'vscode';
import { loadApps, type App, type AppsSnapshot } from '../../../core/apps';
import type { Project, ProjectService } from '../../config';
import { editorFs } from '../../config';

/** A project's apps, or why they could not be read. */
export type ProjectApps =
  | { readonly kind: 'ok'; readonly project: Project; readonly snapshot: AppsSnapshot }
  | { readonly kind: 'error'; readonly project: Project; readonly message: string };

/** The latest joined apps of every project; refreshed by the scheduler, read by the tree and the commands. */
export class AppsStore implements vscode.Disposable {
  private current: readonly ProjectApps[] = [];
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
    this.current = await Promise.all(
      this.projects.projects.map(async (project): Promise<ProjectApps> => {
        try {
          return { kind: 'ok', project, snapshot: await loadApps(project.loaded.config, editorFs) };
        } catch (error) {
          return { kind: 'error', project, message: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

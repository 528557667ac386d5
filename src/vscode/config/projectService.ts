import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, loadProjectConfig, type LoadedConfig } from '../../core/config';
import { nodeFs } from '../../core/apps';
import type { Ctx } from '../context';
import { PERSONAL_SETTINGS_SECTION, readPersonalSettings } from './personalSettings';

/** One App Framework project per workspace folder. */
export interface Project {
  readonly folder: vscode.WorkspaceFolder;
  readonly loaded: LoadedConfig;
}

export function hasConfigErrors(project: Project): boolean {
  return project.loaded.diagnostics.some((d) => d.severity === 'error');
}

/**
 * Loads appframework.yaml (or the defaults) for every workspace folder and re-reads it whenever
 * the file, the folders or the personal settings change.
 */
export class ProjectService implements vscode.Disposable {
  private readonly byFolder = new Map<string, Project>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watchers: vscode.Disposable[] = [];
  private loading: Promise<void> = Promise.resolve();
  /** Fires after any project's configuration was (re)loaded. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadAll()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(PERSONAL_SETTINGS_SECTION)) void this.reloadAll();
      }),
    );
    void this.reloadAll();
  }

  /** Resolves once the configurations requested so far are loaded. */
  get ready(): Promise<void> {
    return this.loading;
  }

  get projects(): readonly Project[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => this.byFolder.get(folder.uri.toString()) ?? []);
  }

  projectOf(uri: vscode.Uri): Project | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.byFolder.get(folder.uri.toString());
  }

  reloadAll(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
    for (const key of [...this.byFolder.keys()]) {
      if (!folders.some((folder) => folder.uri.toString() === key)) this.byFolder.delete(key);
    }
    this.watch(folders);
    return this.track(Promise.all(folders.map((folder) => this.load(folder))).then(() => this.announce()));
  }

  reload(folder: vscode.WorkspaceFolder): Promise<void> {
    return this.track(this.load(folder).then(() => this.announce()));
  }

  dispose(): void {
    for (const disposable of [...this.watchers, ...this.disposables]) disposable.dispose();
  }

  private track(work: Promise<void>): Promise<void> {
    this.loading = Promise.all([this.loading, work]).then(() => undefined);
    return work;
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<void> {
    try {
      const loaded = await loadProjectConfig(folder.uri.fsPath, nodeFs, readPersonalSettings(folder));
      this.byFolder.set(folder.uri.toString(), { folder, loaded });
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
      this.ctx.log.info(`${folder.name}: ${loaded.exists ? `${CONFIG_FILE_NAME} loaded${errors ? ` with ${errors} error(s)` : ''}` : 'no appframework.yaml, using the defaults'}`);
    } catch (error) {
      this.ctx.log.error(`${folder.name}: cannot read ${CONFIG_FILE_NAME}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private announce(): void {
    const projects = this.projects;
    void vscode.commands.executeCommand('setContext', 'appframework.hasConfig', projects.some((p) => p.loaded.exists));
    this.changed.fire();
  }

  private watch(folders: readonly vscode.WorkspaceFolder[]): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = folders.map((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, CONFIG_FILE_NAME));
      const reload = () => void this.reload(folder);
      watcher.onDidCreate(reload);
      watcher.onDidChange(reload);
      watcher.onDidDelete(reload);
      return watcher;
    });
  }
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Project } from '../../config';

/**
 * File watchers for everything an app is joined from: definitions, images, job templates, the
 * registry and the JOB_TEMPLATES file (which may live outside the workspace). No polling.
 */
export function watchAppSources(projects: readonly Project[], onChange: () => void): vscode.Disposable {
  const watchers: vscode.FileSystemWatcher[] = [];
  const watch = (folder: string, pattern: string) => {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), pattern));
    watcher.onDidCreate(onChange);
    watcher.onDidChange(onChange);
    watcher.onDidDelete(onChange);
    watchers.push(watcher);
  };
  for (const { loaded } of projects) {
    const { paths } = loaded.config;
    watch(paths.definitions, '*.def');
    watch(paths.images, '*.sif');
    watch(paths.jobTemplates, '*.sh');
    watch(path.dirname(paths.registry), path.basename(paths.registry));
    watch(path.dirname(paths.templateMap), path.basename(paths.templateMap));
    // Folders created or removed as a whole (a fresh checkout, a new slurm_jobs/).
    for (const folder of [paths.definitions, paths.jobTemplates]) watch(path.dirname(folder), path.basename(folder));
  }
  return vscode.Disposable.from(...watchers);
}

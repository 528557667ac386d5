import * as vscode from 'vscode';
import type { ProjectApps } from './appsStore';
import { AppNode } from './appNode';
import { MessageNode } from './messageNode';
import type { AppsTreeNode, TreeNodeBase } from './node';
import { ProblemNode } from './problemNode';
import { hasConfigErrors } from '../../config';

/** The apps of one project and the problems that belong to no single app. */
export function projectChildren(entry: ProjectApps): AppsTreeNode[] {
  const nodes: AppsTreeNode[] = [];
  if (hasConfigErrors(entry.project)) {
    const errors = entry.project.loaded.diagnostics.filter((d) => d.severity === 'error').length;
    nodes.push(new MessageNode(`appframework.yaml has ${errors} error(s)`, 'Invalid values fall back to the defaults.', {
      title: 'Open appframework.yaml', command: 'appframework.openConfig', arguments: [entry.project.folder.uri],
    }));
  }
  if (entry.kind === 'error') {
    nodes.push(new MessageNode(`Cannot read the apps: ${entry.message}`, 'Retry', { title: 'Retry', command: 'appframework.refreshApps' }));
    return nodes;
  }
  const apps = entry.snapshot.apps.map((app) => new AppNode(entry.project, app));
  // With no apps the welcome view says what to do; problems of missing files would only repeat it.
  if (apps.length === 0) return nodes;
  return [...nodes, ...apps, ...entry.snapshot.problems.map((problem) => new ProblemNode(problem))];
}

/** A workspace folder, shown only in multi-root workspaces. */
export class FolderNode implements TreeNodeBase {
  readonly kind = 'folder';

  constructor(readonly entry: ProjectApps) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.entry.project.folder.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `folder:${this.entry.project.folder.uri.toString()}`;
    item.iconPath = vscode.ThemeIcon.Folder;
    item.resourceUri = this.entry.project.folder.uri;
    item.contextValue = 'projectFolder';
    const count = this.entry.kind === 'ok' ? this.entry.snapshot.apps.length : 0;
    item.description = `${count} app${count === 1 ? '' : 's'}${this.entry.project.loaded.exists ? '' : ' · defaults'}`;
    return item;
  }

  children(): AppsTreeNode[] {
    return projectChildren(this.entry);
  }
}

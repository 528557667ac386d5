import * as vscode from 'vscode';
import type { AppsStore } from './appsStore';
import { FolderNode, projectChildren } from './folderNode';
import { MessageNode } from './messageNode';
import type { AppsTreeNode } from './node';

/** Shows the store; it never loads anything itself (the refresh scheduler does) and never notifies. */
export class AppsTreeProvider implements vscode.TreeDataProvider<AppsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AppsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: AppsStore) {
    this.subscription = store.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: AppsTreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  getChildren(node?: AppsTreeNode): AppsTreeNode[] {
    try {
      if (node) return node.children();
      const projects = this.store.all;
      if (projects.length === 1) return projectChildren(projects[0]);
      return projects.map((entry) => new FolderNode(entry));
    } catch (error) {
      // Errors become items in the tree, never pop-ups.
      return [new MessageNode(`Cannot show the apps: ${error instanceof Error ? error.message : String(error)}`, 'Retry', { title: 'Retry', command: 'appframework.refreshApps' })];
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

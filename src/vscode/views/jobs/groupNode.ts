import * as vscode from 'vscode';
import type { JobNode } from './jobNode';
import type { JobsNodeBase, JobsTreeNode } from './node';

/** "App sessions" or "Other jobs". */
export class GroupNode implements JobsNodeBase {
  readonly kind = 'group';

  constructor(
    readonly id: string,
    readonly label: string,
    readonly jobs: readonly JobNode[],
    readonly icon: string,
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, this.jobs.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = String(this.jobs.length);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'jobGroup';
    return item;
  }

  children(): JobsTreeNode[] {
    return [...this.jobs];
  }
}

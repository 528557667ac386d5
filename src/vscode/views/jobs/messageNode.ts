import * as vscode from 'vscode';
import type { JobsNodeBase, JobsTreeNode } from './node';

/** An error or notice in the tree (never a notification), with a command to act on it. */
export class JobsMessageNode implements JobsNodeBase {
  readonly kind = 'message';

  constructor(
    readonly message: string,
    readonly detail?: string,
    readonly command?: vscode.Command,
    readonly icon: vscode.ThemeIcon = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.iconPath = this.icon;
    item.contextValue = 'jobsMessage';
    if (this.detail) item.description = this.detail;
    if (this.command) item.command = this.command;
    item.tooltip = [this.message, this.detail].filter(Boolean).join('\n');
    return item;
  }

  children(): JobsTreeNode[] {
    return [];
  }
}

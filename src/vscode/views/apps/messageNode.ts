import * as vscode from 'vscode';
import { WARNING_ICON, type AppsTreeNode, type TreeNodeBase } from './node';

/** An error or notice shown in the tree instead of a notification, with a command to act on it. */
export class MessageNode implements TreeNodeBase {
  readonly kind = 'message';

  constructor(
    readonly message: string,
    readonly detail?: string,
    readonly command?: vscode.Command,
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.iconPath = WARNING_ICON;
    item.contextValue = 'message';
    if (this.detail) item.description = this.detail;
    if (this.command) item.command = this.command;
    item.tooltip = [this.message, this.detail].filter(Boolean).join('\n');
    return item;
  }

  children(): AppsTreeNode[] {
    return [];
  }
}

import * as vscode from 'vscode';
import type { ImagesNodeBase, ImagesTreeNode } from './node';

/** A notice or error shown in the tree (never a pop-up), optionally with a command such as Retry. */
export class ImagesMessageNode implements ImagesNodeBase {
  readonly kind = 'message';

  constructor(
    readonly message: string,
    readonly options: { readonly detail?: string; readonly command?: vscode.Command; readonly icon?: vscode.ThemeIcon; readonly contextValue?: string } = {},
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.iconPath = this.options.icon ?? new vscode.ThemeIcon('info');
    item.contextValue = this.options.contextValue ?? 'imagesMessage';
    if (this.options.detail) item.description = this.options.detail;
    if (this.options.command) item.command = this.options.command;
    item.tooltip = [this.message, this.options.detail].filter(Boolean).join('\n');
    return item;
  }

  children(): ImagesTreeNode[] {
    return [];
  }
}

import * as vscode from 'vscode';
import type { FileDiagnostic } from '../../../core/apps';
import { WARNING_ICON, openAt, type AppsTreeNode, type TreeNodeBase } from './node';

/** Something missing or inconsistent; opens the place in the file when there is one. */
export class ProblemNode implements TreeNodeBase {
  readonly kind = 'problem';

  constructor(
    readonly message: string,
    readonly where?: FileDiagnostic,
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.iconPath = this.where?.severity === 'error' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')) : WARNING_ICON;
    item.tooltip = this.message;
    item.contextValue = 'problem';
    if (this.where) item.command = openAt(this.where.file, this.where.range.start.line, this.where.range.start.character);
    return item;
  }

  children(): AppsTreeNode[] {
    return [];
  }
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AppDefinition } from '../../../core/apps';
import type { Project } from '../../config';
import { formatTime, openAt, type AppsTreeNode, type TreeNodeBase } from './node';

export class DefinitionNode implements TreeNodeBase {
  readonly kind = 'definition';

  constructor(
    readonly project: Project,
    readonly definition: AppDefinition,
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Definition', vscode.TreeItemCollapsibleState.None);
    item.description = path.relative(this.project.folder.uri.fsPath, this.definition.file);
    item.tooltip = `${this.definition.file}\nChanged ${formatTime(this.definition.mtimeMs)}`;
    item.iconPath = new vscode.ThemeIcon('file-code');
    item.resourceUri = vscode.Uri.file(this.definition.file);
    item.contextValue = 'definitionFile';
    item.command = openAt(this.definition.file);
    return item;
  }

  children(): AppsTreeNode[] {
    return [];
  }
}

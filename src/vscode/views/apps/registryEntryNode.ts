import * as path from 'node:path';
import * as vscode from 'vscode';
import type { App } from '../../../core/apps';
import { openAt, type AppsTreeNode, type TreeNodeBase } from './node';

export class RegistryEntryNode implements TreeNodeBase {
  readonly kind = 'registryEntry';

  constructor(readonly entry: NonNullable<App['registry']>) {}

  treeItem(): vscode.TreeItem {
    const { entry } = this;
    const line = entry.range.start.line;
    const item = new vscode.TreeItem('Registry entry', vscode.TreeItemCollapsibleState.None);
    item.description = `${path.basename(entry.file)}:${line + 1}`;
    const resources = entry.resources ? `\n${entry.resources.cpus ?? '?'} CPUs, ${entry.resources.memory ?? '?'}, partition ${entry.resources.partition ?? '?'}` : '';
    item.tooltip = `${entry.file}:${line + 1}\n${entry.name ?? entry.id}${resources}`;
    item.iconPath = new vscode.ThemeIcon('json');
    item.contextValue = 'registryEntry';
    item.command = openAt(entry.file, line, entry.range.start.character);
    return item;
  }

  children(): AppsTreeNode[] {
    return [];
  }
}

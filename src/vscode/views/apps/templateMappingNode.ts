import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AppTemplateMapping } from '../../../core/apps';
import { openAt, type AppsTreeNode, type TreeNodeBase } from './node';

/** The app's line in the backend's JOB_TEMPLATES dict. */
export class TemplateMappingNode implements TreeNodeBase {
  readonly kind = 'templateMapping';

  constructor(readonly mapping: AppTemplateMapping) {}

  treeItem(): vscode.TreeItem {
    const { mapping } = this;
    const line = mapping.range.start.line;
    const item = new vscode.TreeItem('JOB_TEMPLATES entry', vscode.TreeItemCollapsibleState.None);
    item.description = `${path.basename(mapping.file)}:${line + 1}${mapping.template ? ` → ${mapping.template}` : ''}`;
    item.tooltip = `${mapping.file}:${line + 1}`;
    item.iconPath = new vscode.ThemeIcon('symbol-key');
    item.contextValue = 'templateMapping';
    item.command = openAt(mapping.file, line, mapping.range.start.character);
    return item;
  }

  children(): AppsTreeNode[] {
    return [];
  }
}

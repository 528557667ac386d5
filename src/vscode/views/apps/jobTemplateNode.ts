import * as path from 'node:path';
import * as vscode from 'vscode';
import type { App, AppJobTemplate } from '../../../core/apps';
import type { Project } from '../../config';
import { WARNING_ICON, openAt, type AppsTreeNode, type TreeNodeBase } from './node';

export class JobTemplateNode implements TreeNodeBase {
  readonly kind = 'jobTemplate';

  constructor(
    readonly project: Project,
    readonly app: App,
    readonly template: AppJobTemplate,
  ) {}

  treeItem(): vscode.TreeItem {
    const { template } = this;
    const item = new vscode.TreeItem('Job template', vscode.TreeItemCollapsibleState.None);
    const relative = path.relative(this.project.folder.uri.fsPath, template.file);
    if (!template.exists) {
      item.description = `${relative} (missing)`;
      item.iconPath = WARNING_ICON;
      item.contextValue = 'missingJobTemplate';
      return item;
    }
    const wrongImage = template.imagePath !== undefined && template.imagePath.value !== this.app.expectedImagePath;
    item.description = relative;
    item.iconPath = wrongImage ? WARNING_ICON : new vscode.ThemeIcon('server-process');
    item.tooltip = `${template.file}${template.imagePath ? `\nRuns ${template.imagePath.value}` : ''}${wrongImage ? `\nExpected ${this.app.expectedImagePath}` : ''}`;
    item.resourceUri = vscode.Uri.file(template.file);
    item.contextValue = 'jobTemplateFile';
    // Open where the image is named when that is what is wrong.
    const at = wrongImage ? template.imagePath!.range.start : { line: 0, character: 0 };
    item.command = openAt(template.file, at.line, at.character);
    return item;
  }

  children(): AppsTreeNode[] {
    return [];
  }
}

import * as vscode from 'vscode';
import type { Project } from '../../config';
import type { NodeEntry } from './imagesStore';
import type { ImagesNodeBase, ImagesTreeNode } from './node';
import { VizNodeNode } from './vizNodeNode';

/** A workspace folder, shown only when several are open. */
export class ProjectImagesNode implements ImagesNodeBase {
  readonly kind = 'project';

  constructor(
    readonly project: Project,
    readonly entries: readonly NodeEntry[],
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.project.folder.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `imagesProject:${this.project.folder.uri.toString()}`;
    item.iconPath = vscode.ThemeIcon.Folder;
    item.contextValue = 'imagesProject';
    return item;
  }

  children(): ImagesTreeNode[] {
    return this.entries.map((entry) => new VizNodeNode(entry));
  }
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { App } from '../../../core/apps';
import type { Project } from '../../config';
import { formatSize, formatTime, type AppsTreeNode, type TreeNodeBase } from './node';

/** The local build: size and build time, or "not built". */
export class ImageNode implements TreeNodeBase {
  readonly kind = 'image';

  constructor(
    readonly project: Project,
    readonly app: App,
  ) {}

  treeItem(): vscode.TreeItem {
    const { image, imageState } = this.app;
    const item = new vscode.TreeItem('Image', vscode.TreeItemCollapsibleState.None);
    if (!image) {
      item.description = 'not built';
      item.iconPath = new vscode.ThemeIcon('circle-large-outline');
      item.contextValue = 'missingImage';
      item.tooltip = `No ${this.app.id}.sif in ${path.relative(this.project.folder.uri.fsPath, this.project.loaded.config.paths.images) || 'the workspace folder'}`;
      return item;
    }
    const stale = imageState === 'stale';
    item.description = `${formatSize(image.size)} · ${formatTime(image.mtimeMs)}${stale ? ' · stale' : ''}`;
    item.iconPath = stale ? new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('package');
    item.tooltip = `${image.file}\n${formatSize(image.size)}, built ${formatTime(image.mtimeMs)}${stale ? '\nOlder than the definition: rebuild it.' : ''}`;
    item.resourceUri = vscode.Uri.file(image.file);
    item.contextValue = stale ? 'staleImageFile' : 'imageFile';
    return item;
  }

  children(): AppsTreeNode[] {
    return [];
  }
}

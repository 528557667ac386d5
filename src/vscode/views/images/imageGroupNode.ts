import * as vscode from 'vscode';
import type { DeployedImage } from '../../../core/images';
import { DeployedImageNode } from './deployedImageNode';
import type { NodeEntry } from './imagesStore';
import { ImagesMessageNode } from './messageNode';
import type { ImagesNodeBase, ImagesTreeNode } from './node';

/** "VNC images" or "App images" of one node, with the folder they live in. */
export class ImageGroupNode implements ImagesNodeBase {
  readonly kind = 'group';

  constructor(
    readonly entry: NodeEntry,
    readonly group: 'vnc' | 'app',
    readonly folder: string,
    readonly images: readonly DeployedImage[],
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.group === 'vnc' ? 'VNC images' : 'App images', vscode.TreeItemCollapsibleState.Expanded);
    item.id = `group:${this.entry.project.folder.uri.toString()}:${this.entry.label}:${this.group}`;
    item.description = `${this.folder} · ${this.images.length}`;
    item.iconPath = new vscode.ThemeIcon(this.group === 'vnc' ? 'device-desktop' : 'folder-library');
    item.contextValue = `imageGroup.${this.group}`;
    return item;
  }

  children(): ImagesTreeNode[] {
    if (this.images.length === 0) {
      const state = this.entry.images.kind === 'ok' ? this.entry.images.folders[this.folder] : undefined;
      const why = state === 'missing' ? `${this.folder} does not exist` : state === 'unreadable' ? `${this.folder} cannot be read` : 'no images';
      return [new ImagesMessageNode(why)];
    }
    return this.images.map((image) => new DeployedImageNode(this.entry, image));
  }
}

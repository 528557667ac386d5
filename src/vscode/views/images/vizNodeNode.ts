import * as vscode from 'vscode';
import { ImageGroupNode } from './imageGroupNode';
import type { NodeEntry } from './imagesStore';
import { ImagesMessageNode } from './messageNode';
import type { ImagesNodeBase, ImagesTreeNode } from './node';

const RETRY: vscode.Command = { title: 'Retry', command: 'appframework.refreshImages' };

/** One visualization node: its VNC and app images, or why they could not be listed (with Retry). */
export class VizNodeNode implements ImagesNodeBase {
  readonly kind = 'vizNode';

  constructor(readonly entry: NodeEntry) {}

  treeItem(): vscode.TreeItem {
    const { images } = this.entry;
    const item = new vscode.TreeItem(this.entry.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `vizNode:${this.entry.project.folder.uri.toString()}:${this.entry.label}`;
    if (images.kind === 'ok') {
      const app = images.images.filter((i) => i.kind === 'app').length;
      const vnc = images.images.length - app;
      item.description = `${app} app image${app === 1 ? '' : 's'} · ${vnc} VNC image${vnc === 1 ? '' : 's'}${images.apptainer ? '' : ' · no apptainer'}`;
      item.iconPath = new vscode.ThemeIcon('server');
      item.contextValue = 'vizNode';
    } else {
      item.description = images.kind === 'unreachable' ? 'unreachable' : 'listing failed';
      item.iconPath = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.contextValue = 'vizNodeUnreachable';
      item.tooltip = images.message;
    }
    return item;
  }

  children(): ImagesTreeNode[] {
    const { images, project } = this.entry;
    if (images.kind !== 'ok') {
      return [
        new ImagesMessageNode(images.message, { icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) }),
        new ImagesMessageNode('Retry', { command: RETRY, icon: new vscode.ThemeIcon('refresh'), contextValue: 'imagesRetry' }),
      ];
    }
    const { deploy } = project.loaded.config;
    return [
      new ImageGroupNode(this.entry, 'app', deploy.root, images.images.filter((i) => i.kind === 'app')),
      new ImageGroupNode(this.entry, 'vnc', deploy.vncImages, images.images.filter((i) => i.kind === 'vnc')),
    ];
  }
}

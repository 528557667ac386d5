import * as vscode from 'vscode';
import type { ImagesStore } from './imagesStore';
import { ImagesMessageNode } from './messageNode';
import type { ImagesTreeNode } from './node';
import { ProjectImagesNode } from './projectNode';
import { VizNodeNode } from './vizNodeNode';

/** Shows the store; it never loads anything itself (the refresh scheduler does) and never notifies. */
export class ImagesTreeProvider implements vscode.TreeDataProvider<ImagesTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ImagesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ImagesStore) {
    this.subscription = store.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: ImagesTreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  getChildren(node?: ImagesTreeNode): ImagesTreeNode[] {
    try {
      if (node) return node.children();
      if (!this.store.loaded) return [new ImagesMessageNode('Listing the images on the viz nodes...', { icon: new vscode.ThemeIcon('loading~spin') })];
      const entries = this.store.entries;
      const projects = [...new Set(entries.map((e) => e.project))];
      if (projects.length > 1) return projects.map((project) => new ProjectImagesNode(project, entries.filter((e) => e.project === project)));
      // Empty: the view's welcome text explains what it shows.
      return entries.map((entry) => new VizNodeNode(entry));
    } catch (error) {
      return [new ImagesMessageNode(`Cannot show the images: ${error instanceof Error ? error.message : String(error)}`, { detail: 'Retry', command: { title: 'Retry', command: 'appframework.refreshImages' } })];
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

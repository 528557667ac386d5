import * as vscode from 'vscode';
import { HostNode, hostChildren } from './hostNode';
import type { JobsStore } from './jobsStore';
import type { JobsTreeNode } from './node';

export class JobsTreeProvider implements vscode.TreeDataProvider<JobsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: JobsStore) {
    this.subscription = store.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: JobsTreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  getChildren(node?: JobsTreeNode): JobsTreeNode[] {
    if (node) return node.children();
    const hosts = this.store.all;
    if (hosts.length === 1) return hostChildren(hosts[0]);
    // No jobs anywhere and no errors: the view's welcome text says what it shows.
    if (hosts.every((hostJobs) => hostJobs.entries.length === 0 && !hostJobs.error)) return [];
    return hosts.map((hostJobs) => new HostNode(hostJobs));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

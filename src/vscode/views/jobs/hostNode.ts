import * as vscode from 'vscode';
import { GroupNode } from './groupNode';
import { JobNode } from './jobNode';
import type { HostJobs } from './jobsStore';
import { JobsMessageNode } from './messageNode';
import type { JobsNodeBase, JobsTreeNode } from './node';

/** One access host's jobs (a level of its own only when projects submit to several hosts). */
export class HostNode implements JobsNodeBase {
  readonly kind = 'host';

  constructor(readonly hostJobs: HostJobs) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.hostJobs.host, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `host:${this.hostJobs.host}`;
    item.iconPath = new vscode.ThemeIcon(this.hostJobs.error ? 'warning' : 'server');
    item.description = this.hostJobs.user ? `jobs of ${this.hostJobs.user}` : 'all users';
    item.contextValue = 'jobsHost';
    return item;
  }

  children(): JobsTreeNode[] {
    return hostChildren(this.hostJobs);
  }
}

/** The error of the last refresh (if any), then the two groups. */
export function hostChildren(hostJobs: HostJobs): JobsTreeNode[] {
  const nodes: JobsTreeNode[] = [];
  if (hostJobs.error) {
    nodes.push(new JobsMessageNode(`Cannot list jobs on ${hostJobs.host}`, hostJobs.error, { title: 'Retry', command: 'appframework.refreshJobs' }));
  }
  const jobs = hostJobs.entries.map((entry) => new JobNode(hostJobs, entry, hostJobs.me));
  const sessions = jobs.filter((node) => node.entry.kind === 'session');
  const others = jobs.filter((node) => node.entry.kind === 'other');
  if (jobs.length === 0 && !hostJobs.error) return [];
  nodes.push(new GroupNode(`sessions:${hostJobs.host}`, 'App sessions', sessions, 'device-desktop'));
  if (others.length > 0) nodes.push(new GroupNode(`others:${hostJobs.host}`, 'Other jobs', others, 'server-process'));
  return nodes;
}

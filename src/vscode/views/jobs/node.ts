// The Jobs tree's nodes: a discriminated union, one class per file.
import type * as vscode from 'vscode';
import type { GroupNode } from './groupNode';
import type { HostNode } from './hostNode';
import type { JobNode } from './jobNode';
import type { JobsMessageNode } from './messageNode';

export type JobsTreeNode = HostNode | GroupNode | JobNode | JobsMessageNode;

export interface JobsNodeBase {
  readonly kind: JobsTreeNode['kind'];
  treeItem(): vscode.TreeItem;
  children(): JobsTreeNode[];
}

// The Images tree's nodes: a discriminated union, one class per file.
import type * as vscode from 'vscode';
import type { DeployedImageNode } from './deployedImageNode';
import type { ImageGroupNode } from './imageGroupNode';
import type { ImagesMessageNode } from './messageNode';
import type { ProjectImagesNode } from './projectNode';
import type { VizNodeNode } from './vizNodeNode';

export type ImagesTreeNode = ProjectImagesNode | VizNodeNode | ImageGroupNode | DeployedImageNode | ImagesMessageNode;

export interface ImagesNodeBase {
  readonly kind: ImagesTreeNode['kind'];
  treeItem(): vscode.TreeItem;
  children(): ImagesTreeNode[];
}

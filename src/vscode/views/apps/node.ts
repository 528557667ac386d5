// The Apps tree's nodes: a discriminated union, one class per file.
import * as vscode from 'vscode';
import type { AppNode } from './appNode';
import type { DefinitionNode } from './definitionNode';
import type { FolderNode } from './folderNode';
import type { ImageNode } from './imageNode';
import type { JobTemplateNode } from './jobTemplateNode';
import type { MessageNode } from './messageNode';
import type { ProblemNode } from './problemNode';
import type { RegistryEntryNode } from './registryEntryNode';
import type { TemplateMappingNode } from './templateMappingNode';

export type AppsTreeNode =
  | FolderNode
  | AppNode
  | DefinitionNode
  | ImageNode
  | JobTemplateNode
  | RegistryEntryNode
  | TemplateMappingNode
  | ProblemNode
  | MessageNode;

export interface TreeNodeBase {
  readonly kind: AppsTreeNode['kind'];
  treeItem(): vscode.TreeItem;
  children(): AppsTreeNode[];
}

/** A click that opens a file with the cursor on a 0-based line. */
export function openAt(file: string, line = 0, character = 0): vscode.Command {
  const position = new vscode.Position(line, character);
  return {
    title: 'Open',
    command: 'vscode.open',
    arguments: [vscode.Uri.file(file), { selection: new vscode.Range(position, position), preview: true } satisfies vscode.TextDocumentShowOptions],
  };
}

/** Sizes read the same in every view: binary units, as ls -lh prints them. */
export { formatSize } from '../../../core/deploy/format';

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString();
}

export const WARNING_ICON = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));

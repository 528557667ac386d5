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

export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString();
}

export const WARNING_ICON = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));

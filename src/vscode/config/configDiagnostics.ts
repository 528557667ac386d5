import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, parseConfig } from '../../core/config';
import type { Ctx } from '../context';
import { readPersonalSettings } from './personalSettings';
import type { ProjectService } from './projectService';
import { toDiagnostic } from './toDiagnostic';

const TYPING_DELAY_MS = 300;

function isProjectConfig(document: vscode.TextDocument): vscode.WorkspaceFolder | undefined {
  if (document.uri.scheme !== 'file' || path.basename(document.uri.fsPath) !== CONFIG_FILE_NAME) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return folder && path.dirname(document.uri.fsPath) === folder.uri.fsPath ? folder : undefined;
}

/**
 * Problems in appframework.yaml, in the editor: from the text being typed while the file is open,
 * from the file on disk otherwise.
 */
export function registerConfigDiagnostics(ctx: Ctx, projects: ProjectService): void {
  const collection = ctx.own(vscode.languages.createDiagnosticCollection('appframework.config'));
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const fromText = (document: vscode.TextDocument) => {
    const folder = isProjectConfig(document);
    if (!folder) return;
    const { diagnostics } = parseConfig(document.getText(), folder.uri.fsPath, readPersonalSettings(folder), document.uri.fsPath);
    collection.set(document.uri, diagnostics.map(toDiagnostic));
  };
  const fromDisk = () => {
    collection.clear();
    for (const project of projects.projects) {
      if (!project.loaded.exists) continue;
      const uri = vscode.Uri.file(project.loaded.file);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open) fromText(open);
      else collection.set(uri, project.loaded.diagnostics.map(toDiagnostic));
    }
  };

  ctx.own(projects.onDidChange(fromDisk));
  ctx.own(vscode.workspace.onDidOpenTextDocument(fromText));
  ctx.own(
    vscode.workspace.onDidChangeTextDocument(({ document }) => {
      if (!isProjectConfig(document)) return;
      const key = document.uri.toString();
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => {
        timers.delete(key);
        fromText(document);
      }, TYPING_DELAY_MS));
    }),
  );
  ctx.own(vscode.workspace.onDidCloseTextDocument(() => fromDisk()));
  ctx.own({ dispose: () => timers.forEach((timer) => clearTimeout(timer)) });
  for (const document of vscode.workspace.textDocuments) fromText(document);
}

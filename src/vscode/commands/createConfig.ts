import * as vscode from 'vscode';
import { renderConfigTemplate } from '../../core/config';
import type { CommandDefinition } from './command';
import { openFileAt } from './openFile';
import { projectFromArgument } from './pickers';

/** Writes appframework.yaml with the defaults spelled out (one undoable edit), or opens the existing one. */
export const createConfig: CommandDefinition = {
  id: 'appframework.createConfig',
  async run(deps, argument) {
    const project = await projectFromArgument(deps, argument);
    if (!project.loaded.exists) {
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(vscode.Uri.file(project.loaded.file), { contents: Buffer.from(renderConfigTemplate(), 'utf8') });
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not create ${project.loaded.file}`);
      await deps.projects.reload(project.folder);
    }
    await openFileAt(project.loaded.file);
  },
};

import * as vscode from 'vscode';
import type { CommandDefinition } from './command';
import { createConfig } from './createConfig';
import { openFileAt } from './openFile';
import { projectFromArgument } from './pickers';

export const openConfig: CommandDefinition = {
  id: 'appframework.openConfig',
  async run(deps, argument) {
    const project = await projectFromArgument(deps, argument);
    if (project.loaded.exists) {
      const first = project.loaded.diagnostics.find((d) => d.severity === 'error')?.range.start;
      await openFileAt(project.loaded.file, first?.line, first?.character);
      return;
    }
    const choice = await vscode.window.showInformationMessage(
      `${project.folder.name} has no appframework.yaml: the defaults apply (seed layout, everything on this machine).`,
      'Create appframework.yaml',
    );
    if (choice) await createConfig.run(deps, project.folder.uri);
  },
};

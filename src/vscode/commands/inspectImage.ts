// `Inspect Image` (Images tree): `apptainer inspect --json --all` on the node, shown as a
// read-only document (labels, run and start scripts, environment, definition file).
import * as vscode from 'vscode';
import { formatInspection, inspectArgv, parseInspect } from '../../core/build';
import { DeployedImageNode } from '../views/images';
import type { CommandDefinition } from './command';

export const inspectImage: CommandDefinition = {
  id: 'appframework.inspectImage',
  async run(_deps, argument) {
    if (!(argument instanceof DeployedImageNode)) throw new Error('Choose an image in the Images view.');
    const { image, entry } = argument;
    if (entry.images.kind === 'ok' && !entry.images.apptainer) throw new Error(`Apptainer is not installed on ${entry.label} (or not on its PATH), so its images cannot be inspected there.`);
    const inspection = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Inspecting ${image.name} on ${entry.label}`, cancellable: true },
      async (_progress, token) => {
        const result = await entry.host.exec(inspectArgv(image.path), { token, timeoutMs: 120_000 });
        if (result.exitCode !== 0) throw new Error(`apptainer inspect on ${entry.label} failed: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.exitCode}`}`);
        return parseInspect(result.stdout);
      },
    );
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: formatInspection(image.path, entry.label, inspection) });
    await vscode.window.showTextDocument(document, { preview: true });
  },
};

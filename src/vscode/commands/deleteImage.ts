// `Delete Image` (Images tree): removes an image and its checksum record from a node, after a
// confirmation. Running sessions keep the file they have open until they end.
import * as vscode from 'vscode';
import { DELETE, scriptArgv } from '../../core/deploy';
import { isHostError } from '../../core/hosts';
import { DeployedImageNode } from '../views/images';
import type { CommandDefinition } from './command';

export const deleteImage: CommandDefinition = {
  id: 'appframework.deleteImage',
  async run(_deps, argument) {
    if (!(argument instanceof DeployedImageNode)) throw new Error('Choose the image to delete in the Images view.');
    const { image, entry } = argument;
    const remove = 'Delete';
    const answer = await vscode.window.showWarningMessage(
      `Delete ${image.path} on ${entry.label}?`,
      { modal: true, detail: `${image.kind === 'app' ? `Sessions of ${image.appId} cannot start on ${entry.label} until it is deployed again. ` : ''}Running sessions keep their open copy until they end.` },
      remove,
    );
    if (answer !== remove) return;
    const argv = scriptArgv(DELETE, [image.path, image.kind]);
    const { sudo } = entry.project.loaded.config.deploy;
    const run = (withSudo: boolean) => entry.host.exec(argv, { sudo: withSudo });
    let result = await run(sudo === true);
    // deploy.sudo auto: as the user first, with sudo where the folder is root's.
    if (result.exitCode !== 0 && sudo === 'auto' && /Permission denied|Operation not permitted/.test(result.stderr)) {
      result = await run(true).catch((error: unknown) => {
        if (isHostError(error) && error.kind === 'permission-denied') throw new Error(`Deleting ${image.path} on ${entry.label} needs root, and sudo there asks for a password.`);
        throw error;
      });
    }
    if (result.exitCode !== 0) throw new Error(`Deleting ${image.path} on ${entry.label} failed: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.exitCode}`}`);
    void vscode.window.showInformationMessage(`Deleted ${image.path} on ${entry.label}.`);
  },
};

import * as vscode from 'vscode';
import { DeployedImageNode } from '../views/images';
import type { CommandDefinition } from './command';

/** `Copy Path` (Images tree): the image's path on the node, e.g. for a job template. */
export const copyImagePath: CommandDefinition = {
  id: 'appframework.copyImagePath',
  async run(_deps, argument) {
    if (!(argument instanceof DeployedImageNode)) throw new Error('Choose an image in the Images view.');
    await vscode.env.clipboard.writeText(argument.image.path);
    vscode.window.setStatusBarMessage(`Copied ${argument.image.path}`, 3000);
  },
};

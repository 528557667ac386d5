// `App Framework: Open Shell in Sandbox`: an interactive `apptainer shell --writable` in the
// app's sandbox build, in a terminal (over `ssh -t` when builds run on a remote access host).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { imageFileOf } from '../../core/apps';
import { remoteBuildFolder, sandboxPathOf, sandboxShell } from '../../core/build';
import { shellJoin } from '../../core/hosts';
import { sshTarget } from '../../core/sessions';
import type { CommandDefinition } from './command';
import { appForImage } from './imageArguments';

export const openSandboxShell: CommandDefinition = {
  id: 'appframework.openSandboxShell',
  async run(deps, argument) {
    const { app, project } = await appForImage(deps, argument, (a) => a.definition !== undefined);
    const config = project.loaded.config;
    const access = deps.cluster.hostsOf(config).access;
    const remote = access.spec.kind !== 'local';
    const image = remote ? path.posix.join(remoteBuildFolder(await deps.images.homes.of(access.host)), `${app.id}.sif`) : imageFileOf(config, app.id);
    const sandbox = sandboxPathOf(image);
    const stat = await access.host.stat(sandbox);
    if (stat?.type !== 'directory') throw new Error(`${app.id} has no sandbox build at ${sandbox}: run "App Framework: Build Sandbox Image" first.`);
    const { argv, sudo } = sandboxShell(config, sandbox);
    const command = [...(sudo ? ['sudo', '--'] : []), ...argv];
    // A real terminal: sudo may ask for a password here, and the shell is interactive.
    const terminal =
      access.spec.kind === 'local'
        ? vscode.window.createTerminal({ name: `${app.id} sandbox`, shellPath: command[0], shellArgs: command.slice(1), cwd: config.root })
        : vscode.window.createTerminal({ name: `${app.id} sandbox (${access.spec.text})`, shellPath: 'ssh', shellArgs: ['-t', '--', sshTarget(access.spec), shellJoin(command)] });
    terminal.show();
  },
};

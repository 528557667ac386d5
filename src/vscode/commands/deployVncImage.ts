// `App Framework: Deploy VNC Image...`: a general VNC desktop image (a .sif file the user picks)
// into the VNC images folder of the viz nodes (the seed's option C), verified and atomic.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { vncTarget } from '../../core/deploy';
import { required, type CommandDefinition } from './command';
import { deployNodes, deploySettings } from './deploy';
import { deployWithProgress } from './deployProgress';
import { projectFromArgument } from './pickers';

export const deployVncImage: CommandDefinition = {
  id: 'appframework.deployVncImage',
  async run(deps, argument) {
    const file =
      argument instanceof vscode.Uri && argument.fsPath.endsWith('.sif')
        ? argument
        : required(
            (
              await vscode.window.showOpenDialog({
                title: 'Deploy a general VNC image to the visualization nodes',
                openLabel: 'Deploy',
                canSelectMany: false,
                filters: { 'Apptainer images': ['sif'] },
              })
            )?.[0],
          );
    const project = await projectFromArgument(deps, argument instanceof vscode.Uri ? argument : undefined);
    const config = project.loaded.config;
    const hosts = deps.cluster.hostsOf(config);
    if (hosts.viz.length === 0) throw new Error('No visualization nodes are configured: list them under hosts.viz in appframework.yaml.');
    const target = vncTarget(config.deploy.vncImages, path.basename(file.fsPath));
    const confirm = 'Deploy';
    const answer = await vscode.window.showInformationMessage(
      `Deploy ${path.basename(file.fsPath)} to ${target.path} on ${hosts.viz.map((n) => n.spec.text).join(', ')}?`,
      { modal: true, detail: 'General VNC images are whole desktops shared by every user of the nodes. An image of the same name there is replaced (sessions using it keep their copy).' },
      confirm,
    );
    if (answer !== confirm) return;
    // The file is on this machine: it goes from here even when builds run on a remote access host.
    await deployWithProgress(deps, `Deploying ${path.basename(file.fsPath)}`, {
      source: { kind: 'local', file: file.fsPath },
      target,
      nodes: deployNodes({ ...hosts, access: { ...hosts.access, spec: { kind: 'local', text: 'local' } } }, hosts.viz),
      settings: deploySettings(config),
      checksums: deps.images.checksums,
    });
  },
};

// `App Framework: Deploy Image`: the app's built image to every configured viz node (or the ones
// picked, or the one its Images tree item is on), verified and installed atomically.
import * as vscode from 'vscode';
import type { ProjectConfig } from '../../core/config';
import { appTarget, relayDestination, type DeployNode, type DeploySettings } from '../../core/deploy';
import type { ClusterHosts, NamedHost } from '../../core/sessions';
import { AppNode } from '../views/apps';
import { DeployedImageNode, VizNodeNode } from '../views/images';
import { required, type CommandDefinition, type CommandDeps } from './command';
import { deployWithProgress } from './deployProgress';
import { appForImage, builtImageOf } from './imageArguments';

export function deploySettings(config: ProjectConfig): DeploySettings {
  return { owner: config.deploy.owner, mode: config.deploy.mode, sudo: config.deploy.sudo };
}

/** The nodes as deploy sees them; the relay name is how a remote build host's ssh reaches each. */
export function deployNodes(hosts: ClusterHosts, selected: readonly NamedHost[]): DeployNode[] {
  const remoteSource = hosts.access.spec.kind !== 'local';
  return selected.map((named) => ({
    label: named.spec.text,
    host: named.host,
    ...(remoteSource && named.spec.kind !== 'local' ? { relay: relayDestination(named.spec) } : {}),
  }));
}

async function pickNodes(hosts: ClusterHosts, argument: unknown): Promise<NamedHost[]> {
  if (hosts.viz.length === 0) throw new Error('No visualization nodes are configured: list them under hosts.viz in appframework.yaml.');
  const only = argument instanceof DeployedImageNode || argument instanceof VizNodeNode ? argument.entry.label : undefined;
  if (only !== undefined) return hosts.viz.filter((named) => named.spec.text === only);
  // From a tree item or another command: every configured node. From the palette: ask, all checked.
  if (argument !== undefined || hosts.viz.length === 1) return [...hosts.viz];
  const picked = await vscode.window.showQuickPick(
    hosts.viz.map((named) => ({ label: named.spec.text, picked: true, named })),
    { canPickMany: true, title: 'Deploy to which visualization nodes?', ignoreFocusOut: true },
  );
  const chosen = required(picked);
  if (chosen.length === 0) throw new Error('No node chosen.');
  return chosen.map((item) => item.named);
}

async function deployApp(deps: CommandDeps, argument: unknown): Promise<void> {
  const fromImage = argument instanceof DeployedImageNode ? argument : undefined;
  if (fromImage && (fromImage.image.kind !== 'app' || !fromImage.image.appId)) {
    throw new Error('Redeploy a general VNC image with "App Framework: Deploy VNC Image..." and the image file to send.');
  }
  const { app, project } = fromImage
    ? await (async () => {
        await deps.apps.refresh();
        const found = deps.apps.find(fromImage.entry.project.folder.uri, fromImage.image.appId as string);
        if (!found) throw new Error(`No app ${fromImage.image.appId} in ${fromImage.entry.project.folder.name} to redeploy from.`);
        return found;
      })()
    : await appForImage(deps, argument instanceof AppNode || argument instanceof vscode.Uri ? argument : undefined, (a) => a.image !== undefined || a.definition !== undefined);
  const config = project.loaded.config;
  const hosts = deps.cluster.hostsOf(config);
  const nodes = await pickNodes(hosts, argument);
  const source = await builtImageOf(deps, app, hosts.access);
  const target = appTarget(config.deploy.root, app.id);
  await deployWithProgress(deps, `Deploying ${app.id}.sif`, {
    source,
    target,
    nodes: deployNodes(hosts, nodes),
    settings: deploySettings(config),
    checksums: deps.images.checksums,
  });
}

export const deploy: CommandDefinition = {
  id: 'appframework.deploy',
  run: (deps, argument) => deployApp(deps, argument),
};

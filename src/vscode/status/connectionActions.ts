// What a click on the connection status offers: reconnect to the access host (one short command,
// which opens the connection again), configure the cluster, open the settings or the log.
import * as vscode from 'vscode';
import type { Project } from '../config';
import { required, type CommandDefinition, type CommandDeps } from '../commands/command';
import { CONNECTION_ACTIONS_ID } from './connectionStatus';

async function reconnect(deps: CommandDeps, project: Project): Promise<void> {
  const access = deps.cluster.hostsOf(project.loaded.config).access;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Connecting to ${access.spec.text}`, cancellable: true },
    async (_progress, token) => {
      const result = await access.host.exec(['true'], { token, timeoutMs: 60_000 });
      if (result.exitCode !== 0) throw new Error(`${access.spec.text} answered, but "true" exited with ${result.exitCode}.`);
    },
  );
  void vscode.window.showInformationMessage(`Connected to ${access.spec.text}.`);
}

export const connectionActions: CommandDefinition = {
  id: CONNECTION_ACTIONS_ID,
  async run(deps) {
    await deps.projects.ready;
    const projects = [...deps.projects.projects].sort((a, b) => Number(b.loaded.exists) - Number(a.loaded.exists));
    const project = projects[0];
    if (!project) throw new Error('Open a folder first: App Framework works on the folder holding apptainer/ and slurm_jobs/.');
    const access = project.loaded.config.hosts.access;
    type Action = vscode.QuickPickItem & { run(): Promise<unknown> | Thenable<unknown> };
    const items: Action[] = [
      ...(access.kind === 'local'
        ? []
        : [{ label: `$(refresh) Reconnect to ${access.text}`, description: 'opens the SSH connection again', run: () => reconnect(deps, project) }]),
      { label: '$(plug) Configure Cluster…', description: 'access host and visualization nodes, tested over SSH', run: () => vscode.commands.executeCommand('appframework.configureCluster', project.folder.uri) },
      ...(project.loaded.exists ? [{ label: '$(file) Open appframework.yaml', run: () => vscode.commands.executeCommand('appframework.openConfig', project.folder.uri) }] : []),
      { label: '$(gear) Open Settings', description: 'ssh user, identity file, ssh config file', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'appframework') },
      { label: '$(output) Show Log', description: 'every command run on the cluster', run: () => vscode.commands.executeCommand('appframework.showLog') },
    ];
    const picked = required(await vscode.window.showQuickPick(items, { placeHolder: `Access host: ${access.text}${projects.length > 1 ? ` (${project.folder.name})` : ''}` }));
    await picked.run();
  },
};

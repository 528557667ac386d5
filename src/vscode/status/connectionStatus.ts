// The status bar item for the access host: connected, connecting, or offline with the error.
// It follows the SSH pool's connection states and the last failure a command met; a click
// offers to reconnect, configure the cluster or open the settings.
import * as vscode from 'vscode';
import type { HostSpec } from '../../core/config';
import { sshTarget } from '../../core/sessions';
import type { ClusterAccess } from '../clusterAccess';
import type { ProjectService } from '../config';
import type { Ctx } from '../context';

export const CONNECTION_ACTIONS_ID = 'appframework.connectionActions';

type State = 'idle' | 'connecting' | 'connected' | 'disconnected';

/** The access hosts of the open projects, those with an appframework.yaml first. */
export function accessHosts(projects: ProjectService): HostSpec[] {
  const sorted = [...projects.projects].sort((a, b) => Number(b.loaded.exists) - Number(a.loaded.exists));
  const seen = new Map<string, HostSpec>();
  for (const project of sorted) seen.set(project.loaded.config.hosts.access.text, project.loaded.config.hosts.access);
  return [...seen.values()];
}

export class ConnectionStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly states = new Map<string, State>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly projects: ProjectService,
    private readonly cluster: ClusterAccess,
  ) {
    this.item = vscode.window.createStatusBarItem('appframework.connection', vscode.StatusBarAlignment.Left, 20);
    this.item.name = 'App Framework: Access Host';
    this.item.command = CONNECTION_ACTIONS_ID;
    const subscription = cluster.pool.onStateChange((host, state) => {
      this.states.set(host, state);
      this.update();
    });
    this.disposables.push(
      this.item,
      { dispose: () => subscription.dispose() },
      cluster.activity.onDidChange(() => this.update()),
      projects.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('appframework.statusBar')) this.update();
      }),
    );
    this.update();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private update(): void {
    const [spec, ...others] = accessHosts(this.projects);
    if (!spec || !vscode.workspace.getConfiguration('appframework').get<boolean>('statusBar.enabled', true)) {
      this.item.hide();
      return;
    }
    const more = others.length ? `\n\nOther projects use: ${others.map((other) => other.text).join(', ')}.` : '';
    const actions = '\n\nClick to reconnect, configure the cluster or open the settings.';
    this.item.backgroundColor = undefined;
    if (spec.kind === 'local') {
      this.item.text = '$(vm) local';
      this.item.tooltip = `App Framework: builds and Slurm commands run on this machine (hosts.access: local).${more}${actions}`;
      this.item.accessibilityInformation = { label: 'App Framework access host: this machine' };
      this.item.show();
      return;
    }
    const label = sshTarget(spec);
    const state = this.states.get(label) ?? 'idle';
    const failure = this.cluster.activity.failureOf(label);
    const [icon, words] =
      state === 'connecting'
        ? ['$(sync~spin)', 'connecting…']
        : state === 'connected'
          ? ['$(vm-active)', 'connected']
          : failure
            ? ['$(vm-outline)', `offline: ${failure}`]
            : state === 'disconnected'
              ? ['$(vm-outline)', 'disconnected; it reconnects on the next command']
              : ['$(vm-outline)', 'not connected yet; it connects when a view or command needs it'];
    if (failure && state !== 'connected' && state !== 'connecting') this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.text = `${icon} ${spec.text}`;
    this.item.tooltip = `App Framework access host ${spec.text}: ${words}${more}${actions}`;
    this.item.accessibilityInformation = { label: `App Framework access host ${spec.text}: ${words}` };
    this.item.show();
  }
}

export function registerConnectionStatus(ctx: Ctx, projects: ProjectService, cluster: ClusterAccess): ConnectionStatus {
  return ctx.own(new ConnectionStatus(projects, cluster));
}

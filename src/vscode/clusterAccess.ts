// The editor's way to the cluster: one SSH pool for every view and command (one connection per
// host), the Hosts of each project's access and visualization nodes, and one job queue per
// access host (so the user name and the squeue format are learned once).
import * as vscode from 'vscode';
import type { ProjectConfig } from '../core/config';
import { LocalHost, SshPool, type Host, type SshPrompts } from '../core/hosts';
import { PersistentShell, SlurmQueue, type CommandRunner } from '../core/jobs';
import { clusterHosts, NodeResolver, sshTarget, type ClusterHosts } from '../core/sessions';
import type { ForwarderSource, PortForwarder } from '../core/sessions/tunnel';
import type { Ctx } from './context';
import { readPersonalSettings } from './config/personalSettings';
import { HostActivity } from './status/hostActivity';

export class ClusterAccess implements vscode.Disposable, ForwarderSource {
  readonly pool: SshPool;
  /** Logs every command run on a cluster host and remembers connection failures (status bar). */
  readonly activity: HostActivity;
  private readonly local = new LocalHost();
  private readonly hostsByConfig = new WeakMap<ProjectConfig, ClusterHosts>();
  private readonly resolvers = new WeakMap<ClusterHosts, NodeResolver>();
  private readonly queues = new Map<Host, SlurmQueue>();
  private readonly shells: PersistentShell[] = [];
  /** SSH targets of the hosts handed out, so the viewer reaches a node with the same user and key. */
  private readonly byTarget = new Map<string, Host>();

  constructor(private readonly ctx: Ctx) {
    this.activity = new HostActivity(ctx.log);
    this.pool = new SshPool({
      // Read whenever a host is reached, so a changed setting applies without a reload.
      config: () => {
        const { configFile } = readPersonalSettings().ssh;
        return configFile ? { userConfig: configFile } : {};
      },
      prompts: editorPrompts(),
      log: (message) => ctx.log.debug(`ssh: ${message}`),
    });
  }

  hostsOf(config: ProjectConfig): ClusterHosts {
    let hosts = this.hostsByConfig.get(config);
    if (!hosts) {
      hosts = clusterHosts(config, this.activity.source(this.pool), this.activity.wrap(this.local));
      for (const named of [hosts.access, ...hosts.viz]) if (named.spec.kind !== 'local') this.byTarget.set(sshTarget(named.spec), named.host);
      this.hostsByConfig.set(config, hosts);
    }
    return hosts;
  }

  queueOf(hosts: ClusterHosts): SlurmQueue {
    let queue = this.queues.get(hosts.access.host);
    if (!queue) {
      // Polls over SSH go through one long-lived shell: no login shell start-up per refresh.
      let runner: CommandRunner = this.activity.unwrap(hosts.access.host);
      if (hosts.access.spec.kind !== 'local') this.shells.push((runner = new PersistentShell(hosts.access.host)));
      queue = new SlurmQueue(this.activity.polls(runner));
      this.queues.set(hosts.access.host, queue);
    }
    return queue;
  }

  resolverOf(hosts: ClusterHosts): NodeResolver {
    let resolver = this.resolvers.get(hosts);
    if (!resolver) {
      resolver = new NodeResolver(hosts);
      this.resolvers.set(hosts, resolver);
    }
    return resolver;
  }

  /** For the viewer's tunnels: the host a session target's `via` names. */
  host(target: string): PortForwarder {
    return this.byTarget.get(target) ?? this.activity.wrap(this.pool.host(target));
  }

  dispose(): void {
    for (const shell of this.shells) shell.dispose();
    this.activity.dispose();
    void this.pool.dispose().catch((error: unknown) => this.ctx.log.warn(`ssh: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/** SSH questions as VS Code dialogs; passwords and passphrases are never stored. */
function editorPrompts(): SshPrompts {
  return {
    confirmHostKey: async (question) => {
      const trust = 'Trust and Connect';
      const answer = await vscode.window.showWarningMessage(
        `The authenticity of ${question.host} can't be established. ${question.keyType} key fingerprint is ${question.fingerprint}.`,
        { modal: true, detail: `Trusting it adds the key to ${question.knownHostsFile}.${question.otherKnownTypes.length ? ` Other key types are already known for this host: ${question.otherKnownTypes.join(', ')}.` : ''}` },
        trust,
      );
      return answer === trust;
    },
    passphrase: (keyFile, attempt) =>
      Promise.resolve(
        vscode.window.showInputBox({
          title: 'SSH key passphrase',
          prompt: `${attempt > 1 ? 'Wrong passphrase. ' : ''}Passphrase for ${keyFile}`,
          password: true,
          ignoreFocusOut: true,
        }),
      ),
    keyboardInteractive: async (request) => {
      const answers: string[] = [];
      for (const prompt of request.prompts) {
        const answer = await vscode.window.showInputBox({
          title: `${request.host}${request.name ? `: ${request.name}` : ''}`,
          prompt: [request.instructions, prompt.prompt].filter(Boolean).join(' '),
          password: !prompt.echo,
          ignoreFocusOut: true,
        });
        if (answer === undefined) return undefined;
        answers.push(answer);
      }
      return answers;
    },
  };
}

// One connection per destination, shared by every view and command; jump hosts of a ProxyJump
// route reuse the pooled connection of that hop. `dispose()` closes everything (on deactivate).
import type { DisposableLike } from '../cancellation';
import { PassphraseCache, type SshPrompts } from './auth';
import { resolveRoute, type ResolvedHop, type SshConfigSources, type SshOverrides } from './config';
import { SshConnection, type ConnectionOptions, type ConnectionState, type ReconnectPolicy } from './connection';
import { SshHost } from './sshHost';

export interface SshPoolOptions {
  /**
   * Which ssh config files to read (default ~/.ssh/config and /etc/ssh/ssh_config); a function is
   * asked each time a destination's route is resolved, so a changed setting applies to the next one.
   */
  readonly config?: SshConfigSources | (() => SshConfigSources);
  readonly prompts?: SshPrompts;
  /** ssh-agent socket; default SSH_AUTH_SOCK. */
  readonly agentSocket?: string;
  readonly handshakeTimeoutMs?: number;
  readonly reconnect?: ReconnectPolicy;
  readonly maxSessions?: number;
  readonly log?: (message: string) => void;
}

export class SshPool {
  private readonly hosts = new Map<string, SshHost>();
  private readonly connections = new Map<string, SshConnection>();
  private readonly passphrases = new PassphraseCache();
  private readonly stateListeners = new Set<(host: string, state: ConnectionState) => void>();
  private disposed = false;

  constructor(private readonly options: SshPoolOptions = {}) {}

  /** The host for an ssh alias or `[user@]host[:port]`; the same object for the same arguments. */
  host(target: string, overrides: SshOverrides = {}): SshHost {
    if (this.disposed) throw new Error('The SSH pool has been disposed.');
    const key = `${target}\n${JSON.stringify(overrides)}`;
    let host = this.hosts.get(key);
    if (!host) {
      // The route is resolved on every use (a few small file reads), so a config mistake is reported
      // by the call that needs it, and a changed config file or setting (which a browser-hosted
      // VS Code may deliver after activation) applies to the next call. The same route gives the
      // same pooled connection.
      host = new SshHost(target, async () => this.connectionFor(resolveRoute(target, this.configSources(), overrides)));
      this.hosts.set(key, host);
    }
    return host;
  }

  /** Connection state changes (connecting, connected, disconnected) for status displays. */
  onStateChange(listener: (host: string, state: ConnectionState) => void): DisposableLike {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.hosts.values()].map((host) => host.dispose()));
    this.hosts.clear();
    // Destinations before the jump hosts they go through.
    const byDepth = [...this.connections.values()].sort((a, b) => b.route.length - a.route.length);
    for (const connection of byDepth) connection.dispose();
    this.connections.clear();
    this.passphrases.clear();
    this.stateListeners.clear();
  }

  private configSources(): SshConfigSources | undefined {
    const { config } = this.options;
    return typeof config === 'function' ? config() : config;
  }

  private connectionFor(route: readonly ResolvedHop[]): SshConnection {
    const key = route.map((hop) => `${hop.user}@${hop.hostName}:${hop.port}`).join(' > ');
    let connection = this.connections.get(key);
    if (!connection) {
      const parent = route.length > 1 ? this.connectionFor(route.slice(0, -1)) : undefined;
      const options: ConnectionOptions = {
        prompts: this.options.prompts ?? {},
        passphrases: this.passphrases,
        agentSocket: this.options.agentSocket,
        handshakeTimeoutMs: this.options.handshakeTimeoutMs,
        reconnect: this.options.reconnect,
        maxSessions: this.options.maxSessions,
        log: this.options.log,
      };
      const created = new SshConnection(route, parent, options);
      created.onStateChange((state) => {
        for (const listener of this.stateListeners) listener(created.label, state);
      });
      this.connections.set(key, created);
      connection = created;
    }
    return connection;
  }
}

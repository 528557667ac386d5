// Every remote command goes to the App Framework log (secrets masked), and each host's last
// connection failure is remembered for the status bar. Hosts are wrapped once, so code that
// compares them (queues per access host, tunnels per target) still sees one object per host.
import * as vscode from 'vscode';
import type { Host } from '../../core/hosts';
import { loggedExec, LoggingHost, type HostLogEvent } from '../../core/logging';
import type { CommandRunner } from '../../core/jobs';
import type { SshHostSource } from '../../core/sessions';

export class HostActivity implements vscode.Disposable {
  private readonly wrapped = new WeakMap<Host, Host>();
  private readonly failures = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a host label when it became reachable or unreachable. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The last connection failure of a host, while it has not answered since. */
  failureOf(label: string): string | undefined {
    return this.failures.get(label);
  }

  wrap(host: Host): Host {
    if (host instanceof LoggingHost) return host;
    let logged = this.wrapped.get(host);
    if (!logged) {
      logged = new LoggingHost(host, (event) => this.record(event));
      this.wrapped.set(host, logged);
    }
    return logged;
  }

  /** The host behind a logged one (for runners that log on their own, such as `polls`). */
  unwrap(host: Host): Host {
    return host instanceof LoggingHost ? host.inner : host;
  }

  /** Hosts from `source`, logged. */
  source(source: SshHostSource): SshHostSource {
    return { host: (target, overrides) => this.wrap(source.host(target, overrides)) };
  }

  /** A runner for frequent polls (squeue through a long-lived shell): logged at debug level. */
  polls(runner: CommandRunner): CommandRunner {
    return { label: runner.label, exec: (argv, options) => loggedExec(runner, argv, options, (event) => this.record(event), true) };
  }

  dispose(): void {
    this.changed.dispose();
  }

  private record(event: HostLogEvent): void {
    switch (event.kind) {
      case 'command':
        if (event.poll) this.log.debug(`${event.host} $ ${event.line}`);
        else this.log.info(`${event.host} $ ${event.line}`);
        break;
      case 'ended':
        if (event.exitCode === 0 || event.poll) this.log.trace(`${event.host}: exit ${event.exitCode} in ${event.ms} ms: ${event.line}`);
        else this.log.debug(`${event.host}: exit ${event.exitCode ?? 'by signal'} in ${event.ms} ms: ${event.line}`);
        break;
      case 'failed':
        this.log.warn(`${event.host}: ${event.message} (${event.line})`);
        break;
      case 'file':
        this.log.trace(`${event.host}: ${event.line}`);
        break;
      case 'reachable':
        if (this.failures.delete(event.host)) this.changed.fire(event.host);
        break;
      case 'unreachable':
        this.failures.set(event.host, event.error.message);
        this.changed.fire(event.host);
        break;
    }
  }
}

// What the cluster commands (launch, jobs, cancel, logs) share: the project's configuration,
// its hosts over one SSH pool, the job queue, and Ctrl-C as cancellation.
import * as path from 'node:path';
import { nodeFs } from '../core/apps';
import { loadProjectConfig, type ProjectConfig } from '../core/config';
import { CancellationSource, SshPool } from '../core/hosts';
import { PersistentShell, SlurmQueue } from '../core/jobs';
import { clusterHosts, type ClusterHosts } from '../core/sessions';
import { displayPath } from './config';
import type { CliIo } from './main';

export interface CliCluster {
  readonly folder: string;
  readonly config: ProjectConfig;
  readonly hosts: ClusterHosts;
  readonly queue: SlurmQueue;
  dispose(): Promise<void>;
}

export async function openCluster(folder: string, sshConfig: string | undefined, io: CliIo): Promise<CliCluster> {
  const root = path.resolve(folder);
  const loaded = await loadProjectConfig(root, nodeFs);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    io.err(`${displayPath(loaded.file)} has errors (see appframework config check); invalid values fall back to the defaults\n`);
  }
  // No prompts: an unknown host key or an encrypted key without an agent is an error that says what to do.
  const pool = new SshPool(sshConfig ? { config: { userConfig: path.resolve(sshConfig) } } : {});
  const hosts = clusterHosts(loaded.config, pool);
  // A launch polls the queue every few seconds: over SSH, through one long-lived shell.
  const shell = hosts.access.spec.kind === 'local' ? undefined : new PersistentShell(hosts.access.host);
  return {
    folder: root,
    config: loaded.config,
    hosts,
    queue: new SlurmQueue(shell ?? hosts.access.host),
    dispose: async () => {
      shell?.dispose();
      await pool.dispose();
    },
  };
}

/** A token cancelled by the first Ctrl-C (a second one ends the process the usual way). */
export function interruptToken(): { token: CancellationSource['token']; interrupted(): boolean; dispose(): void } {
  const source = new CancellationSource();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    source.cancel();
    process.removeListener('SIGINT', onSignal);
  };
  process.on('SIGINT', onSignal);
  return { token: source.token, interrupted: () => interrupted, dispose: () => process.removeListener('SIGINT', onSignal) };
}

/** A left-aligned text table. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n';
}

export function parseJobIdArgument(text: string): number {
  if (!/^[1-9]\d{0,9}$/.test(text)) throw new Error(`"${text}" is not a job id (a number such as 1234)`);
  return Number(text);
}

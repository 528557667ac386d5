// What the Slurm integration tests share: the sandbox cluster reached over SSH, a project whose
// access host is af-access and whose visualization node is viz-node001, and a PATH for jobs that
// puts the `apptainer` test double (test/helpers/fake-apptainer) first.
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type ProjectConfig } from '../../../src/core/config';
import { SshPool, runChecked } from '../../../src/core/hosts';
import { clusterHosts, NodeResolver, type ClusterHosts } from '../../../src/core/sessions';
import { PersistentShell, SlurmQueue } from '../../../src/core/jobs';
import { clusterSshConfig, ensureCluster, repoRoot, type ClusterFacts } from '../../helpers/cluster';

export interface SlurmWorld {
  readonly cluster: ClusterFacts;
  readonly pool: SshPool;
  readonly hosts: ClusterHosts;
  readonly queue: SlurmQueue;
  /** One per cluster, as the extension keeps: node names learnt once serve every launch. */
  readonly resolver: NodeResolver;
  readonly config: ProjectConfig;
  /** sbatch's environment: PATH with the apptainer test double first. */
  readonly submitEnv: Record<string, string>;
  /** Removes files a job left on the node (the seed template leaves its info file behind when cancelled). */
  removeOnNode(...paths: string[]): Promise<void>;
  dispose(): Promise<void>;
}

export const seedWorkspace = join(repoRoot, 'test', 'fixtures', 'workspace', 'dashboard', 'app_5174');

export interface WorldOptions {
  /** The access host's alias in the sandbox's ssh config: af-access (root) or af-access-user. */
  readonly access?: 'af-access' | 'af-access-user';
}

export async function slurmWorld(root = seedWorkspace, { access = 'af-access' }: WorldOptions = {}): Promise<SlurmWorld> {
  const cluster = await ensureCluster();
  const pool = new SshPool({ config: clusterSshConfig(cluster) });
  const base = defaultConfig(root);
  const config: ProjectConfig = {
    ...base,
    hosts: {
      access: { kind: 'alias', text: access, alias: access },
      viz: [{ kind: 'alias', text: 'viz-node001', alias: 'viz-node001' }],
    },
  };
  const hosts = clusterHosts(config, pool);
  // The job runs on the node with the submitting environment (--export=ALL).
  const fakeBin = mkdtempSync(join(tmpdir(), 'af-fake-apptainer-'));
  chmodSync(fakeBin, 0o755); // the job's user may not be root
  symlinkSync(join(repoRoot, 'test', 'helpers', 'fake-apptainer'), join(fakeBin, 'apptainer'));
  const remotePath = (await runChecked(hosts.access.host, ['printenv', 'PATH'])).stdout.trim();
  // Polls go through one long-lived shell, as in the extension.
  const shell = new PersistentShell(hosts.access.host);
  return {
    cluster,
    pool,
    hosts,
    queue: new SlurmQueue(shell),
    resolver: new NodeResolver(hosts),
    config,
    submitEnv: { PATH: `${fakeBin}:${remotePath}` },
    removeOnNode: async (...paths) => {
      for (const path of paths) await hosts.viz[0].host.remove(path).catch(() => undefined);
    },
    dispose: async () => {
      shell.dispose();
      rmSync(fakeBin, { recursive: true, force: true });
      await pool.dispose();
    },
  };
}

/** Polls until `probe` returns something other than undefined/false; fails after `ms`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 60_000, every = 250): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

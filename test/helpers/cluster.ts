// The sandbox cluster for integration tests: `ensureCluster()` runs test/cluster/up.sh (which is
// idempotent and fast when everything already runs) once per process and returns its facts.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repoRoot';

export { repoRoot };

export interface ClusterFacts {
  /** The private folder holding keys, configs, logs and pid files. */
  readonly dir: string;
  /** The single Slurm node (this machine's short host name). */
  readonly node: string;
  readonly partition: string;
  readonly slurmVersion: string;
  readonly ports: { readonly access: number; readonly viz: number; readonly slurmctld: number; readonly slurmd: number };
  /**
   * ssh_config with the aliases af-access, viz-node001 (via ProxyJump af-access) and
   * viz-node001-direct, all as root, and af-access-user: the access node as afuser, an ordinary user.
   */
  readonly sshConfig: string;
  readonly knownHosts: string;
  readonly authorizedKeys: string;
  /** Unencrypted ed25519 user key (OpenSSH format), authorized on both servers. */
  readonly userKey: string;
  /** The same kind of key, encrypted with `encryptedKeyPassphrase`. */
  readonly encryptedKey: string;
  readonly encryptedKeyPassphrase: string;
  readonly hostKeys: { readonly access: string; readonly viz: string };
  /** Shell file exporting SLURM_CONF and the cluster paths. */
  readonly envFile: string;
  /** Environment for running Slurm commands locally against the cluster. */
  readonly slurmEnv: { readonly SLURM_CONF: string };
  readonly logDir: string;
}


let facts: Promise<ClusterFacts> | undefined;

/** Brings the cluster up (installing packages on a fresh machine) and returns its facts. */
export function ensureCluster(): Promise<ClusterFacts> {
  facts ??= runScript('up.sh', []).then((stdout) => {
    const file = stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(readFileSync(file, 'utf8')) as ClusterFacts;
  });
  return facts;
}

export type ClusterComponent = 'munged' | 'slurmctld' | 'slurmd' | 'sshd-access' | 'sshd-viz';

/** Stops one component (its open connections included) and starts it again through up.sh. */
export async function restartComponent(component: ClusterComponent): Promise<void> {
  await runScript('down.sh', [component]);
  await runScript('up.sh', []);
}

/** Stops one component; the next ensureCluster in another process (or restartComponent) brings it back. */
export async function stopComponent(component: ClusterComponent): Promise<void> {
  await runScript('down.sh', [component]);
}

function runScript(name: string, args: string[]): Promise<string> {
  const script = join(repoRoot, 'test', 'cluster', name);
  return new Promise((resolve, reject) => {
    // A cold start installs Debian packages: allow it time.
    execFile('bash', [script, ...args], { timeout: 15 * 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`test/cluster/${name} failed: ${stderr.trim().split('\n').slice(-5).join(' | ') || error.message}`));
      else resolve(stdout);
    });
  });
}

/** ssh config sources that read only the cluster's ssh_config (no ~/.ssh/config, no system file). */
export function clusterSshConfig(cluster: ClusterFacts): { userConfig: string; systemConfig: null } {
  return { userConfig: cluster.sshConfig, systemConfig: null };
}

/** State of a process by pid on this machine: 'gone' also for zombies (they run nothing). */
export function processState(pid: number): 'running' | 'gone' {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z') ? 'gone' : 'running';
  } catch {
    return 'gone';
  }
}

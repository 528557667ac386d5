// What the real Apptainer tier works in: the Apptainer root made by setup.sh, a scratch copy of
// the seed project whose access host is this machine (as when VS Code runs on the access node)
// and whose visualization node is viz-node001 of the sandbox cluster, and the environment that
// puts the real apptainer (bin/apptainer, through enter.sh) on the PATH of builds and jobs.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProjectConfig, type ProjectConfig } from '../../src/core/config';
import { nodeFs } from '../../src/core/apps';
import { SshPool } from '../../src/core/hosts';
import { clusterHosts, type ClusterHosts } from '../../src/core/sessions';
import { clusterSshConfig, ensureCluster, repoRoot, type ClusterFacts } from '../helpers/cluster';

/** The ordinary user Apptainer runs as inside the root (lib.sh's APPTAINER_UID). */
export const APPTAINER_UID = 1000;

const here = join(repoRoot, 'test', 'apptainer');

export interface ApptainerWorld {
  readonly cluster: ClusterFacts;
  /** Holds everything Apptainer reads or writes: the project, the deploy root, the jobs' TMPDIR. */
  readonly work: string;
  readonly project: string;
  readonly config: ProjectConfig;
  readonly pool: SshPool;
  readonly hosts: ClusterHosts;
  /** The Debian mirror of this machine's apt sources, as New App's MirrorURL. */
  readonly mirror: string;
  /** sbatch's environment, which --export=ALL hands to the job. */
  readonly submitEnv: Readonly<Record<string, string>>;
  /** How long setup.sh took (seconds; near zero when the root was ready). */
  readonly setupSeconds: number;
  dispose(): Promise<void>;
}

function run(command: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim().split('\n').slice(-10).join(' | ') || error.message}`));
      else resolve(stdout);
    });
  });
}

export async function apptainerWorld(): Promise<ApptainerWorld> {
  const started = Date.now();
  // Idempotent: on a prepared machine it only checks the root's packages.
  const [cluster] = await Promise.all([ensureCluster(), run('bash', [join(here, 'setup.sh')], 20 * 60_000)]);
  const setupSeconds = (Date.now() - started) / 1000;
  const mirror = (await run('bash', ['-c', 'source "$1" && debian_mirror', 'mirror', join(here, 'lib.sh')], 10_000)).trim();

  const work = mkdtempSync(join(tmpdir(), 'af-apptainer-'));
  // Apptainer's user inside the root reads the deployed image and writes the built one.
  chmodSync(work, 0o755);
  cpSync(join(repoRoot, 'test', 'fixtures', 'workspace', 'dashboard'), join(work, 'dashboard'), { recursive: true });
  const project = join(work, 'dashboard', 'app_5174');
  chownSync(project, APPTAINER_UID, APPTAINER_UID);
  mkdirSync(join(work, 'tmp'), { mode: 0o1777 });
  chmodSync(join(work, 'tmp'), 0o1777);
  writeFileSync(
    join(project, 'appframework.yaml'),
    [
      '# The access node is this machine; viz-node001 is the sandbox cluster\'s visualization node.',
      'hosts: { access: local, viz: [viz-node001] }',
      `deploy: { root: ${join(work, 'apps')}, vncImages: ${join(work, 'vnc')}, owner: "root:root", mode: "755" }`,
      'build: { fakeroot: true }',
      '',
    ].join('\n'),
  );
  const loaded = await loadProjectConfig(project, nodeFs, { ssh: { configFile: cluster.sshConfig } });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`appframework.yaml: ${errors.map((d) => d.message).join('; ')}`);

  // Builds run here through LocalHost, which inherits this process's environment; so do squeue
  // and sbatch for the local access host.
  const bin = join(here, 'bin');
  process.env.PATH = `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  process.env.APPFRAMEWORK_APPTAINER_WORK = work;
  process.env.SLURM_CONF = cluster.slurmEnv.SLURM_CONF;

  const pool = new SshPool({ config: clusterSshConfig(cluster) });
  return {
    cluster,
    work,
    project,
    config: loaded.config,
    pool,
    hosts: clusterHosts(loaded.config, pool),
    mirror,
    submitEnv: { PATH: process.env.PATH, APPFRAMEWORK_APPTAINER_WORK: work, TMPDIR: join(work, 'tmp'), SLURM_CONF: cluster.slurmEnv.SLURM_CONF },
    setupSeconds,
    dispose: () => pool.dispose(),
  };
}

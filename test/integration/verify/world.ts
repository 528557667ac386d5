// The fixture app on the sandbox cluster, set up for Verify App: the seed's dashboard copied to a
// temporary folder with an appframework.yaml naming af-access and viz-node001, a small file as
// the built image, deployed under a private deploy root on the (loopback) viz node, and the job
// template running the `apptainer` test double (test/helpers/fake-apptainer), which starts a real
// Xvnc and websockify.
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFs } from '../../../src/core/apps';
import { loadProjectConfig, type ProjectConfig } from '../../../src/core/config';
import { appTarget, ChecksumCache, deployImage } from '../../../src/core/deploy';
import { runChecked, SshPool } from '../../../src/core/hosts';
import { PersistentShell, SlurmQueue } from '../../../src/core/jobs';
import { clusterHosts, type ClusterHosts } from '../../../src/core/sessions';
import { clusterSshConfig, ensureCluster, repoRoot, type ClusterFacts } from '../../helpers/cluster';

export const FAKE_APPTAINER = join(repoRoot, 'test', 'helpers', 'fake-apptainer');

export interface VerifyWorld {
  readonly cluster: ClusterFacts;
  readonly pool: SshPool;
  /** The app folder (dashboard/app_5174 of the copy). */
  readonly root: string;
  readonly deployRoot: string;
  readonly imagePath: string;
  readonly templateFile: string;
  config(): Promise<ProjectConfig>;
  hosts(config: ProjectConfig): ClusterHosts;
  readonly queue: SlurmQueue;
  /** Deploys the local image to viz-node001 with the deploy layer. */
  deploy(): Promise<void>;
  /** Rewrites appframework.yaml, with a backend URL or without. */
  writeConfig(backend?: string): void;
  /** Writes the job template, running the test double and the given image path. */
  writeTemplate(imagePath: string): void;
  /** Job ids in the queue (squeue's default: pending, running, completing). */
  queuedJobIds(): Promise<number[]>;
  dispose(): Promise<void>;
}

export async function verifyWorld(): Promise<VerifyWorld> {
  const cluster = await ensureCluster();
  const pool = new SshPool({ config: clusterSshConfig(cluster) });
  const work = mkdtempSync(join(tmpdir(), 'af-verify-ws-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'workspace', 'dashboard'), join(work, 'dashboard'), { recursive: true });
  const root = join(work, 'dashboard', 'app_5174');
  const deployRoot = `/tmp/af-verify-root-${randomBytes(4).toString('hex')}`;
  const writeConfig = (backend?: string) =>
    writeFileSync(
      join(root, 'appframework.yaml'),
      `hosts:
  access: af-access
  viz: [viz-node001]
deploy:
  root: ${deployRoot}
  owner: root:root
  mode: "755"
  sudo: false
${backend ? `backend:\n  url: ${backend}\n` : ''}`,
    );
  writeConfig();
  // The "image": a small file, newer than the definition it stands for.
  const definition = join(root, 'apptainer', 'gedit.def');
  const past = new Date(Date.now() - 3600_000);
  utimesSync(definition, past, past);
  writeFileSync(join(root, 'gedit.sif'), randomBytes(64 * 1024));
  const imagePath = appTarget(deployRoot, 'gedit').path;
  const templateFile = join(root, 'slurm_jobs', 'gedit_vnc_job.sh');
  const seedTemplate = readFileSync(templateFile, 'utf8');

  const config = async () => {
    const loaded = await loadProjectConfig(root, nodeFs);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new Error(`appframework.yaml: ${errors.map((d) => d.message).join('; ')}`);
    return loaded.config;
  };
  const access = clusterHosts(await config(), pool).access.host;
  const shell = new PersistentShell(access);
  const world: VerifyWorld = {
    cluster,
    pool,
    root,
    deployRoot,
    imagePath,
    templateFile,
    config,
    hosts: (c) => clusterHosts(c, pool),
    queue: new SlurmQueue(shell),
    writeConfig,
    async deploy() {
      const c = await config();
      const viz = clusterHosts(c, pool).viz[0];
      const report = await deployImage({
        source: { kind: 'local', file: join(root, 'gedit.sif') },
        target: appTarget(deployRoot, 'gedit'),
        nodes: [{ label: viz.spec.text, host: viz.host }],
        settings: { owner: c.deploy.owner, mode: c.deploy.mode, sudo: c.deploy.sudo },
        checksums: new ChecksumCache(),
      });
      const outcome = report.outcomes[0];
      if (outcome.status === 'failed') throw new Error(`deploy failed: ${outcome.error.message}`);
    },
    writeTemplate(image: string) {
      const text = seedTemplate
        .replace(/^APPTAINER_IMAGE=.*$/m, `APPTAINER_IMAGE="${image}"`)
        .replace(/^apptainer run /m, `${FAKE_APPTAINER} run `);
      if (!text.includes(FAKE_APPTAINER) || !text.includes(image)) throw new Error('the seed template changed: the test double is not in it');
      writeFileSync(templateFile, text);
    },
    async queuedJobIds() {
      const { stdout } = await runChecked(access, ['squeue', '-h', '-o', '%i']);
      return stdout.split('\n').map((line) => line.trim()).filter(Boolean).map(Number);
    },
    async dispose() {
      shell.dispose();
      await access.exec(['rm', '-rf', '--', deployRoot]).catch(() => undefined);
      await pool.dispose();
      rmSync(work, { recursive: true, force: true });
    },
  };
  world.writeTemplate(imagePath);
  return world;
}

// `appframework deploy <app>`: the app's image to the viz nodes, verified and atomic, with
// `--build` first (what deploy_<app>.sh --build did) or `--vnc FILE` for a general VNC image.
import * as os from 'node:os';
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { imageFileOf } from '../core/apps';
import { remoteBuildFolder } from '../core/build';
import {
  ChecksumCache,
  appTarget,
  deployImage,
  formatRate,
  formatSize,
  jsonFileStore,
  relayDestination,
  summarizeOutcome,
  vncTarget,
  type DeployNode,
  type ImageSource,
  type NodeProgress,
} from '../core/deploy';
import { runChecked, validated } from '../core/hosts';
import type { NamedHost } from '../core/sessions';
import { buildApp } from './build';
import { interruptToken, openCluster, type CliCluster } from './cluster';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const USAGE = 'Usage: appframework deploy <app> [folder] [--build] [--nodes a,b] [--ssh-config FILE] [--json]\n       appframework deploy --vnc FILE.sif [folder] [--nodes a,b] [--ssh-config FILE] [--json]\n';

/** The checksum cache of the command line, kept between runs like the editor's. */
export function cliChecksums(): ChecksumCache {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return new ChecksumCache(jsonFileStore(path.join(base, 'appframework', 'checksums.json')));
}

export function selectNodes(cluster: CliCluster, names: string | undefined): NamedHost[] {
  const all = cluster.hosts.viz;
  if (all.length === 0) throw new Error('no visualization nodes are configured (hosts.viz in appframework.yaml)');
  if (names === undefined) return [...all];
  return names.split(',').map((name) => {
    const found = all.find((named) => named.spec.text === name.trim());
    if (!found) throw new Error(`"${name}" is not one of the configured nodes: ${all.map((n) => n.spec.text).join(', ')}`);
    return found;
  });
}

export async function runDeploy(args: string[], io: CliIo): Promise<number> {
  let options;
  try {
    options = parseOptions(args, { values: ['ssh-config', 'nodes', 'vnc'], flags: ['build', 'json'] });
    const max = options.values.has('vnc') ? 1 : 2;
    const min = options.values.has('vnc') ? 0 : 1;
    if (options.positional.length < min || options.positional.length > max) throw new UsageError(options.values.has('vnc') ? 'deploy --vnc takes the image file and optionally a folder' : 'deploy takes an app id and optionally a folder');
    if (options.values.has('vnc') && options.flags.has('build')) throw new UsageError('--build is for app images');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework deploy: ${error.message}\n${USAGE}`);
    return 2;
  }
  const vnc = options.values.get('vnc');
  const [appId, folder = '.'] = vnc ? [undefined, options.positional[0]] : options.positional;
  const cluster = await openCluster(folder ?? '.', options.values.get('ssh-config'), io);
  const interrupt = interruptToken();
  try {
    const config = cluster.config;
    const nodes = selectNodes(cluster, options.values.get('nodes'));
    if (appId !== undefined && options.flags.has('build')) {
      const built = await buildApp(cluster, validated('appId', appId), false, io);
      if (built !== 0) return built;
    }
    const remoteSource = !vnc && cluster.hosts.access.spec.kind !== 'local';
    let source: ImageSource;
    if (vnc) source = { kind: 'local', file: path.resolve(vnc) };
    else if (!remoteSource) source = { kind: 'local', file: imageFileOf(config, validated('appId', appId as string)) };
    else {
      const home = validated('absolutePath', (await runChecked(cluster.hosts.access.host, ['sh', '-c', 'printf %s "$HOME"'])).stdout.trim());
      source = { kind: 'remote', host: cluster.hosts.access.host, file: path.posix.join(remoteBuildFolder(home), `${appId}.sif`) };
    }
    if (source.kind === 'local' && !(await fsp.stat(source.file).catch(() => undefined))) throw new Error(`${source.file} does not exist${vnc ? '' : ': build it first (or add --build)'}`);
    const target = vnc ? vncTarget(config.deploy.vncImages, path.basename(vnc)) : appTarget(config.deploy.root, appId as string);
    const deployNodes: DeployNode[] = nodes.map((named) => ({
      label: named.spec.text,
      host: named.host,
      ...(remoteSource && named.spec.kind !== 'local' ? { relay: relayDestination(named.spec) } : {}),
    }));
    const progress = new ProgressLine(io, deployNodes.length);
    const report = await deployImage({
      source,
      target,
      nodes: deployNodes,
      settings: { owner: config.deploy.owner, mode: config.deploy.mode, sudo: config.deploy.sudo },
      checksums: cliChecksums(),
      token: interrupt.token,
      onProgress: (node, p) => progress.update(node, p),
    });
    progress.done();
    if (options.flags.has('json')) {
      io.out(`${JSON.stringify({ source: report.source, size: report.size, outcomes: report.outcomes.map((o) => (o.status === 'failed' ? { ...o, error: { kind: o.error.kind, message: o.error.message } } : o)) }, null, 2)}\n`);
    } else {
      for (const outcome of report.outcomes) io.out(`${summarizeOutcome(outcome)}\n`);
    }
    if (interrupt.interrupted()) return 130;
    return report.outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  } finally {
    interrupt.dispose();
    await cluster.dispose();
  }
}

/** Progress on stderr: one rewritten line on a terminal, a line per 10% otherwise. */
class ProgressLine {
  private readonly nodes = new Map<string, NodeProgress>();
  private readonly started = Date.now();
  private lastTenth = -1;
  private readonly tty = process.stderr.isTTY === true;

  constructor(
    private readonly io: CliIo,
    private readonly count: number,
  ) {}

  update(node: string, progress: NodeProgress): void {
    this.nodes.set(node, progress);
    const states = [...this.nodes.values()];
    const bytes = states.reduce((sum, p) => sum + p.bytes, 0);
    const total = Math.max(1, states.reduce((sum, p) => sum + p.total, 0));
    const seconds = (Date.now() - this.started) / 1000;
    const line = `${formatSize(bytes)} of ${formatSize(total)} to ${this.count} node${this.count === 1 ? '' : 's'}${seconds > 0.5 ? `, ${formatRate(bytes / seconds)}` : ''} (${[...this.nodes].map(([n, p]) => `${n}: ${p.phase}`).join(', ')})`;
    if (this.tty) this.io.err(`\r${line}\x1b[K`);
    else {
      const tenth = Math.floor((10 * bytes) / total);
      if (tenth !== this.lastTenth) {
        this.lastTenth = tenth;
        this.io.err(`${line}\n`);
      }
    }
  }

  done(): void {
    if (this.tty && this.nodes.size > 0) this.io.err('\n');
  }
}

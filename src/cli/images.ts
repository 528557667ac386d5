// `appframework images`: the images on every viz node (one command per node), with whether each
// app image matches the local build.
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { imageFileOf } from '../core/apps';
import { formatSize } from '../core/deploy';
import { listNodeImages, matchLocalBuild, type LocalMatch, type NodeImages } from '../core/images';
import { cliChecksums, selectNodes } from './deploy';
import { openCluster, table } from './cluster';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const USAGE = 'Usage: appframework images [folder] [--nodes a,b] [--ssh-config FILE] [--json]\n';

const MATCH: Record<LocalMatch, string> = { same: 'current', different: 'differs', unknown: '?', 'no-build': '-' };

export async function runImages(args: string[], io: CliIo): Promise<number> {
  let options;
  try {
    options = parseOptions(args, { values: ['ssh-config', 'nodes'], flags: ['json'] });
    if (options.positional.length > 1) throw new UsageError('images takes one folder');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework images: ${error.message}\n${USAGE}`);
    return 2;
  }
  const cluster = await openCluster(options.positional[0] ?? '.', options.values.get('ssh-config'), io);
  try {
    const { config } = cluster;
    const checksums = cliChecksums();
    const local = cluster.hosts.access.spec.kind === 'local';
    const nodes = await Promise.all(
      selectNodes(cluster, options.values.get('nodes')).map(async (named) => {
        const listed: NodeImages = await listNodeImages(named.spec.text, named.host, { vncImages: config.deploy.vncImages, root: config.deploy.root });
        const matches = new Map<string, LocalMatch>();
        if (listed.kind === 'ok') {
          for (const image of listed.images) {
            if (image.kind !== 'app' || !image.appId || image.name !== `${image.appId}.sif` || !local) continue;
            const file = imageFileOf(config, image.appId);
            const stat = await fsp.stat(file).catch(() => undefined);
            matches.set(image.path, await matchLocalBuild(image, stat ? { size: stat.size, checksum: () => checksums.local(file) } : undefined));
          }
        }
        return { listed, matches };
      }),
    );
    if (options.flags.has('json')) {
      io.out(`${JSON.stringify(nodes.map(({ listed, matches }) => (listed.kind === 'ok' ? { ...listed, images: listed.images.map((i) => ({ ...i, local: matches.get(i.path) })) } : listed)), null, 2)}\n`);
      return nodes.some(({ listed }) => listed.kind !== 'ok') ? 1 : 0;
    }
    for (const { listed, matches } of nodes) {
      if (listed.kind !== 'ok') {
        io.out(`${listed.node}: ${listed.kind === 'unreachable' ? 'unreachable' : 'failed'}: ${listed.message}\n\n`);
        continue;
      }
      io.out(`${listed.node}${listed.apptainer ? '' : ' (no apptainer)'}\n`);
      if (listed.images.length === 0) {
        io.out(`  no images in ${config.deploy.vncImages} or ${config.deploy.root}/*/\n\n`);
        continue;
      }
      const rows = [['KIND', 'IMAGE', 'SIZE', 'MODIFIED', 'OWNER', 'MODE', 'LOCAL']];
      for (const image of listed.images) {
        rows.push([
          image.kind,
          image.kind === 'app' ? path.posix.relative(config.deploy.root, image.path) : image.name,
          formatSize(image.size),
          new Date(image.mtimeMs).toISOString().slice(0, 16).replace('T', ' '),
          `${image.user}:${image.group}`,
          image.mode,
          matches.has(image.path) ? MATCH[matches.get(image.path) as LocalMatch] : '-',
        ]);
      }
      io.out(table(rows).replace(/^/gm, '  '));
      io.out('\n');
    }
    return nodes.some(({ listed }) => listed.kind !== 'ok') ? 1 : 0;
  } finally {
    await cluster.dispose();
  }
}

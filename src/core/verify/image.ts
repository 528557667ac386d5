// Where the app's built image is: in the project's images folder on this machine, or in the build
// folder on a remote access host (where remote builds leave it). The newer one wins.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { imageFileOf } from '../apps/model';
import { remoteBuildFolder } from '../build/plan';
import type { ProjectConfig } from '../config/types';
import type { ImageSource } from '../deploy/source';
import type { CancellationTokenLike, Host } from '../hosts';
import type { ClusterHosts } from '../sessions/hosts';

export interface BuiltImage {
  readonly source: ImageSource;
  /** For messages: a path, or host:path. */
  readonly where: string;
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The user's home on a host, where remote builds keep their folder. */
export async function homeOf(host: Host, token?: CancellationTokenLike): Promise<string | undefined> {
  const result = await host.exec(['printenv', 'HOME'], { token, timeoutMs: 30_000 });
  const home = result.stdout.trim();
  return result.exitCode === 0 && home.startsWith('/') ? home : undefined;
}

export async function findBuiltImage(config: ProjectConfig, appId: string, hosts: ClusterHosts, token?: CancellationTokenLike): Promise<BuiltImage | undefined> {
  const candidates: BuiltImage[] = [];
  const localFile = imageFileOf(config, appId);
  const stat = await fsp.stat(localFile).catch(() => undefined);
  if (stat?.isFile()) candidates.push({ source: { kind: 'local', file: localFile }, where: localFile, file: localFile, size: stat.size, mtimeMs: stat.mtimeMs });
  const access = hosts.access;
  if (access.spec.kind !== 'local') {
    const home = await homeOf(access.host, token);
    if (home) {
      const file = path.posix.join(remoteBuildFolder(home), `${appId}.sif`);
      const remote = await access.host.stat(file, { token });
      if (remote?.type === 'file') {
        candidates.push({ source: { kind: 'remote', host: access.host, file }, where: `${access.host.label}:${file}`, file, size: remote.size, mtimeMs: remote.mtimeMs });
      }
    }
  }
  return candidates.sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
}

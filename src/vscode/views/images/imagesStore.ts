// The images on every configured viz node of every project, with whether each app image matches
// the local build. One listing command per node per refresh; nodes are listed in parallel and an
// unreachable node is a result of its own, never a failure of the whole view.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { imageFileOf, type AppDeployment } from '../../../core/apps';
import { remoteBuildFolder } from '../../../core/build';
import type { HostSpec } from '../../../core/config';
import { ChecksumCache } from '../../../core/deploy';
import type { Host } from '../../../core/hosts';
import { listNodeImages, matchLocalBuild, type DeployedImage, type LocalBuild, type LocalMatch, type NodeImages } from '../../../core/images';
import type { NamedHost } from '../../../core/sessions';
import type { ClusterAccess } from '../../clusterAccess';
import type { Project, ProjectService } from '../../config';
import type { RemoteHomes } from '../../tasks/remoteHome';

export interface NodeEntry {
  readonly project: Project;
  /** The node as configured (its host spec text). */
  readonly label: string;
  readonly spec: HostSpec;
  readonly host: Host;
  readonly images: NodeImages;
  /** How each image (by path) compares with the local build. */
  readonly matches: ReadonlyMap<string, LocalMatch>;
}

export class ImagesStore implements vscode.Disposable {
  private current: readonly NodeEntry[] = [];
  private loadedOnce = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly projects: ProjectService,
    private readonly cluster: ClusterAccess,
    readonly checksums: ChecksumCache,
    private readonly homes: RemoteHomes,
  ) {}

  get entries(): readonly NodeEntry[] {
    return this.current;
  }

  /** False until the first refresh has finished (the tree shows "Loading..."). */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    await this.projects.ready;
    const entries = await Promise.all(
      this.projects.projects.flatMap((project) => {
        const hosts = this.cluster.hostsOf(project.loaded.config);
        return hosts.viz.map((named) => this.loadNode(project, named, hosts.access, signal));
      }),
    );
    this.current = entries;
    this.loadedOnce = true;
    this.changed.fire();
  }

  /** Where the app is deployed, for the Apps tree. */
  deploymentsOf(project: Project, appId: string): AppDeployment[] | undefined {
    if (!this.loadedOnce) return undefined;
    return this.current
      .filter((entry) => entry.project === project && entry.images.kind === 'ok')
      .flatMap((entry) =>
        (entry.images.kind === 'ok' ? entry.images.images : [])
          .filter((image) => image.kind === 'app' && image.appId === appId && image.name === `${appId}.sif`)
          .map((image) => ({
            host: entry.label,
            path: image.path,
            size: image.size,
            mtimeMs: image.mtimeMs,
            ...(entry.matches.get(image.path) === 'same' ? { matchesLocal: true } : entry.matches.get(image.path) === 'different' ? { matchesLocal: false } : {}),
          })),
      );
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async loadNode(project: Project, named: NamedHost, access: NamedHost, signal?: AbortSignal): Promise<NodeEntry> {
    const config = project.loaded.config;
    const token = signal ? abortToken(signal) : undefined;
    const images = await listNodeImages(named.spec.text, named.host, { vncImages: config.deploy.vncImages, root: config.deploy.root }, token);
    const matches = new Map<string, LocalMatch>();
    if (images.kind === 'ok') {
      await Promise.all(
        images.images.map(async (image) => {
          if (image.kind !== 'app' || !image.appId || image.name !== `${image.appId}.sif`) return;
          matches.set(image.path, await matchLocalBuild(image, await this.localBuild(project, access, image)));
        }),
      );
    }
    return { project, label: named.spec.text, spec: named.spec, host: named.host, images, matches };
  }

  /** The app's built image where builds run: in the project (local) or in the build folder on the access host. */
  private async localBuild(project: Project, access: NamedHost, image: DeployedImage): Promise<LocalBuild | undefined> {
    const id = image.appId as string;
    try {
      if (access.spec.kind === 'local') {
        const file = imageFileOf(project.loaded.config, id);
        const stat = await vscode.workspace.fs.stat(vscode.Uri.file(file));
        return { size: stat.size, checksum: () => this.checksums.local(file) };
      }
      const file = path.posix.join(remoteBuildFolder(await this.homes.of(access.host)), `${id}.sif`);
      const stat = await access.host.stat(file);
      return stat?.type === 'file' ? { size: stat.size, checksum: () => this.checksums.remote(access.host, file) } : undefined;
    } catch {
      return undefined;
    }
  }
}

function abortToken(signal: AbortSignal): vscode.CancellationToken {
  const source = new vscode.CancellationTokenSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source.token;
}

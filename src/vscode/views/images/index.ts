import * as path from 'node:path';
import * as vscode from 'vscode';
import { ChecksumCache, jsonFileStore } from '../../../core/deploy';
import type { ClusterAccess } from '../../clusterAccess';
import type { Ctx } from '../../context';
import type { ProjectService } from '../../config';
import { RemoteHomes } from '../../tasks/remoteHome';
import type { AppsStore } from '../apps';
import type { RefreshScheduler } from '../refreshScheduler';
import { ImagesStore } from './imagesStore';
import { ImagesTreeProvider } from './imagesTreeProvider';

export { ImagesStore, type NodeEntry } from './imagesStore';
export { DeployedImageNode, deployedImageContext } from './deployedImageNode';
export { VizNodeNode } from './vizNodeNode';
export type { ImagesTreeNode } from './node';

export const IMAGES_VIEW_ID = 'appframework.images';

/** Commands after which the images on the nodes are out of date. */
const CHANGES_IMAGES = /^appframework\.(deploy|deleteImage|redeployImage)/;

/** What build, deploy and the Images view share: the view's store, checksums, build problems. */
export interface ImagesView {
  readonly store: ImagesStore;
  readonly checksums: ChecksumCache;
  readonly homes: RemoteHomes;
  /** Build errors placed in definition files. */
  readonly buildProblems: vscode.DiagnosticCollection;
}

/** The Images view: per viz node, its VNC and app images; refreshed by the scheduler while visible. */
export function registerImagesView(ctx: Ctx, deps: { projects: ProjectService; apps: AppsStore; scheduler: RefreshScheduler; cluster: ClusterAccess }): ImagesView {
  const storage = ctx.extension.globalStorageUri.fsPath;
  // Checksums survive restarts: a 1 GiB image is hashed once per build, not once per session.
  const checksums = new ChecksumCache(jsonFileStore(path.join(storage, 'checksums.json')));
  const homes = new RemoteHomes();
  const store = ctx.own(new ImagesStore(deps.projects, deps.cluster, checksums, homes));
  const provider = ctx.own(new ImagesTreeProvider(store));
  const view = ctx.own(vscode.window.createTreeView(IMAGES_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));
  const buildProblems = ctx.own(vscode.languages.createDiagnosticCollection('apptainer build'));

  ctx.own(
    deps.scheduler.register({
      id: IMAGES_VIEW_ID,
      // Remote commands: only while the view is visible, once a minute.
      intervalMs: 60_000,
      refreshAfter: (command) => CHANGES_IMAGES.test(command),
      refresh: (_trigger, signal) => store.refresh(signal),
      onResult: (error) => {
        if (error) ctx.log.warn(`Images: ${error instanceof Error ? error.message : String(error)}`);
      },
    }),
  );
  deps.scheduler.setVisible(IMAGES_VIEW_ID, view.visible);
  ctx.own(view.onDidChangeVisibility(({ visible }) => deps.scheduler.setVisible(IMAGES_VIEW_ID, visible)));
  // The Apps tree shows where each app is deployed.
  ctx.own(store.onDidChange(() => deps.apps.setDeploymentSource((project, id) => store.deploymentsOf(project, id))));
  return { store, checksums, homes, buildProblems };
}

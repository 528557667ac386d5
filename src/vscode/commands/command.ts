import type { Ctx } from '../context';
import type { ProjectService } from '../config';
import type { RefreshScheduler } from '../views/refreshScheduler';
import type { AppsStore } from '../views/apps';
import type { ViewerPanels } from '../panel';
import type { ClusterAccess } from '../clusterAccess';
import type { JobsView } from '../views/jobs';
import type { ImagesView } from '../views/images';

/** What every command handler receives; no module-level state. */
export interface CommandDeps {
  readonly ctx: Ctx;
  readonly projects: ProjectService;
  readonly scheduler: RefreshScheduler;
  readonly apps: AppsStore;
  /** The session viewer's panels, one per session. */
  readonly viewer: ViewerPanels;
  /** SSH pool, cluster hosts and job queues shared by every view and command. */
  readonly cluster: ClusterAccess;
  /** The Jobs view's store, launched-session records, log documents and notifications. */
  readonly jobs: JobsView;
  /** The Images view's store, the checksum cache and build problems shared by build and deploy. */
  readonly images: ImagesView;
}

export interface CommandDefinition {
  readonly id: string;
  run(deps: CommandDeps, ...args: unknown[]): unknown;
}

/** Thrown when the user dismisses a prompt: the command ends quietly. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** A value from a prompt, or `Cancelled` when the prompt was dismissed. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}

// What every check of a Verify App run sees: the project, the app as the apps model joined it,
// the cluster's hosts, and what earlier checks found (the local build, the deployments, the test
// job) so later checks build on it instead of asking again.
import type { App } from '../apps/model';
import type { ProjectConfig } from '../config/types';
import type { ChecksumCache } from '../deploy/checksum';
import type { CancellationTokenLike, Host } from '../hosts';
import type { SlurmQueue } from '../jobs/queue';
import type { FetchLike } from '../sessions/backend';
import type { NodeResolver } from '../sessions/endpoint';
import type { ClusterHosts } from '../sessions/hosts';
import type { TestLaunch } from './checks/testLaunch';
import type { BuiltImage } from './image';

export interface VerifyOptions {
  /** The test job's time limit (sbatch --time); short, because it only has to start. */
  readonly testTimeLimit: string;
  /** Build the image when it is missing or older than the definition (where Apptainer is). */
  readonly build: boolean;
  /** How long the test job may wait in the queue, take to write its info file, and to open its port. */
  readonly timeoutsMs: { readonly pending: number; readonly info: number; readonly port: number; readonly localRun: number };
  readonly pollMs: { readonly pending: number; readonly info: number; readonly port: number };
}

export const DEFAULT_VERIFY_OPTIONS: VerifyOptions = {
  testTimeLimit: '00:05:00',
  build: true,
  timeoutsMs: { pending: 180_000, info: 120_000, port: 120_000, localRun: 120_000 },
  pollMs: { pending: 1000, info: 500, port: 500 },
};

/** Filled in by the checks as they run. */
export interface VerifyState {
  /** The image built for the app (check 1), with its sha256 once known. */
  build?: BuiltImage & { sha256?: string };
  /** Viz nodes holding the right image (check 3). */
  deployedEverywhere?: boolean;
  /** Test jobs this run submitted: every one is cancelled at the end. */
  readonly jobs: number[];
  /** The test job's launch: started by check 4, followed by checks 5 and 6. */
  testLaunch?: TestLaunch;
  /** What was undone at the end (local runs stopped, test jobs cancelled). */
  readonly cleanup: string[];
}

export interface VerifyContext {
  readonly config: ProjectConfig;
  readonly app: App;
  readonly hosts: ClusterHosts;
  readonly queue: SlurmQueue;
  readonly resolver: NodeResolver;
  readonly checksums: ChecksumCache;
  /** This machine (for "runs locally"). */
  readonly local: Host;
  readonly options: VerifyOptions;
  readonly state: VerifyState;
  readonly token?: CancellationTokenLike;
  readonly fetch?: FetchLike;
  /** Progress lines (commands started, waits) for logs and progress displays. */
  readonly note: (message: string) => void;
}

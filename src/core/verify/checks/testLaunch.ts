// The test job behind checks 4 to 6: the app's job template submitted with sbatch and a short
// time limit, followed (by the launch flow the Launch Session command uses) until RUNNING, its
// info file, and its websocket port. Each check waits for the step it reports on.
import { CancellationSource, whenCancelled } from '../../hosts';
import { launchSession, sessionIdFor, type LaunchEvent, type LaunchedSession } from '../../sessions/launch';
import type { SessionInfo } from '../../slurm';
import type { VerifyContext } from '../context';

export type LaunchStep = 'submitted' | 'info';

export interface LaunchOutcome {
  readonly session?: LaunchedSession;
  readonly error?: unknown;
}

export class TestLaunch {
  readonly sessionId: string;
  jobId?: number;
  port?: number;
  node?: string;
  info?: { readonly info: SessionInfo; readonly path: string };
  /** The session once its port answers, or why the launch stopped. */
  readonly settled: Promise<LaunchOutcome>;
  private readonly stop = new CancellationSource();
  private readonly happened = new Set<LaunchStep>();
  private readonly waiting: Record<LaunchStep, ((ok: boolean) => void)[]> = { submitted: [], info: [] };
  private ended = false;

  /**
   * Starts the launch. With `stoppedAfterSubmit`, it is stopped once sbatch accepted the job (the
   * launch flow then cancels it): a job could not start an image the nodes do not have.
   */
  constructor(
    private readonly ctx: VerifyContext,
    templateFile: string,
    readonly stoppedAfterSubmit: boolean,
  ) {
    this.sessionId = sessionIdFor(`verify-${ctx.app.id}`);
    const unlink = whenCancelled(ctx.token, () => this.stop.cancel());
    const { timeoutsMs, pollMs } = ctx.options;
    this.settled = launchSession({
      app: { id: ctx.app.id, templateFile },
      config: ctx.config,
      hosts: ctx.hosts,
      queue: ctx.queue,
      resolver: ctx.resolver,
      sessionId: this.sessionId,
      via: 'sbatch',
      // sbatch reads SBATCH_* variables too, and they win over the script's #SBATCH lines.
      submitEnv: { SBATCH_TIMELIMIT: ctx.options.testTimeLimit },
      token: this.stop.token,
      onProgress: (event) => this.onProgress(event),
      pollMs,
      timeoutMs: { pending: timeoutsMs.pending, info: timeoutsMs.info, port: timeoutsMs.port },
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
    }).then(
      (session): LaunchOutcome => ({ session }),
      (error: unknown): LaunchOutcome => ({ error }),
    );
    void this.settled.then(() => {
      this.ended = true;
      unlink();
      for (const step of ['submitted', 'info'] as const) for (const resolve of this.waiting[step].splice(0)) resolve(false);
    });
  }

  /** Resolves true once the step happened, false when the launch ended before it. */
  reached(step: LaunchStep): Promise<boolean> {
    if (this.happened.has(step)) return Promise.resolve(true);
    if (this.ended) return Promise.resolve(false);
    return new Promise((resolve) => this.waiting[step].push(resolve));
  }

  /** Stops a launch still in progress (which then cancels its job); nothing once it settled. */
  cancel(): void {
    this.stop.cancel();
  }

  private mark(step: LaunchStep): void {
    this.happened.add(step);
    for (const resolve of this.waiting[step].splice(0)) resolve(true);
  }

  private onProgress(event: LaunchEvent): void {
    this.ctx.note(`test job: ${describe(event)}`);
    if (event.kind === 'submitting') this.port = event.port;
    if (event.kind === 'submitted') {
      this.jobId = event.jobId;
      this.ctx.state.jobs.push(event.jobId);
      this.mark('submitted');
      if (this.stoppedAfterSubmit) this.stop.cancel();
    }
    if (event.kind === 'running') this.node = event.node;
    if (event.kind === 'info') {
      this.info = { info: event.info, path: event.path };
      this.mark('info');
    }
  }
}

function describe(event: LaunchEvent): string {
  switch (event.kind) {
    case 'submitted':
      return `job ${event.jobId} submitted`;
    case 'pending':
      return `job ${event.jobId} pending${event.reason ? ` (${event.reason})` : ''}`;
    case 'running':
      return `job ${event.jobId} running${event.node ? ` on ${event.node}` : ''}`;
    case 'info':
      return `info file ${event.path}`;
    case 'ready':
      return 'websocket port answers';
    default:
      return event.kind;
  }
}

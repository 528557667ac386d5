// Verify App: the eight checks in order, each timed and turned into a result; a check that
// throws becomes a failure with its one-line message. Whatever happens (failure, cancellation),
// every test job this run submitted is cancelled at the end and waited for until it left the queue.
import { loadApps } from '../apps/model';
import { nodeFs, type ProjectFs } from '../apps/fs';
import type { ProjectConfig } from '../config/types';
import { ChecksumCache } from '../deploy/checksum';
import { isHostError, LocalHost, type CancellationTokenLike, type Host } from '../hosts';
import { SlurmQueue } from '../jobs/queue';
import { runSlurm, SlurmNotInstalled } from '../jobs/runSlurm';
import type { FetchLike } from '../sessions/backend';
import { delay } from '../sessions/delay';
import { NodeResolver } from '../sessions/endpoint';
import type { ClusterHosts } from '../sessions/hosts';
import { isCancellation } from '../sessions/launch';
import { isActiveState, scancelJob } from '../slurm';
import { checkBackend } from './checks/backend';
import { checkDefinitionAndImage } from './checks/definition';
import { checkDeployed } from './checks/deployed';
import { checkLocalRun } from './checks/localRun';
import { checkRegistered } from './checks/registered';
import { checkJobRunning, checkJobTemplate, checkNoVnc } from './checks/testJob';
import { DEFAULT_VERIFY_OPTIONS, type VerifyContext, type VerifyOptions, type VerifyState } from './context';
import { fail, skipped, VERIFY_CHECKS, type CheckId, type CheckOutcome, type CheckResult, type VerifyReport, type VerifyStatus } from './types';

export interface VerifyRequest {
  readonly config: ProjectConfig;
  readonly appId: string;
  readonly hosts: ClusterHosts;
  readonly queue?: SlurmQueue;
  readonly resolver?: NodeResolver;
  readonly checksums?: ChecksumCache;
  readonly local?: Host;
  readonly fs?: ProjectFs;
  readonly token?: CancellationTokenLike;
  readonly options?: Partial<VerifyOptions>;
  readonly fetch?: FetchLike;
  readonly onProgress?: (event: VerifyEvent) => void;
}

export type VerifyEvent =
  | { readonly kind: 'checking'; readonly number: number; readonly title: string }
  | { readonly kind: 'checked'; readonly result: CheckResult }
  | { readonly kind: 'note'; readonly message: string }
  | { readonly kind: 'cleanup'; readonly message: string };

const RUNNERS: Record<CheckId, (ctx: VerifyContext) => Promise<CheckOutcome>> = {
  definition: checkDefinitionAndImage,
  localRun: checkLocalRun,
  deployed: checkDeployed,
  jobTemplate: checkJobTemplate,
  jobRunning: checkJobRunning,
  novnc: checkNoVnc,
  backend: checkBackend,
  registered: checkRegistered,
};

/** A check that threw: the error's message, and what usually helps with that kind of error. */
export function outcomeOfError(error: unknown): CheckOutcome {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  if (error instanceof SlurmNotInstalled) return fail(text, 'Point hosts.access in appframework.yaml at a host where sbatch, squeue and srun are installed.');
  if (isHostError(error)) {
    switch (error.kind) {
      case 'unreachable':
      case 'timed-out':
        return fail(text, `Check that ${error.host} is up and reachable over SSH (App Framework: Configure Cluster tests the connection).`);
      case 'auth-failed':
        return fail(text, `Set up key login to ${error.host} (ssh-agent, or appframework.ssh.identityFile in the settings).`);
      case 'host-key-unknown':
      case 'host-key-changed':
        return fail(text, `Confirm the host key of ${error.host} (connect once with ssh, or run App Framework: Configure Cluster).`);
      case 'permission-denied':
        return fail(text, 'Allow the user to do this on the host (group membership or passwordless sudo), or change the folder in appframework.yaml.');
      default:
        break;
    }
  }
  return fail(text, 'See the message; run the check\'s step by hand to see more.');
}

function countStatuses(checks: readonly CheckResult[]): Record<VerifyStatus, number> {
  const counts: Record<VerifyStatus, number> = { pass: 0, fail: 0, skipped: 0 };
  for (const check of checks) counts[check.status]++;
  return counts;
}

export async function verifyApp(request: VerifyRequest): Promise<VerifyReport> {
  const { config, hosts, token } = request;
  const startedAt = new Date();
  const emit = request.onProgress ?? (() => undefined);
  const snapshot = await loadApps(config, request.fs ?? nodeFs);
  const app = snapshot.apps.find((candidate) => candidate.id === request.appId);
  if (!app) throw new Error(`No app "${request.appId}" in ${config.root}.`);
  const state: VerifyState = { jobs: [], cleanup: [] };
  const ctx: VerifyContext = {
    config,
    app,
    hosts,
    queue: request.queue ?? new SlurmQueue(hosts.access.host),
    resolver: request.resolver ?? new NodeResolver(hosts),
    checksums: request.checksums ?? new ChecksumCache(),
    local: request.local ?? new LocalHost(),
    options: { ...DEFAULT_VERIFY_OPTIONS, ...request.options },
    state,
    token,
    ...(request.fetch ? { fetch: request.fetch } : {}),
    note: (message) => emit({ kind: 'note', message }),
  };

  const checks: CheckResult[] = [];
  let cancelled = false;
  try {
    for (const [index, { id, title }] of VERIFY_CHECKS.entries()) {
      const number = index + 1;
      const started = Date.now();
      let outcome: CheckOutcome;
      if (cancelled || token?.isCancellationRequested) {
        cancelled = true;
        outcome = skipped('the run was cancelled');
      } else {
        emit({ kind: 'checking', number, title });
        try {
          outcome = await RUNNERS[id](ctx);
        } catch (error) {
          if (isCancellation(error) || token?.isCancellationRequested) {
            cancelled = true;
            outcome = skipped('the run was cancelled');
          } else {
            outcome = outcomeOfError(error);
          }
        }
      }
      const result: CheckResult = { number, id, title, status: outcome.status, summary: outcome.summary, evidence: outcome.evidence ?? [], ...(outcome.fix ? { fix: outcome.fix } : {}), ms: Date.now() - started };
      checks.push(result);
      emit({ kind: 'checked', result });
    }
  } finally {
    await cleanUp(ctx, (message) => emit({ kind: 'cleanup', message }));
  }
  const counts = countStatuses(checks);
  return {
    appId: app.id,
    project: config.root,
    accessHost: hosts.access.spec.text,
    vizHosts: hosts.viz.map((named) => named.spec.text),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    checks,
    cleanup: state.cleanup,
    cancelled,
    counts,
    ok: !cancelled && counts.fail === 0,
  };
}

/** How long to wait for a cancelled test job to leave the queue. */
const LEAVE_QUEUE_MS = 60_000;

/** Cancels every job the run submitted (not with the run's token: this must run after a cancel too). */
async function cleanUp(ctx: VerifyContext, emit: (message: string) => void): Promise<void> {
  // A launch still under way is stopped (it cancels its own job); let it finish first.
  ctx.state.testLaunch?.cancel();
  await ctx.state.testLaunch?.settled;
  for (const jobId of ctx.state.jobs) {
    let note: string;
    try {
      const answer = await runSlurm(ctx.hosts.access.host, scancelJob(jobId), { timeoutMs: 30_000 });
      const deadline = Date.now() + LEAVE_QUEUE_MS;
      let job = await ctx.queue.job(jobId);
      while (job && isActiveState(job.state) && Date.now() < deadline) {
        await delay(500);
        job = await ctx.queue.job(jobId);
      }
      const still = job && isActiveState(job.state) ? `, but it is still ${job.stateRaw}` : '';
      note = `test job ${jobId} ${answer.kind === 'cancelled' ? 'cancelled' : 'had already ended'}${still}`;
    } catch (error) {
      note = `test job ${jobId} could not be cancelled (${error instanceof Error ? error.message : String(error)}): cancel it with scancel ${jobId}`;
    }
    ctx.state.cleanup.push(note);
    emit(note);
  }
  // A job killed by scancel may not get to remove its info file (the seed's template does it last).
  const info = ctx.state.testLaunch?.info;
  if (info) {
    const viz = await ctx.resolver.vizHostOf(info.info.node).catch(() => undefined);
    const removed = viz ? await viz.host.remove(info.path).then(() => true, () => false) : false;
    if (removed) {
      const note = `session info file ${info.path} removed from ${info.info.node}`;
      ctx.state.cleanup.push(note);
      emit(note);
    }
  }
}

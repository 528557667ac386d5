// Launch Session: choose a session id and a free port, submit the app's job template (sbatch
// --export=ALL,SESSION_ID=..,VNC_PORT=.., as the seed's backend does) or ask the backend, follow
// the job from PENDING to RUNNING, read its info file on the node, and wait until the websocket
// port answers. Every step can be cancelled; a cancelled launch cancels the job it submitted.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { ProjectConfig } from '../config';
import { Cancelled, isHostError, type CancellationTokenLike } from '../hosts';
import { SlurmQueue } from '../jobs/queue';
import { runSlurm } from '../jobs/runSlurm';
import { infoFilePath, newSessionId, sbatchSubmit, scancelJob, SlurmCommandError, SlurmParseError, type Job, type SessionInfo } from '../slurm';
import { launchThroughBackend, type FetchLike } from './backend';
import { delay, pollWaits, throwIfCancelled } from './delay';
import { discoverSessionInfo } from './discover';
import { NodeResolver, openEndpointStream, type SessionEndpoint } from './endpoint';
import type { ClusterHosts } from './hosts';
import { templateJobName } from './jobTemplate';
import { chooseSessionPort } from './ports';
import { readSessionInfo, sessionPassword } from './sessionInfo';
import { webSocketHandshake } from './websocket';

export interface LaunchApp {
  readonly id: string;
  /** The job template on this machine. */
  readonly templateFile: string;
}

export type LaunchEvent =
  | { readonly kind: 'choosingPort' }
  | { readonly kind: 'submitting'; readonly via: 'sbatch' | 'backend'; readonly sessionId?: string; readonly port?: number; readonly unchecked?: readonly string[] }
  | { readonly kind: 'submitted'; readonly jobId: number; readonly sessionId?: string; readonly port?: number }
  | { readonly kind: 'pending'; readonly jobId: number; readonly reason?: string }
  | { readonly kind: 'running'; readonly jobId: number; readonly node?: string }
  | { readonly kind: 'waitingForInfo'; readonly path?: string }
  | { readonly kind: 'info'; readonly info: SessionInfo; readonly path: string }
  | { readonly kind: 'waitingForPort'; readonly endpoint: string }
  | { readonly kind: 'ready'; readonly session: LaunchedSession };

export interface LaunchedSession {
  readonly appId: string;
  readonly sessionId: string;
  readonly jobId: number;
  readonly node: string;
  readonly port: number;
  readonly infoFile: string;
  readonly info: SessionInfo;
  readonly endpoint: SessionEndpoint;
  /** From the info file (value or password file); never logged. */
  readonly password?: string;
  readonly via: 'sbatch' | 'backend';
}

export interface LaunchOptions {
  readonly app: LaunchApp;
  readonly config: ProjectConfig;
  readonly hosts: ClusterHosts;
  readonly queue?: SlurmQueue;
  readonly resolver?: NodeResolver;
  /** Default: a new `af-<app>-<random>`. */
  readonly sessionId?: string;
  /** Default: a free port of `slurm.ports` on the visualization nodes. */
  readonly port?: number;
  /** Ports promised to sessions that may not listen yet. */
  readonly reservedPorts?: Iterable<number>;
  /** Default: the backend when appframework.yaml names one, else sbatch. */
  readonly via?: 'sbatch' | 'backend';
  /** The backend's `user_id`; default the login user on the access host. */
  readonly backendUser?: string;
  /** Extra environment for sbatch, which --export=ALL passes on to the job. */
  readonly submitEnv?: Readonly<Record<string, string>>;
  readonly token?: CancellationTokenLike;
  readonly onProgress?: (event: LaunchEvent) => void;
  /** Leave the job queued when the launch is cancelled (default: cancel it). */
  readonly keepJobOnCancel?: boolean;
  /** The longest waits between polls (they start shorter). */
  readonly pollMs?: Partial<typeof DEFAULT_POLL_MS>;
  readonly timeoutMs?: Partial<typeof DEFAULT_TIMEOUT_MS>;
  readonly fetch?: FetchLike;
}

export const DEFAULT_POLL_MS = { pending: 2000, info: 1000, port: 1000 };
/**
 * How long one read of the info file waits on the node for the file to appear. It runs in the
 * queue's shell (no new login shell while the job starts), whose polls wait for it meanwhile.
 */
const INFO_WAIT_S = 2;
/** How long a running job may take to write its info file, and then to open its port. No limit on waiting in the queue. */
export const DEFAULT_TIMEOUT_MS = { pending: Infinity, info: 180_000, port: 180_000 };

/** A launch that could not finish; `jobId` is set once a job exists (it is left running unless it ended). */
export class LaunchFailed extends Error {
  constructor(
    message: string,
    readonly jobId?: number,
  ) {
    super(message);
    this.name = 'LaunchFailed';
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof Cancelled || (isHostError(error) && error.kind === 'cancelled');
}

/** A session id for an app whose id may hold characters session ids do not allow. */
export function sessionIdFor(appId: string): string {
  const slug = appId.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 32) || 'app';
  return newSessionId(slug);
}

export async function launchSession(options: LaunchOptions): Promise<LaunchedSession> {
  const { app, config, hosts, token } = options;
  const progress = options.onProgress ?? (() => undefined);
  const queue = options.queue ?? new SlurmQueue(hosts.access.host);
  const resolver = options.resolver ?? new NodeResolver(hosts);
  const poll = { ...DEFAULT_POLL_MS, ...options.pollMs };
  const limits = { ...DEFAULT_TIMEOUT_MS, ...options.timeoutMs };
  const access = hosts.access.host;
  // Reads on the job's node go where the queue's polls go: one long-lived shell, no login per read.
  const onNode = queue.host;

  const templateText = await fsp.readFile(app.templateFile, 'utf8').catch(() => {
    throw new LaunchFailed(`The job template ${app.templateFile} of ${app.id} cannot be read.`);
  });
  throwIfCancelled(token, 'launch');
  // The node names do not depend on the job: learn them while the port is chosen and the job waits
  // (a job that starts at once would otherwise wait for them).
  resolver.prefetch();

  const via = options.via ?? (config.backend ? 'backend' : 'sbatch');
  let jobId: number;
  let sessionId: string | undefined;
  if (via === 'backend') {
    if (!config.backend) throw new LaunchFailed('No backend is configured (backend.url in appframework.yaml).');
    progress({ kind: 'submitting', via });
    const user = options.backendUser ?? (await queue.currentUser({ token }));
    const answer = await launchThroughBackend(config.backend.url, app.id, user, { token, fetch: options.fetch });
    jobId = answer.jobId;
    sessionId = answer.sessionId;
    progress({ kind: 'submitted', jobId, sessionId, port: answer.port });
  } else {
    sessionId = options.sessionId ?? sessionIdFor(app.id);
    let port = options.port;
    let unchecked: readonly string[] = [];
    if (port === undefined) {
      progress({ kind: 'choosingPort' });
      ({ port, unchecked } = await chooseSessionPort(hosts, config.slurm.ports, options.reservedPorts, token));
    }
    progress({ kind: 'submitting', via, sessionId, port, unchecked });
    const local = hosts.access.spec.kind === 'local';
    // Without a name of its own the job would be called after the script (or "sbatch" when read from stdin).
    const jobName = templateJobName(templateText) === undefined ? `${app.id}_vnc` : undefined;
    const submitted = await runSlurm(
      access,
      sbatchSubmit({ sessionId, vncPort: port, ...(jobName ? { jobName } : {}), ...(local ? { script: app.templateFile } : {}) }),
      // A remote access host may not see this machine's files: the template goes on sbatch's stdin.
      { token, ...(local ? { cwd: path.dirname(app.templateFile) } : { stdin: templateText }), ...(options.submitEnv ? { env: options.submitEnv } : {}) },
    );
    jobId = submitted.jobId;
    progress({ kind: 'submitted', jobId, sessionId, port });
  }

  try {
    await untilRunning();
    const { info, infoFile } = await untilInfo();
    const endpoint = await resolver.endpoint(info.node, info.vncPort, token);
    await untilPortAnswers(endpoint);
    const password = await sessionPassword(onNode, jobId, info, token).catch((error: unknown) => {
      if (isCancellation(error)) throw error;
      // The viewer asks for the password instead.
      return undefined;
    });
    const session: LaunchedSession = {
      appId: app.id,
      sessionId: info.sessionId,
      jobId,
      node: info.node,
      port: info.vncPort,
      infoFile,
      info,
      endpoint,
      via,
      ...(password !== undefined ? { password } : {}),
    };
    progress({ kind: 'ready', session });
    return session;
  } catch (error) {
    if (isCancellation(error) && !options.keepJobOnCancel) {
      // Not with the cancelled token: this must still run.
      await runSlurm(access, scancelJob(jobId), { timeoutMs: 30_000 }).catch(() => undefined);
    }
    throw error;
  }

  async function untilRunning(): Promise<Job> {
    const started = Date.now();
    const wait = pollWaits(poll.pending);
    let lastReason: string | null | undefined = null;
    for (;;) {
      const job = await queue.job(jobId, { token });
      if (!job) throw new LaunchFailed(`Job ${jobId} left the queue before it started.`, jobId);
      if (job.state === 'RUNNING') {
        progress({ kind: 'running', jobId, node: job.nodes });
        return job;
      }
      if (job.state !== 'PENDING' && job.state !== 'CONFIGURING') throw await ended(job);
      if (job.reason !== lastReason) {
        lastReason = job.reason;
        progress({ kind: 'pending', jobId, reason: job.reason });
      }
      if (Date.now() - started > limits.pending) {
        throw new LaunchFailed(`Job ${jobId} is still pending${job.reason ? ` (${job.reason})` : ''}; it stays in the queue.`, jobId);
      }
      await delay(wait(), token, 'launch');
    }
  }

  async function untilInfo(): Promise<{ info: SessionInfo; infoFile: string }> {
    const known = sessionId === undefined ? undefined : infoFilePath(config.slurm.infoFile, sessionId);
    progress({ kind: 'waitingForInfo', path: known });
    const deadline = Date.now() + limits.info;
    const wait = pollWaits(poll.info);
    let invalid: string | undefined;
    for (;;) {
      if (known) {
        const waitSeconds = Math.max(0, Math.min(INFO_WAIT_S, Math.floor((deadline - Date.now()) / 1000)));
        const read = await readSessionInfo(onNode, jobId, known, { sessionId }, token, waitSeconds).catch(async (error: unknown) => {
          // A step that failed because the job ended is the job's end, however srun put it.
          if (error instanceof SlurmCommandError) {
            const job = await queue.job(jobId, { token });
            if (job?.state !== 'RUNNING') throw await ended(job);
          }
          // Caught mid-write, or not a session info file: read again until the deadline says otherwise.
          if (!(error instanceof SlurmParseError)) throw error;
          invalid = error.message;
          return undefined;
        });
        // A file left by an earlier job of the same session id is rewritten when this one starts.
        if (read?.kind === 'ok' && read.info.jobId === jobId) {
          progress({ kind: 'info', info: read.info, path: known });
          return { info: read.info, infoFile: known };
        }
        if (read?.kind === 'jobGone') throw await ended(await queue.job(jobId, { token }));
        // The step waited for the file and it is not there yet: wait again at once.
        if (read?.kind === 'missing' && waitSeconds > 0 && Date.now() < deadline) continue;
      } else {
        const found = await discoverSessionInfo(onNode, jobId, config.slurm.infoFile, token);
        if (found.kind === 'found') {
          progress({ kind: 'info', info: found.info, path: found.path });
          return { info: found.info, infoFile: found.path };
        }
        if (found.kind === 'jobGone') throw await ended(await queue.job(jobId, { token }));
      }
      if (Date.now() > deadline) {
        const where = known ?? `a file matching ${config.slurm.infoFile}`;
        if (invalid) throw new LaunchFailed(`Job ${jobId}: ${invalid} (${where}).`, jobId);
        throw new LaunchFailed(`Job ${jobId} runs but wrote no session info (${where}) within ${Math.round(limits.info / 1000)} s: run Diagnose on the job.`, jobId);
      }
      await delay(wait(), token, 'launch');
    }
  }

  async function untilPortAnswers(endpoint: SessionEndpoint): Promise<void> {
    progress({ kind: 'waitingForPort', endpoint: endpoint.description });
    const deadline = Date.now() + limits.port;
    const wait = pollWaits(poll.port);
    let lastCheck = Date.now();
    let why = '';
    for (;;) {
      try {
        const { stream, close } = await openEndpointStream(endpoint);
        const answer = await webSocketHandshake(stream, { timeoutMs: 10_000 });
        await close();
        if (answer.ok) return;
        why = answer.reason;
      } catch (error) {
        if (isCancellation(error)) throw error;
        why = error instanceof Error ? error.message : String(error);
      }
      throwIfCancelled(token, 'launch');
      if (Date.now() - lastCheck > 5000) {
        lastCheck = Date.now();
        const job = await queue.job(jobId, { token });
        if (!job || job.state !== 'RUNNING') throw await ended(job);
      }
      if (Date.now() > deadline) {
        throw new LaunchFailed(`The websocket port ${endpoint.description} of job ${jobId} did not answer within ${Math.round(limits.port / 1000)} s (${why}): run Diagnose on the job.`, jobId);
      }
      await delay(wait(), token, 'launch');
    }
  }

  async function ended(job: Job | undefined): Promise<LaunchFailed> {
    // A job still completing has not told how it ended yet (squeue's text says only COMPLETING).
    for (let tries = 0; job?.state === 'COMPLETING' && tries < 10; tries++) {
      await delay(500, token, 'launch');
      job = await queue.job(jobId, { token });
    }
    if (!job) return new LaunchFailed(`Job ${jobId} ended before the session was ready.`, jobId);
    const reason = job.reason ? `, ${job.reason}` : '';
    const log = job.stderrPath ? ` See its error log ${job.stderrPath}.` : '';
    return new LaunchFailed(`Job ${jobId} ended (${job.stateRaw}${reason}) before the session was ready.${log}`, jobId);
  }
}

/** One line per step, for progress messages and the CLI. */
export function describeLaunchEvent(event: LaunchEvent): string {
  switch (event.kind) {
    case 'choosingPort':
      return 'choosing a free port on the visualization nodes';
    case 'submitting':
      return event.via === 'backend' ? 'asking the backend for a session' : `submitting the job (session ${event.sessionId}, port ${event.port})`;
    case 'submitted':
      return `job ${event.jobId} submitted`;
    case 'pending':
      return `job ${event.jobId} is pending${event.reason ? ` (${event.reason})` : ''}`;
    case 'running':
      return `job ${event.jobId} is running${event.node ? ` on ${event.node}` : ''}`;
    case 'waitingForInfo':
      return 'waiting for the session info file on the node';
    case 'info':
      return `session ${event.info.sessionId} on ${event.info.node}, port ${event.info.vncPort}`;
    case 'waitingForPort':
      return `waiting for the websocket port (${event.endpoint})`;
    case 'ready':
      return 'the session is ready';
  }
}

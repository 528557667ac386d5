// Reaching a session from a queued job: its info file on the node (by the recorded session id,
// or found by its JOB_ID line), the way to its port, its password; and showing it in the viewer.
import * as vscode from 'vscode';
import type { CancellationTokenLike } from '../../../core/hosts';
import type { QueueEntry } from '../../../core/jobs';
import { infoFilePath } from '../../../core/slurm';
import { discoverSessionInfo, readSessionInfo, sessionPassword, viewerSessionOf, type SessionEndpoint } from '../../../core/sessions';
import type { ClusterAccess } from '../../clusterAccess';
import type { Ctx } from '../../context';
import type { ViewerPanels } from '../../panel';
import type { HostJobs } from './jobsStore';
import type { SessionRecords } from './sessionRecords';

export interface ReachedSession {
  readonly appId: string;
  readonly jobId: number;
  readonly node: string;
  readonly port: number;
  readonly endpoint: SessionEndpoint;
  readonly password?: string;
}

export async function reachSession(
  cluster: ClusterAccess,
  records: SessionRecords,
  hostJobs: HostJobs,
  entry: QueueEntry,
  token?: CancellationTokenLike,
): Promise<ReachedSession> {
  const { job } = entry;
  const config = hostJobs.project.loaded.config;
  // Through the queue's long-lived shell: no login shell start-up per read.
  const access = cluster.queueOf(hostJobs.hosts).host;
  const known = entry.kind === 'session' ? entry.known : undefined;
  let info;
  if (known) {
    const path = infoFilePath(config.slurm.infoFile, known.sessionId);
    const read = await readSessionInfo(access, job.jobId, path, { sessionId: known.sessionId, jobId: job.jobId }, token);
    if (read.kind !== 'ok') throw new Error(`Job ${job.id} has no session info at ${path} on its node yet: run Diagnose on it.`);
    info = read.info;
  } else {
    const found = await discoverSessionInfo(access, job.jobId, config.slurm.infoFile, token);
    if (found.kind !== 'found') throw new Error(`No session info file (${config.slurm.infoFile}) on job ${job.id}'s node names this job: run Diagnose on it.`);
    info = found.info;
    await records.add({ jobId: job.jobId, appId: entry.kind === 'session' ? entry.appId : job.name, sessionId: info.sessionId, port: info.vncPort, node: info.node, infoFile: found.path, host: hostJobs.host });
  }
  const endpoint = await cluster.resolverOf(hostJobs.hosts).endpoint(info.node, info.vncPort, token);
  const password = await sessionPassword(access, job.jobId, info, token).catch(() => undefined);
  return {
    appId: entry.kind === 'session' ? entry.appId : job.name,
    jobId: job.jobId,
    node: info.node,
    port: info.vncPort,
    endpoint,
    ...(password !== undefined ? { password } : {}),
  };
}

/** Opens the session in the viewer; where the viewer cannot open, says where the session is. */
export async function showInViewer(ctx: Ctx, viewer: ViewerPanels, host: string, session: ReachedSession): Promise<void> {
  try {
    await viewer.show(viewerSessionOf(host, { appId: session.appId, jobId: session.jobId, node: session.node, target: session.endpoint.target }), session.password !== undefined ? { password: session.password } : {});
  } catch (error) {
    ctx.log.warn(`viewer: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showInformationMessage(`${session.appId} session (job ${session.jobId}) runs on ${session.node}, websocket port ${session.port} (${session.endpoint.description}).`);
  }
}

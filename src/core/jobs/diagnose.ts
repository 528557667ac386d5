// Diagnose: the seed guide's FAQ ("job submitted but VNC does not connect") as checks, each a
// pass/fail line with the fix: job state, info file, websockify process, port listening, and
// a WebSocket handshake through the same way the viewer goes.
import type { CancellationTokenLike } from '../hosts';
import { infoFilePath, parseSessionInfo, type Job, type SessionInfo } from '../slurm';
import { NodeResolver, openEndpointStream, type SessionEndpoint } from '../sessions/endpoint';
import type { ClusterHosts } from '../sessions/hosts';
import { isLoopbackAddress, type ListeningSocket } from '../sessions/nodePorts';
import { webSocketHandshake } from '../sessions/websocket';
import { describeJob, explainReason } from './format';
import { nodeSnapshot } from './nodeSnapshot';
import type { SlurmQueue } from './queue';
import type { KnownSession } from './sessionJobs';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Check {
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string;
}

export interface Diagnosis {
  readonly jobId: number;
  readonly appId?: string;
  readonly job?: Job;
  readonly info?: SessionInfo;
  readonly infoFile?: string;
  readonly endpoint?: SessionEndpoint;
  readonly checks: readonly Check[];
  readonly at: Date;
}

export interface DiagnoseInput {
  readonly hosts: ClusterHosts;
  readonly queue: SlurmQueue;
  readonly resolver?: NodeResolver;
  /** slurm.infoFile of the project. */
  readonly infoFilePattern: string;
  readonly jobId: number;
  readonly appId?: string;
  /** What this editor knows about the session (its id, hence the info file). */
  readonly known?: KnownSession;
  readonly token?: CancellationTokenLike;
}

export const CHECK_TITLES = ['Job state', 'Session info file', 'websockify process', 'Port listening', 'WebSocket handshake'] as const;

export async function diagnoseJob(input: DiagnoseInput): Promise<Diagnosis> {
  const { hosts, queue, jobId, token } = input;
  const resolver = input.resolver ?? new NodeResolver(hosts);
  const access = hosts.access.host;
  const checks: Check[] = [];
  const result = (extra: Partial<Diagnosis>): Diagnosis => ({ jobId, appId: input.appId, checks, at: new Date(), ...extra });
  const skipRest = (from: number, why: string) => {
    for (const title of CHECK_TITLES.slice(from)) checks.push({ title, status: 'skip', detail: why });
  };

  // 1. The job runs.
  const job = await queue.job(jobId, { token });
  checks.push(jobStateCheck(jobId, job));
  if (job?.state !== 'RUNNING') {
    skipRest(1, 'needs a running job');
    return result({ job });
  }

  // 2-4 look at the node in one job step.
  const seen = await nodeSnapshot(access, jobId, { pattern: input.infoFilePattern, sessionId: input.known?.sessionId }, token);
  if (seen.kind === 'refused') {
    checks.push({ title: 'Session info file', status: 'fail', detail: `job ${jobId} ${seen.why === 'ended' ? 'ended' : 'has not started'} while it was checked` });
    skipRest(2, 'needs a running job');
    return result({ job });
  }
  const { snapshot } = seen;

  // 2. Its info file is on the node.
  const expectedFile = input.known ? infoFilePath(input.infoFilePattern, input.known.sessionId) : undefined;
  const writeFix = `The job template must write the file before it starts the app (JOB_INFO_FILE="${input.infoFilePattern}"; cat > "$JOB_INFO_FILE" <<EOF ... EOF), and slurm.infoFile in appframework.yaml must name the same path.`;
  let info: SessionInfo | undefined;
  const infoFile = snapshot.info?.path ?? expectedFile;
  const jobNode = job.nodes ?? 'the node';
  if (!snapshot.info) {
    const what = expectedFile ? `no ${expectedFile}` : `no file matching ${input.infoFilePattern} names job ${jobId}`;
    checks.push({ title: 'Session info file', status: 'fail', detail: `${what} on ${jobNode}`, fix: writeFix });
  } else {
    try {
      info = parseSessionInfo(snapshot.info.text, input.known ? { sessionId: input.known.sessionId } : {});
      if (info.jobId !== jobId) {
        checks.push({ title: 'Session info file', status: 'fail', detail: `${infoFile} belongs to job ${info.jobId}, left from an earlier session`, fix: writeFix });
        info = undefined;
      } else {
        checks.push({ title: 'Session info file', status: 'pass', detail: `${infoFile}: session ${info.sessionId}, node ${info.node}, port ${info.vncPort}` });
      }
    } catch (error) {
      checks.push({ title: 'Session info file', status: 'fail', detail: `${infoFile}: ${error instanceof Error ? error.message : String(error)}`, fix: writeFix });
    }
  }

  const port = info?.vncPort ?? input.known?.port;
  const node = info?.node ?? input.known?.node ?? job.nodes;
  if (port === undefined || node === undefined) {
    skipRest(2, 'the session port is not known without the info file');
    return result({ job, info, infoFile });
  }

  // 3. websockify runs on the node.
  const websockify = snapshot.processes.filter((line) => /\bwebsockify\b/.test(line) && !/\bps -eo\b/.test(line));
  const ours = websockify.filter((line) => new RegExp(`(^|[\\s:])${port}(\\s|$)`).test(line));
  if (ours.length > 0) {
    checks.push({ title: 'websockify process', status: 'pass', detail: `pid ${ours[0]}` });
  } else if (websockify.length > 0) {
    checks.push({
      title: 'websockify process',
      status: 'warn',
      detail: `websockify runs on ${node}, but none for port ${port}: ${websockify.slice(0, 3).join('; ')}`,
      fix: "Those belong to other sessions. This job's container did not start its own: see its error log.",
    });
  } else {
    checks.push({
      title: 'websockify process',
      status: 'fail',
      detail: `no websockify process on ${node}`,
      fix: `The container did not start websockify. \`apptainer run\` runs %runscript, not %startscript: start Xvnc and websockify from %runscript.${job.stderrPath ? ` The error log ${job.stderrPath} says why it stopped.` : ''}`,
    });
  }

  // 4. Something listens on the port, reachable the way the viewer goes.
  const endpoint = await resolver.endpoint(node, port, token);
  const sockets = snapshot.sockets?.filter((socket) => socket.port === port);
  if (sockets) checks.push(portCheck(node, port, sockets, endpoint));
  else checks.push({ title: 'Port listening', status: 'fail', detail: `cannot list the ports in use on ${node} (neither ss nor /proc/net/tcp)` });

  // 5. The port answers a WebSocket handshake.
  try {
    const { stream, close } = await openEndpointStream(endpoint);
    const answer = await webSocketHandshake(stream, { timeoutMs: 10_000 });
    await close();
    checks.push(
      answer.ok
        ? { title: 'WebSocket handshake', status: 'pass', detail: `101 Switching Protocols from ${endpoint.description}` }
        : {
            title: 'WebSocket handshake',
            status: 'fail',
            detail: `${endpoint.description}: ${answer.reason}`,
            fix: sockets?.length ? 'Something listens on the port but does not speak WebSocket: another program holds it, or websockify points at a VNC server that is gone.' : 'Fix the checks above first.',
          },
    );
  } catch (error) {
    checks.push({ title: 'WebSocket handshake', status: 'fail', detail: `${endpoint.description}: ${error instanceof Error ? error.message : String(error)}`, fix: 'Fix the checks above first.' });
  }
  return result({ job, info, infoFile, endpoint });
}

function jobStateCheck(jobId: number, job: Job | undefined): Check {
  const title = 'Job state';
  if (!job) {
    return { title, status: 'fail', detail: `job ${jobId} is not in the queue (it ended a while ago, or never existed)`, fix: 'Launch a new session.' };
  }
  if (job.state === 'RUNNING') return { title, status: 'pass', detail: describeJob(job) };
  if (job.state === 'PENDING' || job.state === 'CONFIGURING') {
    const why = explainReason(job.reason);
    const fix =
      job.reason === 'PartitionConfig' || job.reason === 'PartitionTimeLimit'
        ? 'Ask for less in the job template (#SBATCH --cpus-per-task, --mem, --time) or use another partition.'
        : 'Wait for it to start; the Jobs view shows when it runs.';
    return { title, status: 'fail', detail: `${describeJob(job)}${why ? `: ${why}` : ''}`, fix };
  }
  return {
    title,
    status: 'fail',
    detail: `${job.stateRaw}${job.reason ? ` (${job.reason})` : ''}`,
    fix: job.stderrPath ? `Read the error log ${job.stderrPath}, then launch a new session.` : 'Read the job\'s error log, then launch a new session.',
  };
}

function portCheck(node: string, port: number, sockets: readonly ListeningSocket[], endpoint: SessionEndpoint): Check {
  const title = 'Port listening';
  if (sockets.length === 0) {
    return {
      title,
      status: 'fail',
      detail: `nothing listens on port ${port} on ${node}`,
      fix: 'websockify did not open the port: another session may hold it, or websockify failed (see the error log).',
    };
  }
  const addresses = sockets.map((socket) => `${socket.address}:${port}`).join(', ');
  const fromOutside = endpoint.target.host !== '127.0.0.1';
  if (fromOutside && sockets.every((socket) => isLoopbackAddress(socket.address))) {
    return {
      title,
      status: 'fail',
      detail: `listening on ${addresses} only, but the session is reached as ${endpoint.description}`,
      fix: `Add ${node} to hosts.viz in appframework.yaml so the viewer goes through SSH to the node itself.`,
    };
  }
  return { title, status: 'pass', detail: `listening on ${addresses}` };
}

const MARKS: Record<CheckStatus, string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warning', skip: '⏭️ skipped' };

/** Escapes text from outside (paths, reasons, process lines) for Markdown. */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

export function renderDiagnosis(diagnosis: Diagnosis): string {
  const { jobId, appId, info, job } = diagnosis;
  const lines = [`# Diagnose job ${jobId}${appId ? ` (${markdownText(appId)})` : ''}`, ''];
  const facts = [
    job ? `state ${markdownText(job.stateRaw)}` : undefined,
    info ? `session ${markdownText(info.sessionId)}` : undefined,
    info ? `node ${markdownText(info.node)}` : job?.nodes ? `node ${markdownText(job.nodes)}` : undefined,
    info ? `port ${info.vncPort}` : undefined,
    `checked ${diagnosis.at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
  ].filter(Boolean);
  lines.push(facts.join(' · '), '');
  for (const check of diagnosis.checks) {
    lines.push(`- **${check.title}**: ${MARKS[check.status]} — ${markdownText(check.detail)}`);
    if (check.fix && check.status !== 'pass') lines.push(`  - Fix: ${markdownText(check.fix)}`);
  }
  const failed = diagnosis.checks.filter((check) => check.status === 'fail').length;
  lines.push('', failed === 0 ? 'Every check passed: the viewer should connect.' : `${failed} check${failed === 1 ? '' : 's'} failed: start with the first one.`, '');
  return lines.join('\n');
}

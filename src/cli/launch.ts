import * as path from 'node:path';
import { loadApps, nodeFs } from '../core/apps';
import { explainReason } from '../core/jobs';
import { describeLaunchEvent, isCancellation, launchSession, LaunchFailed } from '../core/sessions';
import { interruptToken, openCluster } from './cluster';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const USAGE = 'Usage: appframework launch <app> [folder] [--via sbatch|backend] [--session ID] [--port N] [--ssh-config FILE] [--json]\n';

/** `appframework launch <app>`: submit the app's job template and wait until its session answers. */
export async function runLaunch(args: string[], io: CliIo): Promise<number> {
  let options;
  try {
    options = parseOptions(args, { values: ['via', 'session', 'port', 'ssh-config'], flags: ['json'] });
    if (options.positional.length < 1 || options.positional.length > 2) throw new UsageError('launch takes an app id and optionally a folder');
    const via = options.values.get('via');
    if (via !== undefined && via !== 'sbatch' && via !== 'backend') throw new UsageError('--via is sbatch or backend');
    const port = options.values.get('port');
    if (port !== undefined && !/^\d{1,5}$/.test(port)) throw new UsageError('--port takes a port number');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework launch: ${error.message}\n${USAGE}`);
    return 2;
  }
  const [appId, folder = '.'] = options.positional;
  const cluster = await openCluster(folder, options.values.get('ssh-config'), io);
  const interrupt = interruptToken();
  try {
    const snapshot = await loadApps(cluster.config, nodeFs);
    const app = snapshot.apps.find((candidate) => candidate.id === appId);
    if (!app) throw new Error(`no app "${appId}" in ${cluster.folder} (see appframework apps)`);
    if (!app.jobTemplate?.exists) throw new Error(`${appId} has no job template${app.jobTemplate ? ` (${path.basename(app.jobTemplate.file)} is missing)` : ''}`);
    const port = options.values.get('port');
    const session = await launchSession({
      app: { id: app.id, templateFile: app.jobTemplate.file },
      config: cluster.config,
      hosts: cluster.hosts,
      queue: cluster.queue,
      token: interrupt.token,
      ...(options.values.has('via') ? { via: options.values.get('via') as 'sbatch' | 'backend' } : {}),
      ...(options.values.has('session') ? { sessionId: options.values.get('session') } : {}),
      ...(port !== undefined ? { port: Number(port) } : {}),
      onProgress: (event) => {
        const explained = event.kind === 'pending' ? explainReason(event.reason) : undefined;
        io.err(`${describeLaunchEvent(event)}${explained ? `: ${explained}` : ''}\n`);
      },
    });
    const { target } = session.endpoint;
    const result = {
      app: session.appId,
      jobId: session.jobId,
      sessionId: session.sessionId,
      node: session.node,
      port: session.port,
      infoFile: session.infoFile,
      target,
      password: session.info.password === undefined ? 'none' : session.info.password.kind === 'file' ? `in ${session.info.password.path} on ${session.node}` : `in ${session.infoFile} on ${session.node}`,
    };
    if (options.flags.has('json')) {
      io.out(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    io.out(`Session ${session.sessionId} of ${session.appId}: job ${session.jobId} on ${session.node}, websocket port ${session.port}.\n`);
    if (target.kind === 'ssh') {
      io.out(`Reach it with: ssh -N -L ${session.port}:${target.host}:${session.port} ${target.via}   then point noVNC at ws://127.0.0.1:${session.port}\n`);
    } else {
      io.out(`Point noVNC at ws://${target.host}:${session.port}\n`);
    }
    io.out(`VNC password: ${result.password}. Cancel with: appframework cancel ${session.jobId}\n`);
    return 0;
  } catch (error) {
    if (isCancellation(error)) {
      io.err('appframework launch: cancelled (the submitted job was cancelled)\n');
      return 130;
    }
    if (error instanceof LaunchFailed) {
      io.err(`appframework launch: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    interrupt.dispose();
    await cluster.dispose();
  }
}

// `App Framework: Run Locally`: `apptainer run --cleanenv --env ...` of the built image on the
// access host, with free ports of its own (never a fixed :1 / 5901), as a task; once its
// websockify port answers, the session viewer is offered. Stopping the task stops the app.
import * as vscode from 'vscode';
import { choosePorts, LISTENING_ARGV, parseListeningPorts, runArgv, sessionEnv } from '../../core/build';
import { shellJoin, type Forward, type Host } from '../../core/hosts';
import { openViewerId } from './openViewer';
import { runWorkTask, TASK_TYPE } from '../tasks/runTask';
import type { Work } from '../tasks/workTerminal';
import type { CommandDefinition } from './command';
import { appForImage, builtImageOf } from './imageArguments';

const READY_POLL_MS = 1000;
const READY_LIMIT_MS = 120_000;

async function listening(host: Host): Promise<Set<number>> {
  const result = await host.exec(LISTENING_ARGV, { timeoutMs: 30_000 });
  return parseListeningPorts(result.stdout);
}

export const runLocally: CommandDefinition = {
  id: 'appframework.runLocally',
  async run(deps, argument) {
    const { app, project } = await appForImage(deps, argument, (a) => a.image !== undefined || a.definition !== undefined);
    const config = project.loaded.config;
    const access = deps.cluster.hostsOf(config).access;
    const source = await builtImageOf(deps, app, access);
    const host = access.host;
    const ports = choosePorts(await listening(host), { min: config.slurm.ports.from, max: config.slurm.ports.to });
    if (!ports) throw new Error(`No free port on ${host.label} in ${config.slurm.ports.from}-${config.slurm.ports.to} (websockify) or 5901-5999 (VNC).`);
    const argv = runArgv({ image: source.file, env: sessionEnv(ports.vnc, ports.websockify) });
    let forward: Forward | undefined;

    const work: Work = {
      async run(write, token) {
        write(`$ ${shellJoin(argv)}\n\n`);
        let ended = false;
        const running = host.exec(argv, { token, onStdout: (c) => write(c.toString('utf8')), onStderr: (c) => write(c.toString('utf8')) });
        running.then(() => (ended = true), () => (ended = true));
        // Watch for websockify, then offer the viewer (through a tunnel when the host is remote).
        void (async () => {
          const deadline = Date.now() + READY_LIMIT_MS;
          while (!ended && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
            const open = await listening(host).catch(() => new Set<number>());
            if (!open.has(ports.websockify) || ended) continue;
            forward = access.spec.kind === 'local' ? undefined : await host.forward('127.0.0.1', ports.websockify);
            const endpoint = `127.0.0.1:${forward?.localPort ?? ports.websockify}`;
            write(`\nwebsockify answers on ${host.label} port ${ports.websockify}${forward ? ` (here: ${endpoint})` : ''}\n`);
            const view = 'Open Viewer';
            const choice = await vscode.window.showInformationMessage(`${app.id} runs on ${host.label}: noVNC at ws://${endpoint}`, view);
            if (choice === view) await vscode.commands.executeCommand(openViewerId, endpoint);
            return;
          }
        })();
        try {
          const result = await running;
          if (result.exitCode === 0) return { ok: true, summary: `${app.id} ended` };
          return { ok: false, summary: `${app.id} stopped with exit ${result.exitCode ?? result.signal}: ${result.stderr.trim().split('\n').pop() ?? ''}` };
        } catch (error) {
          if (token.isCancellationRequested) return { ok: true, summary: `${app.id} stopped` };
          throw error;
        } finally {
          await forward?.close();
        }
      },
    };
    await runWorkTask({ type: TASK_TYPE, action: 'runLocally', app: app.id }, project.folder, `Running ${app.id} on ${host.label} (VNC :${ports.vnc - 5900}, websockify ${ports.websockify})`, work);
  },
};

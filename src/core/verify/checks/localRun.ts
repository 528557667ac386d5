// Check 2: the image runs where it was built (this machine, or the access host holding a remote
// build) and its websocket port answers, as the seed guide's `apptainer run` + ws://localhost test.
// Skipped, with the reason, where Apptainer is not installed.
import { choosePorts, LISTENING_ARGV, parseListeningPorts, runArgv, sessionEnv } from '../../build';
import { CancellationSource, whenCancelled, type ExecResult, type Host } from '../../hosts';
import { delay } from '../../sessions/delay';
import { openEndpointStream, type SessionEndpoint } from '../../sessions/endpoint';
import { webSocketHandshake } from '../../sessions/websocket';
import type { VerifyContext } from '../context';
import { evidence, excerpt, fail, pass, skipped, type CheckOutcome } from '../types';
import { apptainerVersion } from './definition';

export async function checkLocalRun(ctx: VerifyContext): Promise<CheckOutcome> {
  const build = ctx.state.build;
  if (!build) return skipped('no built image to run (see check 1)');
  const host: Host = build.source.kind === 'local' ? ctx.local : build.source.host;
  const where = build.source.kind === 'local' ? 'this machine' : `${host.label} (where the image is)`;
  const version = await apptainerVersion(host, ctx.token);
  if (!version.ok) {
    return skipped(`Apptainer is not installed on ${where}, so the image cannot be run there`, [evidence.output(`apptainer --version on ${host.label}`, version.output || 'no output')]);
  }

  const listing = await host.exec(LISTENING_ARGV, { token: ctx.token, timeoutMs: 30_000 });
  const ports = choosePorts(parseListeningPorts(listing.stdout), { min: ctx.config.slurm.ports.from, max: ctx.config.slurm.ports.to });
  if (!ports) return fail(`no free port on ${host.label} for a test run`, `Free a port in ${ctx.config.slurm.ports.from}-${ctx.config.slurm.ports.to} and in 5901-5999, or widen slurm.ports in appframework.yaml.`);
  const wsPort = ports.websockify;
  const argv = runArgv({ image: build.file, env: sessionEnv(ports.vnc, wsPort) });
  const found = [evidence.note('apptainer', version.output), evidence.note('command', `${argv.join(' ')} on ${host.label}`)];
  const endpoint: SessionEndpoint =
    host === ctx.local
      ? { target: { kind: 'direct', host: '127.0.0.1', port: wsPort }, description: `127.0.0.1:${wsPort}` }
      : { target: { kind: 'ssh', via: host.label, host: '127.0.0.1', port: wsPort }, via: host, description: `127.0.0.1:${wsPort} on ${host.label}` };

  // The run is stopped at the end of this check, and when the whole verify is cancelled.
  const stop = new CancellationSource();
  const unlink = whenCancelled(ctx.token, () => stop.cancel());
  let output = '';
  let ended: ExecResult | Error | undefined;
  ctx.note(`running ${build.file} on ${host.label}: websocket port ${wsPort}`);
  const running = host
    .exec(argv, {
      token: stop.token,
      onStdout: (chunk) => (output = (output + chunk.toString('utf8')).slice(-16_384)),
      onStderr: (chunk) => (output = (output + chunk.toString('utf8')).slice(-16_384)),
    })
    .then(
      (result) => (ended = result),
      (error: unknown) => (ended = error instanceof Error ? error : new Error(String(error))),
    );
  const started = Date.now();
  try {
    let why = '';
    while (Date.now() - started < ctx.options.timeoutsMs.localRun) {
      if (ended) break;
      try {
        const { stream, close } = await openEndpointStream(endpoint, 5000);
        const answer = await webSocketHandshake(stream, { timeoutMs: 5000 });
        await close();
        if (answer.ok) {
          found.push(evidence.output('run output', output || '(none yet)'));
          return pass(`apptainer run started it on ${where}; its websocket port ${endpoint.description} answered after ${((Date.now() - started) / 1000).toFixed(1)} s`, found);
        }
        why = answer.reason;
      } catch (error) {
        why = error instanceof Error ? error.message : String(error);
      }
      await delay(500, ctx.token, 'verify');
    }
    found.push(evidence.output('run output', output || '(nothing)'));
    if (ended) {
      const how = ended instanceof Error ? ended.message : `exited with ${ended.exitCode ?? ended.signal}`;
      return fail(`apptainer run ${how} before its websocket port answered`, `Run it by hand (${argv.join(' ')}) and read its output: %runscript must start the VNC server and websockify on WEBSOCKIFY_PORT.`, found);
    }
    return fail(
      `the websocket port ${endpoint.description} did not answer within ${Math.round(ctx.options.timeoutsMs.localRun / 1000)} s (${excerpt(why, 1)})`,
      '%runscript must start websockify on ${WEBSOCKIFY_PORT} (apptainer run runs %runscript, never %startscript).',
      found,
    );
  } finally {
    unlink();
    stop.cancel();
    await running;
    ctx.state.cleanup.push(`local run of ${build.file} on ${host.label} stopped`);
  }
}

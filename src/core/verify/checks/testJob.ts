// Checks 4, 5 and 6: the job template is right and sbatch takes it; the test job runs and writes
// its session info file; noVNC's first steps succeed against NODE:VNC_PORT from that file.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { diagnoseJob } from '../../jobs/diagnose';
import { explainReason } from '../../jobs/format';
import { isCancellation } from '../../sessions/launch';
import { openEndpointStream } from '../../sessions/endpoint';
import { describeSessionInfo, infoFilePath } from '../../slurm';
import type { VerifyContext } from '../context';
import { describeRfbProbe, probeRfb, type RfbProbeFailure } from '../rfb/probe';
import { evidence, fail, pass, skipped, type CheckOutcome, type Evidence } from '../types';
import { TestLaunch } from './testLaunch';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Check 4. */
export async function checkJobTemplate(ctx: VerifyContext): Promise<CheckOutcome> {
  const { app, config } = ctx;
  const relative = (file: string) => path.relative(config.root, file) || file;
  const template = app.jobTemplate;
  if (!template) return fail(`${app.id} has no usable job template name`, 'Name a job template file inside the job templates folder (job_template in apps.json).');
  if (!template.exists) {
    return fail(`the job template ${relative(template.file)} does not exist`, `Write ${relative(template.file)} (New App writes one from the seed's template), then verify again.`, [evidence.path('job template', template.file)]);
  }
  const expected = app.expectedImagePath;
  const found: Evidence[] = [evidence.path('job template', template.file)];
  const named = template.imagePath?.value;
  if (named === undefined) {
    const text = await fsp.readFile(template.file, 'utf8');
    if (!text.includes(expected)) {
      return fail(
        `${relative(template.file)} sets no APPTAINER_IMAGE and does not name ${expected}`,
        `Add APPTAINER_IMAGE="${expected}" to ${relative(template.file)} and run "$APPTAINER_IMAGE".`,
        found,
      );
    }
  } else if (named !== expected) {
    const line = template.imagePath ? template.imagePath.range.start.line + 1 : 1;
    found.push(evidence.path('APPTAINER_IMAGE', `${named} (line ${line})`), evidence.path('deployed image', expected));
    return fail(
      `${relative(template.file)} runs ${named}, but the image is deployed at ${expected}`,
      `Set APPTAINER_IMAGE="${expected}" on line ${line} of ${relative(template.file)} (deploy.root in appframework.yaml decides the folder).`,
      found,
    );
  }
  found.push(evidence.path('runs', expected));

  const launch = new TestLaunch(ctx, template.file, ctx.state.deployedEverywhere !== true);
  ctx.state.testLaunch = launch;
  if (await launch.reached('submitted')) {
    found.push(evidence.job('test job', `${launch.jobId} (session ${launch.sessionId}, port ${launch.port ?? '?'}, time limit ${ctx.options.testTimeLimit})`));
    return pass(`sbatch accepted ${relative(template.file)}: job ${launch.jobId}`, found);
  }
  const { error } = await launch.settled;
  if (isCancellation(error)) throw error;
  found.push(evidence.output('sbatch', message(error)));
  return fail(
    `sbatch refused ${relative(template.file)}: ${message(error)}`,
    `Fix what sbatch names in the #SBATCH lines of ${relative(template.file)} (partition, cpus, memory, time), then verify again.`,
    found,
  );
}

/** Check 5. */
export async function checkJobRunning(ctx: VerifyContext): Promise<CheckOutcome> {
  const launch = ctx.state.testLaunch;
  if (!launch) return skipped('needs the test job of check 4');
  if (launch.stoppedAfterSubmit) return skipped('the image is not on every visualization node (check 3): a test job could not start it, so it was cancelled after sbatch accepted it');
  if (!(await launch.reached('submitted'))) return skipped('sbatch did not accept the test job (check 4)');
  if (await launch.reached('info')) {
    const { info, path: file } = launch.info ?? { info: undefined, path: '' };
    const found: Evidence[] = [evidence.job('job', `${launch.jobId} RUNNING on ${launch.node ?? info?.node ?? '?'}`), evidence.path('info file', file)];
    if (info) found.push(evidence.note('info', describeSessionInfo(info)));
    return pass(`job ${launch.jobId} runs on ${info?.node ?? launch.node ?? 'its node'} and wrote ${file}`, found);
  }
  const { error } = await launch.settled;
  if (isCancellation(error)) throw error;
  const found: Evidence[] = [evidence.job('job', String(launch.jobId))];
  found.push(...(await jobEvidence(ctx, launch)));
  const text = message(error);
  if (launch.node === undefined) {
    const job = await ctx.queue.job(launch.jobId as number, { token: ctx.token }).catch(() => undefined);
    const pending = job?.state === 'PENDING';
    return fail(
      pending ? `job ${launch.jobId} did not start within ${Math.round(ctx.options.timeoutsMs.pending / 1000)} s${job?.reason ? `: ${explainReason(job.reason) ?? job.reason}` : ''}` : text,
      pending
        ? 'Ask for what the partition can give (#SBATCH --partition, --cpus-per-task, --mem) or wait for free nodes, then verify again.'
        : 'Read the job\'s error log (above): the template stopped before the session started.',
      found,
    );
  }
  const expected = infoFilePath(ctx.config.slurm.infoFile, launch.sessionId);
  found.push(evidence.path('expected info file', expected));
  return fail(
    text,
    `The job template must write ${ctx.config.slurm.infoFile} (JOB_ID, NODE, VNC_PORT, SESSION_ID lines) before it starts the app, and slurm.infoFile in appframework.yaml must name that same path.`,
    found,
  );
}

/** Check 6. */
export async function checkNoVnc(ctx: VerifyContext): Promise<CheckOutcome> {
  const launch = ctx.state.testLaunch;
  if (!launch || launch.stoppedAfterSubmit || !(await launch.reached('info'))) return skipped('needs a running test job with its info file (check 5)');
  const { session, error } = await launch.settled;
  const info = launch.info?.info;
  const where = info ? `${info.node}:${info.vncPort}` : '?';
  if (!session) {
    if (isCancellation(error)) throw error;
    const found: Evidence[] = [evidence.note('from the info file', where), ...(await jobEvidence(ctx, launch))];
    return fail(
      `the websocket port ${where} never answered: ${message(error)}`,
      '%runscript must start the VNC server and websockify on $WEBSOCKIFY_PORT (the job passes VNC_PORT as WEBSOCKIFY_PORT); `apptainer run` runs %runscript, never %startscript.',
      found,
    );
  }
  const found: Evidence[] = [evidence.note('from the info file', where), evidence.note('reached as', session.endpoint.description)];
  const { stream, close } = await openEndpointStream(session.endpoint);
  let result;
  try {
    result = await probeRfb(stream, { password: session.password, timeoutMs: 20_000 });
  } finally {
    await close();
  }
  found.push(evidence.note('password', session.password === undefined ? 'none in the info file' : 'from the info file (not shown)'));
  if (result.ok) {
    found.push(evidence.output('noVNC handshake', describeRfbProbe(result)));
    return pass(`WebSocket handshake, RFB ${result.version} (${result.security}) and a first frame of the ${result.width}×${result.height} desktop from ${where}`, found);
  }
  found.push(evidence.output('noVNC handshake', describeRfbProbe(result)));
  return fail(`noVNC stops at the ${result.stage} step: ${result.reason}`, rfbFix(result), found);
}

export function rfbFix(result: RfbProbeFailure): string {
  if (result.needsPassword) return 'The VNC server asks for a password and the info file names none: write VNC_PASSWORD (or VNC_PASSWORD_FILE) into the info file, as New App\'s job template does.';
  if (result.wrongPassword) return 'The password in the info file does not open the VNC server: the job must give Xvnc (-PasswordFile) the same password it writes into the info file.';
  switch (result.stage) {
    case 'websocket':
      return 'Something other than websockify answers on the port, or websockify points at a VNC server that is gone: see Diagnose on the job.';
    case 'version':
      return 'websockify forwards to something that is not a VNC server: check its target (VNC_PORT inside the container).';
    case 'security':
      return 'Start Xvnc with -SecurityTypes VncAuth (or None behind -localhost): those are what noVNC speaks.';
    default:
      return 'The VNC server accepted the connection but sent no picture: check the app\'s DISPLAY and the job\'s error log.';
  }
}

/** The job's error log tail and what Diagnose says, for a job that did not get far enough. */
async function jobEvidence(ctx: VerifyContext, launch: TestLaunch): Promise<Evidence[]> {
  const jobId = launch.jobId;
  if (jobId === undefined) return [];
  const found: Evidence[] = [];
  const job = await ctx.queue.job(jobId, { token: ctx.token }).catch(() => undefined);
  if (job?.state === 'RUNNING') {
    const diagnosis = await diagnoseJob({
      hosts: ctx.hosts,
      queue: ctx.queue,
      resolver: ctx.resolver,
      infoFilePattern: ctx.config.slurm.infoFile,
      jobId,
      appId: ctx.app.id,
      known: { jobId, appId: ctx.app.id, sessionId: launch.sessionId, ...(launch.port !== undefined ? { port: launch.port } : {}), host: ctx.hosts.access.host.label },
      token: ctx.token,
    }).catch(() => undefined);
    const lines = diagnosis?.checks.filter((check) => check.status !== 'pass').map((check) => `${check.title}: ${check.status}: ${check.detail}`);
    if (lines?.length) found.push(evidence.output('Diagnose', lines.join('\n')));
  }
  const node = job?.nodes ?? launch.node;
  if (job?.stderrPath && node) {
    const viz = await ctx.resolver.vizHostOf(node, ctx.token).catch(() => undefined);
    const text = viz ? await viz.host.readFile(job.stderrPath, { token: ctx.token }).then((data) => data.toString('utf8')).catch(() => undefined) : undefined;
    if (text?.trim()) found.push(evidence.output(`error log ${job.stderrPath}`, text));
    else found.push(evidence.path('error log', `${job.stderrPath} on ${node}`));
  }
  return found;
}

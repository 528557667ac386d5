import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderJobTemplate } from '../../../src/core/apps/templates';
import { diagnoseJob, runSlurm } from '../../../src/core/jobs';
import { isCancellation, launchSession, LaunchFailed, type LaunchEvent } from '../../../src/core/sessions';
import { CancellationSource } from '../../../src/core/hosts';
import { isActiveState, scancelJob } from '../../../src/core/slurm';
import { repoRoot } from '../../helpers/cluster';
import { bodyText, expandSnippet, type Snippet } from '../../unit/grammar/snippetSyntax';
import { eventually, seedWorkspace, slurmWorld, type SlurmWorld } from './sessionCluster';
import { vncAuthenticate } from './rfb';

let world: SlurmWorld;
let project: string;
const submitted: number[] = [];

before(async () => {
  project = mkdtempSync(join(tmpdir(), 'af-templates-'));
  mkdirSync(join(project, 'slurm_jobs'));
  world = await slurmWorld(project);
});
const leftOnNode: string[] = [];

after(async () => {
  for (const jobId of submitted) {
    await runSlurm(world.hosts.access.host, scancelJob(jobId)).catch(() => undefined);
    for (const name of ['myapp', 'later', 'broken', 'silent']) leftOnNode.push(`/tmp/${name}_vnc_${jobId}.out`, `/tmp/${name}_vnc_${jobId}.err`);
  }
  await world.removeOnNode(...leftOnNode);
  await world.dispose();
  rmSync(project, { recursive: true, force: true });
});

function template(name: string, text: string): string {
  const file = join(project, 'slurm_jobs', name);
  writeFileSync(file, text);
  return file;
}

const seedText = readFileSync(join(seedWorkspace, 'slurm_jobs', 'gedit_vnc_job.sh'), 'utf8');

function launch(id: string, templateFile: string, extra: Partial<Parameters<typeof launchSession>[0]> = {}) {
  return launchSession({
    app: { id, templateFile },
    config: world.config,
    hosts: world.hosts,
    queue: world.queue,
    submitEnv: world.submitEnv,
    pollMs: { pending: 300, info: 300, port: 300 },
    ...extra,
    onProgress: (event) => {
      if (event.kind === 'submitted') submitted.push(event.jobId);
      extra.onProgress?.(event);
    },
  });
}

test("(integration) launch: New App's template runs with a per-session password that opens the desktop; its info file is private and removed on cancel", { timeout: 300_000 }, async () => {
  const file = template(
    'myapp_vnc_job.sh',
    renderJobTemplate({
      id: 'myapp',
      resources: { cpus: 1, memory: '200M', partition: 'viz', time: '00:30:00' },
      resolution: '800x600',
      imagePath: '/opt/apptainers/apps/myapp/myapp.sif',
      infoFile: world.config.slurm.infoFile,
    }),
  );
  const session = await launch('myapp', file);
  assert.equal(session.info.jobId, session.jobId);
  assert.match(session.password ?? '', /^[A-Za-z0-9]{8}$/, 'the password comes from the info file');
  const viz = world.hosts.viz[0].host;
  const stat = await viz.stat(session.infoFile);
  assert.equal(stat?.mode, 0o600, 'the info file holding the password is readable by its owner only');
  // The template gives Xvnc the websocket port + 10000; the password read from the info file opens it.
  assert.equal(await vncAuthenticate(session.port + 10000, session.password as string), 'ok');
  assert.equal(await vncAuthenticate(session.port + 10000, 'wrongpw1'), 'refused');

  await runSlurm(world.hosts.access.host, scancelJob(session.jobId));
  await eventually('the info file to be removed', async () => (await viz.stat(session.infoFile)) === undefined);
  // The trap runs while the job is COMPLETING; then the job leaves the active states.
  await eventually('the job to end', async () => {
    const job = await world.queue.job(session.jobId);
    return job === undefined || !isActiveState(job.state);
  });
});

test("(integration) launch: the Slurm job snippet, as inserted, runs with a per-session password like New App's template", { timeout: 300_000 }, async () => {
  const snippets = JSON.parse(readFileSync(join(repoRoot, 'snippets', 'slurm.json'), 'utf8')) as Record<string, Snippet>;
  const text = expandSnippet(bodyText(snippets['App Framework Slurm job']))
    .replace('--output=%x_%j.out', '--output=/tmp/myapp_vnc_%j.out')
    .replace('--error=%x_%j.err', '--error=/tmp/myapp_vnc_%j.err')
    .replace('--cpus-per-task=2', '--cpus-per-task=1');
  const session = await launch('myapp', template('snippet_vnc_job.sh', text));
  assert.match(session.password ?? '', /^[A-Za-z0-9]{8}$/, 'the password comes from the info file');
  const viz = world.hosts.viz[0].host;
  assert.equal((await viz.stat(session.infoFile))?.mode, 0o600);
  // The snippet gives Xvnc port 5900 + (websocket port % 5000 + 100).
  const rfbPort = 5900 + (session.port % 5000) + 100;
  assert.equal(await vncAuthenticate(rfbPort, session.password as string), 'ok');
  assert.equal(await vncAuthenticate(rfbPort, 'wrongpw1'), 'refused');
  await runSlurm(world.hosts.access.host, scancelJob(session.jobId));
  await eventually('the info file to be removed', async () => (await viz.stat(session.infoFile)) === undefined);
});

test('(integration) launch: a job waiting in the queue shows PENDING with its reason, and cancelling the launch cancels the job', { timeout: 120_000 }, async () => {
  const file = template('later_vnc_job.sh', seedText.replace('#SBATCH --nodes=1', '#SBATCH --nodes=1\n#SBATCH --begin=now+3600').replace('--cpus-per-task=2', '--cpus-per-task=1'));
  const cancel = new CancellationSource();
  const events: LaunchEvent[] = [];
  const launching = launch('later', file, {
    token: cancel.token,
    onProgress: (event) => {
      events.push(event);
      if (event.kind === 'pending') cancel.cancel();
    },
  });
  await assert.rejects(launching, (error) => isCancellation(error));
  const pending = events.find((event) => event.kind === 'pending');
  assert.ok(pending?.kind === 'pending');
  assert.equal(pending.reason, 'BeginTime');
  const job = await world.queue.job(pending.jobId);
  assert.ok(job === undefined || job.state === 'CANCELLED', `job ${pending.jobId} is ${job?.stateRaw}`);
});

test('(integration) launch: a job that fails at once is reported with its state and error log', { timeout: 120_000 }, async () => {
  const file = template('broken_vnc_job.sh', '#!/bin/bash\n#SBATCH --job-name=broken_vnc\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=50M\n#SBATCH --error=/tmp/broken_vnc_%j.err\necho "no image here" >&2\nexit 3\n');
  await assert.rejects(launch('broken', file), (error: unknown) => {
    assert.ok(error instanceof LaunchFailed);
    assert.match(error.message, /^Job \d+ ended \(FAILED.*\) before the session was ready\. See its error log \/tmp\/broken_vnc_\d+\.err\.$/);
    return true;
  });
});

test('(integration) diagnose: a running job without websockify fails the right checks, each with its fix', { timeout: 180_000 }, async () => {
  // Writes its info file like the seed template, then never starts a server.
  const file = template(
    'silent_vnc_job.sh',
    [
      '#!/bin/bash',
      '#SBATCH --job-name=silent_vnc',
      '#SBATCH --cpus-per-task=1',
      '#SBATCH --mem=50M',
      '#SBATCH --output=/tmp/silent_vnc_%j.out',
      'cat > "/tmp/app_session_${SESSION_ID}.info" << EOF',
      'JOB_ID=$SLURM_JOB_ID',
      'NODE=$SLURMD_NODENAME',
      'VNC_PORT=$VNC_PORT',
      'SESSION_ID=$SESSION_ID',
      'EOF',
      'exec sleep 600',
      '',
    ].join('\n'),
  );
  const events: LaunchEvent[] = [];
  await assert.rejects(launch('silent', file, { timeoutMs: { port: 3000 }, onProgress: (event) => events.push(event) }), /did not answer within 3 s/);
  const jobId = submitted[submitted.length - 1];
  const info = events.find((event) => event.kind === 'info');
  if (info?.kind === 'info') leftOnNode.push(info.path);
  const diagnosis = await diagnoseJob({ hosts: world.hosts, queue: world.queue, infoFilePattern: world.config.slurm.infoFile, jobId, appId: 'silent' });
  assert.deepEqual(
    diagnosis.checks.map((check) => `${check.title}: ${check.status}`),
    ['Job state: pass', 'Session info file: pass', 'websockify process: fail', 'Port listening: fail', 'WebSocket handshake: fail'],
  );
  assert.match(diagnosis.checks[2].fix ?? '', /%runscript, not %startscript/);
  assert.match(diagnosis.checks[3].detail, /nothing listens on port \d+ on /);
  assert.ok(diagnosis.checks.filter((check) => check.status === 'fail').every((check) => check.fix));
});

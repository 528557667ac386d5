// The product end to end on the real container runtime: New App's definition (debootstrap base:
// no container registry is reachable) built by the Build command's core with Apptainer 1.4, the
// image deployed to viz-node001 by the deploy core, the app's job template submitted to the
// sandbox cluster's Slurm by Launch Session, where the job runs `apptainer run`, and the viewer
// panel showing the app's window. The steps build on each other and run in order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, readlinkSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { applyNewAppPlan, definitionFileOf, imageFileOf, jobTemplateFileOf, defaultJobTemplateName, nodeFs, planNewApp, resolveNewApp } from '../../src/core/apps';
import { checkDefinition } from '../../src/core/apptainer';
import { inspectArgv, parseInspect, planBuild, runBuild, formatDuration } from '../../src/core/build';
import { appTarget, ChecksumCache, deployImage, summarizeOutcome } from '../../src/core/deploy';
import { LocalHost, runChecked } from '../../src/core/hosts';
import { runSlurm, SlurmQueue } from '../../src/core/jobs';
import { isActiveState, scancelJob } from '../../src/core/slurm';
import { launchSession, viewerSessionOf, describeLaunchEvent, type LaunchedSession } from '../../src/core/sessions';
import { repoRoot } from '../helpers/cluster';
import { connectorFor } from '../../src/core/sessions/tunnel';
import { waitFor } from '../helpers/vnc';
import { buildViewerBundle, canvasPixels, launchChromium, openPanel, removeDir, startResourceServer, type ResourceServer } from '../integration/viewer/panelHarness';
import { APPTAINER_UID, apptainerWorld, type ApptainerWorld } from './world';
import { showSessionInWorkbench } from './workbench';

const APP = 'xclock';
/** xclock's window without a window manager: 164×164 at the desktop's top-left corner. */
const CLOCK = { x: 0, y: 0, width: 150, height: 150 };

let world: ApptainerWorld;
const local = new LocalHost();
const durations: string[] = [];
const jobIds: number[] = [];
const tierStarted = Date.now();

function timed(what: string, since: number): void {
  durations.push(`${what} ${formatDuration(Date.now() - since)}`);
}

before(async () => {
  const started = Date.now();
  world = await apptainerWorld();
  timed('setup (cluster and Apptainer root)', started);
}, { timeout: 25 * 60_000 });

after(async () => {
  if (session) await runSlurm(local, scancelJob(session.jobId)).catch(() => undefined);
  for (const log of jobLogs()) rmSync(log, { force: true });
  await world?.dispose();
  if (world) rmSync(world.work, { recursive: true, force: true });
  durations.push(`tier ${formatDuration(Date.now() - tierStarted)}`);
  console.log(`(apptainer) durations: ${durations.join(', ')}`);
});

function artefacts(): string {
  const dir = join(repoRoot, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The Slurm logs of this tier's jobs (the job template writes them to /tmp). */
function jobLogs(): string[] {
  return jobIds.flatMap((id) => [`/tmp/${APP}_vnc_${id}.out`, `/tmp/${APP}_vnc_${id}.err`]);
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}

test('(apptainer) New App\'s debootstrap definition builds into an image with the Build command\'s core', { timeout: 20 * 60_000 }, async (t) => {
  const resolved = resolveNewApp(
    { id: APP, name: 'XClock', packages: ['x11-apps'], command: 'xclock', base: 'debootstrap', mirrorUrl: world.mirror, cpus: 1, memory: '1G' },
    world.config,
  );
  assert.ok(resolved.ok, resolved.ok ? '' : resolved.problems.join('; '));
  await applyNewAppPlan(await planNewApp(world.config, resolved.spec, nodeFs), nodeFs);

  const definition = definitionFileOf(world.config, APP);
  const text = readFileSync(definition, 'utf8');
  assert.match(text, /^Bootstrap: debootstrap\nOSVersion: bookworm\nMirrorURL: (.+)$/m);
  assert.equal(/^MirrorURL: (.+)$/m.exec(text)?.[1], world.mirror);
  assert.deepEqual(checkDefinition(text).filter((d) => d.severity === 'error'), [], 'the scaffold passes its own checks');

  const plan = planBuild(world.config, { appId: APP }, local, text);
  const image = imageFileOf(world.config, APP);
  assert.deepEqual(plan.argv, ['apptainer', 'build', '--force', '--fakeroot', image, definition]);
  assert.equal(plan.sudo, false);

  let output = '';
  const result = await runBuild(plan, (chunk) => (output += chunk));
  t.diagnostic(`build: ${result.message} in ${formatDuration(result.durationMs)}`);
  durations.push(`build ${formatDuration(result.durationMs)}`);
  assert.equal(result.status, 'succeeded', `${result.message}\n${output.slice(-3000)}`);
  assert.deepEqual(result.problems, []);
  const size = statSync(image).size;
  t.diagnostic(`image: ${(size / 1024 / 1024).toFixed(1)} MiB`);
  assert.ok(size > 20 * 1024 * 1024, `an image of ${size} bytes cannot hold a Debian system`);

  // The image is what the definition says: Apptainer itself reads its label and run script back.
  const inspected = parseInspect((await runChecked(local, inspectArgv(image))).stdout);
  assert.equal(inspected.labels['org.appframework.app'], APP);
  assert.match(inspected.runscript ?? '', /Xvnc "\$DISPLAY"/);
  assert.match(inspected.runscript ?? '', /^\s*xclock &$/m);
});

test('(apptainer) the image deploys to viz-node001 with the deploy core, verified by checksum', { timeout: 5 * 60_000 }, async (t) => {
  const image = imageFileOf(world.config, APP);
  assert.ok(existsSync(image), 'the build step made no image');
  const target = appTarget(world.config.deploy.root, APP);
  const started = Date.now();
  const report = await deployImage({
    source: { kind: 'local', file: image },
    target,
    nodes: [{ label: 'viz-node001', host: world.hosts.viz[0].host }],
    settings: { owner: world.config.deploy.owner, mode: world.config.deploy.mode, sudo: world.config.deploy.sudo },
    checksums: new ChecksumCache(),
  });
  timed('deploy', started);
  assert.equal(report.outcomes.length, 1);
  const outcome = report.outcomes[0];
  t.diagnostic(summarizeOutcome(outcome));
  assert.equal(outcome.status, 'deployed', summarizeOutcome(outcome));
  // viz-node001 is this machine: the file is there, whole, with the configured mode.
  assert.equal(target.path, join(world.work, 'apps', APP, `${APP}.sif`));
  assert.equal(await sha256Of(target.path), await sha256Of(image));
  assert.equal(statSync(target.path).mode & 0o777, 0o755);
});

/** Processes on this machine whose command line starts with `prefix`. */
function processesStartingWith(prefix: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').startsWith(prefix);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function namespaceOf(pid: number | 'self', kind: 'mnt' | 'user'): string {
  return readlinkSync(`/proc/${pid}/ns/${kind}`);
}

/** The session the launch step started; the steps after it use it, the last one cancels it. */
let session: LaunchedSession | undefined;

function launched(): LaunchedSession {
  assert.ok(session, 'the launch step started no session');
  return session;
}

test('(apptainer) Launch Session submits the job template to Slurm, the job runs the image with apptainer run, and the viewer shows xclock', { timeout: 10 * 60_000 }, async (t) => {
  const deployed = appTarget(world.config.deploy.root, APP).path;
  assert.ok(existsSync(deployed), 'the deploy step left no image on the node');
  const events: string[] = [];
  const started = Date.now();
  session = await launchSession({
    app: { id: APP, templateFile: jobTemplateFileOf(world.config, defaultJobTemplateName(APP)) },
    config: world.config,
    hosts: world.hosts,
    submitEnv: world.submitEnv,
    onProgress: (event) => events.push(describeLaunchEvent(event)),
    pollMs: { pending: 500, info: 500, port: 500 },
  });
  jobIds.push(session.jobId);
  timed('launch', started);
  t.diagnostic(`launch: ${events.join(' → ')}`);
  const { jobId } = session;
  assert.equal(session.node, world.cluster.node);
  assert.deepEqual(session.endpoint.target, { kind: 'ssh', via: 'viz-node001', host: '127.0.0.1', port: session.port });
  assert.ok(session.password && /^[A-Za-z0-9]{8}$/.test(session.password), 'the job wrote a fresh VNC password into its info file');

  // The desktop runs inside the container: Apptainer's own user and mount namespaces, as the
  // root's ordinary user, started from the deployed image.
  const xvnc = processesStartingWith(`Xvnc :${session.port} `);
  assert.equal(xvnc.length, 1, `one Xvnc for display :${session.port}`);
  assert.notEqual(namespaceOf(xvnc[0], 'user'), namespaceOf('self', 'user'));
  assert.notEqual(namespaceOf(xvnc[0], 'mnt'), namespaceOf('self', 'mnt'));
  assert.equal(Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${xvnc[0]}/status`, 'utf8'))?.[1]), APPTAINER_UID);
  const output = readFileSync(`/tmp/${APP}_vnc_${jobId}.out`, 'utf8') + readFileSync(`/tmp/${APP}_vnc_${jobId}.err`, 'utf8');
  assert.doesNotMatch(output, /fake-apptainer/);

  const bundle = await buildViewerBundle(true);
  let browser: Browser | undefined;
  let resources: ResourceServer | undefined;
  try {
    [browser, resources] = await Promise.all([launchChromium(), startResourceServer(bundle.dir)]);
    const connector = connectorFor(session.endpoint.target, world.pool);
    const panel = await openPanel(browser, resources, {
      connect: connector.connect,
      ...(connector.release ? { release: () => connector.release?.() ?? Promise.resolve() } : {}),
      session: viewerSessionOf('local', { appId: APP, jobId, node: session.node, target: session.endpoint.target }),
      password: session.password,
    });
    try {
      await panel.waitForState('connected', 60_000);
      const pixels = await waitFor(
        "xclock's window on the canvas",
        async () => {
          const found = await canvasPixels(panel.page, CLOCK);
          return found && found.differing > found.total / 4 ? found : undefined;
        },
        60_000,
        250,
      );
      t.diagnostic(`canvas ${pixels.width}x${pixels.height}, ${pixels.differing} of ${pixels.total} pixels of the clock differ from the background`);
      assert.equal(`${pixels.width}x${pixels.height}`, '1280x720', 'the resolution the job template passes');
      assert.deepEqual(panel.cspViolations, []);
      await panel.page.screenshot({ path: join(artefacts(), 'apptainer-session.png') });
    } finally {
      await panel.close();
    }
  } finally {
    await browser?.close();
    await resources?.close();
    removeDir(bundle.dir);
  }
});

test('(apptainer) in VS Code (code-server), the Jobs view lists the session and its viewer panel shows xclock', { timeout: 10 * 60_000 }, async () => {
  const { jobId } = launched();
  const started = Date.now();
  const shown = await showSessionInWorkbench({ project: world.project, sshConfig: world.cluster.sshConfig, appId: APP, jobId, screenshot: join(artefacts(), 'readme-session.png') });
  timed('editor', started);
  assert.ok(shown.differing > shown.total / 4, `${shown.differing} of ${shown.total} pixels of the clock differ from the background`);
});

test('(apptainer) cancel ends the job, the container and its servers, and the job removes its files', { timeout: 3 * 60_000 }, async () => {
  const { jobId, port, infoFile } = launched();
  assert.deepEqual(await runSlurm(world.hosts.access.host, scancelJob(jobId)), { kind: 'cancelled' });
  const queue = new SlurmQueue(local);
  await waitFor('the job to end', async () => {
    const job = await queue.job(jobId);
    return job === undefined || !isActiveState(job.state) ? true : undefined;
  }, 60_000, 500);
  await waitFor('the container to stop', () => (processesStartingWith(`Xvnc :${port} `).length === 0 ? true : undefined), 60_000, 250);
  assert.equal(existsSync(infoFile), false, 'the job removed its info file');
  session = undefined;
});

// bench session.running_to_first_frame: from the moment the launch flow sees the Slurm job RUNNING
// (its `running` progress event) to the first framebuffer update drawn in the viewer panel. The
// session is the seed's gedit template submitted over SSH, with the `apptainer` test double
// (Xvnc + websockify, bare desktop) first in the job's PATH; the product's own poll intervals;
// then the panel's real page in headless Chromium through the extension's tunnel over the pooled
// SSH connection, as after Launch Session. The viewer has no first-frame event: the page is polled
// on every animation frame until noVNC's canvas holds an opaque pixel (it stays transparent until
// the first update is drawn; a bare desktop is uniform, so "non-background" pixels would not show).
// Baseline in the same run, session.first_frame_direct: a new panel connecting straight to the
// already-running websockify, from opening the panel to its first frame (the viewer's own cost).
// Starts the sandbox cluster itself; cancels every job it submits.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { scancelJob } from '../../src/core/slurm';
import { runSlurm } from '../../src/core/jobs';
import { DEFAULT_POLL_MS, launchSession, viewerSessionOf, type LaunchedSession } from '../../src/core/sessions';
import { connectorFor, directConnect } from '../../src/core/sessions/tunnel';
import type { ViewerSession } from '../../src/core/sessions/viewerMessages';
import { seedWorkspace, slurmWorld, type SlurmWorld } from '../integration/slurm/sessionCluster';
import {
  buildViewerBundle,
  launchChromium,
  openPanel,
  removeDir,
  startResourceServer,
  type PanelOptions,
  type ResourceServer,
} from '../integration/viewer/panelHarness';

const RUNS = 3;
const FIRST_FRAME_TIMEOUT_MS = 30_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall-clock time (ms) at which the page first saw an opaque pixel on noVNC's canvas. */
async function firstFrameAt(page: Page): Promise<number> {
  // A string, not a function: the page gets exactly this code, untouched by the TypeScript loader.
  // page.evaluate, not waitForFunction: the latter evals its predicate, which the panel's CSP forbids.
  return page.evaluate(`new Promise((resolve, reject) => {
    const deadline = Date.now() + ${FIRST_FRAME_TIMEOUT_MS};
    const check = () => {
      const canvas = document.querySelector('#screen canvas');
      if (canvas && canvas.width > 0 && canvas.height > 0) {
        const row = canvas.getContext('2d').getImageData(0, Math.floor(canvas.height / 2), canvas.width, 1).data;
        for (let i = 3; i < row.length; i += 4) if (row[i] !== 0) return resolve(Date.now());
      }
      if (Date.now() > deadline) return reject(new Error('no frame on the canvas within ${FIRST_FRAME_TIMEOUT_MS} ms'));
      requestAnimationFrame(check);
    };
    check();
  })`) as Promise<number>;
}

interface Sample {
  /** RUNNING seen → first frame. */
  readonly runningToFrame: number;
  /** RUNNING seen → session ready (info read, port answered). */
  readonly runningToReady: number;
  /** Each launch step after RUNNING, ms since RUNNING, for the log. */
  readonly steps: string;
  /** Panel opened → page loaded, for the log. */
  readonly panelLoad: number;
  /** Direct panel opened → first frame. */
  readonly direct: number;
  /** Direct panel loaded → first frame. */
  readonly directAfterLoad: number;
}

async function oneRun(world: SlurmWorld, browser: Browser, resources: ResourceServer): Promise<Sample> {
  let runningAt: number | undefined;
  const seen: { kind: string; at: number }[] = [];
  let jobId: number | undefined;
  let session: LaunchedSession | undefined;
  try {
    session = await launchSession({
      app: { id: 'gedit', templateFile: join(seedWorkspace, 'slurm_jobs', 'gedit_vnc_job.sh') },
      config: world.config,
      hosts: world.hosts,
      queue: world.queue,
      submitEnv: world.submitEnv,
      pollMs: DEFAULT_POLL_MS,
      onProgress: (event) => {
        if (event.kind === 'submitted') jobId = event.jobId;
        if (event.kind === 'running') runningAt = Date.now();
        seen.push({ kind: event.kind, at: Date.now() });
      },
    });
    const readyAt = Date.now();
    if (runningAt === undefined) throw new Error('the launch reported no RUNNING');

    // What Launch Session hands to the viewer: the session and its SSH route to the node.
    const viewerSession = viewerSessionOf('af-access', { ...session, target: session.endpoint.target });
    const viaSsh = connectorFor(viewerSession.target, world.pool);
    const opened = Date.now();
    const panel = await openPanel(browser, resources, panelOptions(viewerSession, viaSsh.connect, viaSsh.release ? () => viaSsh.release?.() ?? Promise.resolve() : undefined, session.password));
    let frameAt: number;
    try {
      frameAt = await firstFrameAt(panel.page);
      assert.deepEqual(panel.cspViolations, []);
    } finally {
      await panel.close();
    }

    // Baseline: the same websockify, already running, reached straight (the node is this machine).
    const directSession: ViewerSession = { ...viewerSession, key: `direct:${session.port}`, target: { kind: 'direct', host: '127.0.0.1', port: session.port } };
    const directOpened = Date.now();
    const direct = await openPanel(browser, resources, panelOptions(directSession, directConnect('127.0.0.1', session.port), undefined, session.password));
    let directFrameAt: number;
    try {
      directFrameAt = await firstFrameAt(direct.page);
    } finally {
      await direct.close();
    }

    return {
      runningToFrame: frameAt - runningAt,
      runningToReady: readyAt - runningAt,
      steps: seen.filter((e) => e.at >= (runningAt ?? 0)).map((e) => `${e.kind} +${e.at - (runningAt ?? 0)}`).join(', '),
      panelLoad: panel.loadedAt - opened,
      direct: directFrameAt - directOpened,
      directAfterLoad: directFrameAt - direct.loadedAt,
    };
  } finally {
    const id = session?.jobId ?? jobId;
    if (id !== undefined) {
      await runSlurm(world.hosts.access.host, scancelJob(id)).catch(() => undefined);
      const files = [`/tmp/gedit_vnc_${id}.out`, `/tmp/gedit_vnc_${id}.err`];
      if (session) files.push(session.infoFile);
      await world.removeOnNode(...files);
    }
  }
}

function panelOptions(session: ViewerSession, connect: PanelOptions['connect'], release: (() => Promise<void>) | undefined, password: string | undefined): PanelOptions {
  return {
    connect,
    session,
    ...(release ? { release } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

async function main(): Promise<void> {
  const world = await slurmWorld();
  let browser: Browser | undefined;
  let resources: ResourceServer | undefined;
  let bundleDir: string | undefined;
  try {
    // Ready before the clock starts, as in a running editor: the viewer bundle and the browser.
    const bundle = await buildViewerBundle(true);
    bundleDir = bundle.dir;
    [browser, resources] = await Promise.all([launchChromium(), startResourceServer(bundleDir)]);

    const samples: Sample[] = [];
    for (let run = 0; run < RUNS; run++) {
      const sample = await oneRun(world, browser, resources);
      samples.push(sample);
      console.log(`# run ${run + 1} steps after RUNNING (ms): ${sample.steps}`);
      console.log(
        `# run ${run + 1}: RUNNING → ready ${sample.runningToReady} ms, → first frame ${sample.runningToFrame} ms ` +
          `(panel page load ${sample.panelLoad} ms); direct: first frame ${sample.direct} ms (${sample.directAfterLoad} ms after page load)`,
      );
    }
    const runningToFrame = median(samples.map((s) => s.runningToFrame));
    const direct = median(samples.map((s) => s.direct));
    console.log(`# ${RUNS} launches, medians; launch polls: pending ${DEFAULT_POLL_MS.pending} ms, info ${DEFAULT_POLL_MS.info} ms, port ${DEFAULT_POLL_MS.port} ms`);
    console.log(`bench session.running_to_ready ${median(samples.map((s) => s.runningToReady))} ms`);
    console.log(`bench session.running_to_first_frame ${runningToFrame} ms`);
    console.log(`bench session.first_frame_direct ${direct} ms`);
    console.log(`bench session.running_to_first_frame_vs_direct ${(runningToFrame / direct).toFixed(2)} x`);
  } finally {
    await browser?.close();
    await resources?.close();
    if (bundleDir) removeDir(bundleDir);
    await world.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

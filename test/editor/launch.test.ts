// App Framework: Launch Session as a user runs it in the real editor (code-server in headless
// Chromium) against the sandbox cluster: the command from the palette, the app from the quick
// pick, then the viewer panel, which opens as soon as the job runs, says what the launch waits
// for and shows the session's desktop once it is ready.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureCluster, type ClusterFacts } from '../helpers/cluster';
import { waitFor } from '../helpers/vnc';
import { repoRoot } from './staging';
import { evaluateInFrames, openProjectWorkbench, showAppFrameworkViews, UI_TIMEOUT_MS, type ProjectWorkbench } from './workbench';

const APP = 'gedit';
/** The seed template's job name, also in the names of its output files on the node. */
const JOB_NAME = 'gedit_vnc';
/** The desktop size the seed template asks for (VNC_RESOLUTION). */
const DESKTOP = { width: 1280, height: 720 };
/** States of the viewer page that mean something went wrong. */
const ERROR_STATES = ['disconnected', 'securityFailure', 'ended'];

let cluster: ClusterFacts;
let work: string;
let fakeBin: string;
let workbench: ProjectWorkbench | undefined;
/** Jobs named like the seed's before the test: not this test's to cancel. */
let jobsBefore: Set<string>;
/** The job the launch started, from the viewer panel's title. */
let jobId: string | undefined;
/** Messages of the page's console about its Content Security Policy. */
const cspMessages: string[] = [];

function slurm(command: string, args: readonly string[]): string {
  return execFileSync(command, args, { env: { ...process.env, ...cluster.slurmEnv }, encoding: 'utf8' });
}

function jobsNamed(name: string): string[] {
  return slurm('squeue', ['-h', '-o', '%i', '-n', name]).split('\n').map((id) => id.trim()).filter(Boolean);
}

before(async () => {
  cluster = await ensureCluster();
  work = mkdtempSync(join(tmpdir(), 'appframework-editor-launch-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'workspace', 'dashboard'), join(work, 'dashboard'), { recursive: true });
  const project = join(work, 'dashboard', 'app_5174');
  writeFileSync(
    join(project, 'appframework.yaml'),
    [
      '# The sandbox cluster: af-access runs Slurm, viz-node001 is the visualization node (through af-access).',
      'hosts:',
      '  access: af-access',
      '  viz: [viz-node001]',
      '',
    ].join('\n'),
  );
  // The job runs `apptainer run`: the test double starts Xvnc and websockify directly. sbatch
  // --export=ALL hands the job the login's PATH, so the template puts the double first itself.
  fakeBin = join(work, 'bin');
  mkdirSync(fakeBin);
  symlinkSync(join(repoRoot, 'test', 'helpers', 'fake-apptainer'), join(fakeBin, 'apptainer'));
  const template = join(project, 'slurm_jobs', 'gedit_vnc_job.sh');
  const lines = readFileSync(template, 'utf8').split('\n');
  // After the #SBATCH lines: sbatch reads none after the first command.
  const afterDirectives = lines.length - [...lines].reverse().findIndex((line) => line.startsWith('#SBATCH'));
  lines.splice(afterDirectives, 0, '', '# TEST DOUBLE: `apptainer` is test/helpers/fake-apptainer (no container, Xvnc and websockify directly).', `export PATH=${fakeBin}:$PATH`);
  writeFileSync(template, lines.join('\n'));
  jobsBefore = new Set(jobsNamed(JOB_NAME));

  workbench = await openProjectWorkbench({ project, sshConfig: cluster.sshConfig });
  workbench.page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspMessages.push(message.text());
  });
}, { timeout: 20 * 60_000 });

/** Whether a job's batch script is this test's copy of the template (it names this test's PATH). */
function isOurs(id: string): boolean {
  try {
    return slurm('scontrol', ['write', 'batch_script', id, '-']).includes(fakeBin);
  } catch {
    return false;
  }
}

/** A file's text, or '' when another test's job removed it meanwhile. */
function textOf(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Cancels this test's job (known by the panel's title, else by its batch script) and removes what it left on the node. */
async function cancelJob(): Promise<void> {
  const ids = jobId !== undefined ? [jobId] : jobsNamed(JOB_NAME).filter((id) => !jobsBefore.has(id) && isOurs(id));
  for (const id of ids) {
    try {
      slurm('scancel', [id]);
    } catch {
      // Ended already.
    }
  }
  // Cancelled, the template leaves its info file behind; its output files stay anyway. The node is this machine.
  for (const id of ids) {
    await waitFor(`job ${id} to end`, () => (jobsNamed(JOB_NAME).includes(id) ? undefined : true), 60_000, 250).catch(() => undefined);
    for (const name of readdirSync('/tmp')) {
      const path = join('/tmp', name);
      const infoOfJob = /^app_session_.*\.info$/.test(name) && textOf(path).includes(`JOB_ID=${id}\n`);
      if (infoOfJob || name === `${JOB_NAME}_${id}.out` || name === `${JOB_NAME}_${id}.err`) rmSync(path, { force: true });
    }
  }
}

after(async () => {
  try {
    if (cluster) await cancelJob();
  } finally {
    await workbench?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }
});

/** Runs a command from the palette, as typed by the user. */
async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
}

/**
 * Records, in the workbench's page, when the first editor tab titled `prefix…` appears, and
 * returns a function that reads it. The page's clock: the same as the frames'.
 */
async function watchForTab(page: Page, prefix: string): Promise<() => Promise<{ at: number; title: string } | undefined>> {
  await page.evaluate(`(() => {
    const prefix = ${JSON.stringify(prefix)};
    const check = () => {
      if (window.__appframeworkTab) return;
      for (const tab of document.querySelectorAll('.tabs-container .tab')) {
        const title = (tab.querySelector('.label-name')?.textContent ?? '').trim();
        if (title.startsWith(prefix)) {
          window.__appframeworkTab = { at: Date.now(), title };
          observer.disconnect();
          return;
        }
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    check();
  })()`);
  return async () => (await page.evaluate('window.__appframeworkTab')) as { at: number; title: string } | undefined;
}

/** The launch's progress messages in the extension's log, capitalised as the viewer shows them. */
function launchSteps(log: string): string[] {
  return [...log.matchAll(new RegExp(`\\[info\\] launch ${APP}: (.+)$`, 'gm'))].map(([, step]) => `${step.charAt(0).toUpperCase()}${step.slice(1)}`);
}

interface ViewerSnapshot {
  readonly at: number;
  readonly state: string;
  readonly text: string;
  /** The canvas's size, once noVNC has one. */
  readonly width: number;
  readonly height: number;
  /** Opaque pixels among those sampled on the canvas (a grid of 64 × 36). */
  readonly opaque: number;
  readonly sampled: number;
}

/** The viewer page's status and canvas, in the frame that holds it (undefined elsewhere). */
const VIEWER_SNAPSHOT = `(() => {
  const status = document.getElementById('status');
  const text = document.getElementById('status-text');
  if (!status || !text || !document.getElementById('screen')) return undefined;
  const snapshot = { at: Date.now(), state: status.dataset.state ?? '', text: text.textContent ?? '', width: 0, height: 0, opaque: 0, sampled: 0 };
  const canvas = document.querySelector('#screen canvas');
  if (canvas && canvas.width > 0 && canvas.height > 0) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    snapshot.width = canvas.width;
    snapshot.height = canvas.height;
    for (let y = 0; y < 36; y++) {
      for (let x = 0; x < 64; x++) {
        const px = Math.floor(((x + 0.5) * canvas.width) / 64);
        const py = Math.floor(((y + 0.5) * canvas.height) / 36);
        snapshot.sampled++;
        if (data[(py * canvas.width + px) * 4 + 3] !== 0) snapshot.opaque++;
      }
    }
  }
  return snapshot;
})()`;

test('(editor) Launch Session: the viewer panel opens while the job starts, then shows the session\'s desktop', { timeout: 10 * 60_000 }, async () => {
  assert.ok(workbench);
  const { page } = workbench;
  const started = Date.now();
  // The command shows in the palette once the extension has found the project's apps.
  await showAppFrameworkViews(page);
  // Off the activity bar, whose hover would stay over the views in the screenshot.
  await page.mouse.move(1000, 52);
  await page.locator('.pane:has(.pane-header h3.title:text-is("Apps")) .monaco-list-row').filter({ hasText: APP }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  const tab = await watchForTab(page, `${APP} · job`);

  await runCommand(page, 'App Framework: Launch Session');
  const pick = page.locator('.quick-input-widget .quick-input-box input[placeholder="Choose an app"]');
  await pick.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(APP);
  // The row's label is the app's id; its description, the registry's name.
  await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${APP}"]`).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  const commandRun = Date.now();

  // (1) The panel: its tab, then what its page says until it connects.
  const opened = await waitFor('the viewer panel\'s tab', tab, UI_TIMEOUT_MS, 100).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${workbench?.errors()}\n${workbench?.logs().slice(-4000)}`);
  });
  jobId = /job (\d+)/.exec(opened.title)?.[1];
  assert.ok(jobId, `no job id in the tab's title "${opened.title}"`);

  // (2) The desktop: polled, so the first frame is seen at most one poll late.
  const seen: ViewerSnapshot[] = [];
  const firstFrame = await waitFor(
    'the desktop on the viewer\'s canvas',
    async () => {
      const snapshot = await evaluateInFrames<ViewerSnapshot>(page, VIEWER_SNAPSHOT);
      if (!snapshot) return undefined;
      const last = seen[seen.length - 1];
      if (!last || last.state !== snapshot.state || last.text !== snapshot.text) seen.push(snapshot);
      return snapshot.opaque > 0 ? snapshot : undefined;
    },
    UI_TIMEOUT_MS,
    50,
  ).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nthe page said: ${JSON.stringify(seen)}\n${workbench?.errors()}\n${workbench?.logs().slice(-4000)}`);
  });
  const statuses = seen.map((s) => `+${s.at - opened.at} ms ${s.state}: ${s.text}`);
  console.log(`(editor) launch: panel ${opened.at - commandRun} ms after the pick, first frame ${firstFrame.at - opened.at} ms after the panel; the page said:\n  ${statuses.join('\n  ')}`);
  assert.ok(opened.at <= firstFrame.at, `the panel opened at ${opened.at}, after the first frame at ${firstFrame.at}`);
  assert.deepEqual(seen.filter((s) => ERROR_STATES.includes(s.state)), [], 'the page showed an error state');
  // Until it connects, the page says what the launch reported last (as the extension logs it), or its own "Connecting…".
  const reported = await waitFor('the launch\'s steps in the extension\'s log', () => {
    const steps = launchSteps(workbench?.logs() ?? '');
    return steps.includes('The session is ready') ? steps : undefined;
  }, 10_000, 100);
  const unexplained = seen.filter((s) => s.state === 'connecting' && s.text !== 'Connecting…' && !reported.some((step) => s.text.startsWith(step)));
  assert.deepEqual(unexplained, [], `texts the launch did not report (it reported: ${reported.join(' | ')})`);

  // The whole desktop, drawn by the first full update: every sampled pixel opaque.
  const desktop = await waitFor('the whole desktop on the canvas', async () => {
    const snapshot = await evaluateInFrames<ViewerSnapshot>(page, VIEWER_SNAPSHOT);
    return snapshot && snapshot.opaque === snapshot.sampled ? snapshot : undefined;
  }, 30_000, 100);
  assert.deepEqual({ width: desktop.width, height: desktop.height }, DESKTOP);
  assert.equal(desktop.state, 'connected');
  await waitFor('the panel\'s title without a state', async () => {
    const titles = await page.locator('.tabs-container .tab .label-name').allInnerTexts();
    return titles.includes(opened.title) ? true : undefined;
  }, 10_000, 100);

  // (3) The page runs under its CSP without violations.
  assert.deepEqual(cspMessages, []);

  const artefacts = join(repoRoot, 'test-artifacts');
  mkdirSync(artefacts, { recursive: true });
  // Over the empty part of the editor's tab bar: no tooltip or hover covers anything.
  await page.mouse.move(1000, 52);
  await page.screenshot({ path: join(artefacts, 'editor-launch.png') });
  console.log(`(editor) launch: ${((Date.now() - started) / 1000).toFixed(1)} s from the workbench to the screenshot`);
});

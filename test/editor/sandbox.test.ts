// `npm run sandbox` (test/sandbox/start.sh) on a copy of the project, as someone without VS Code and
// without a cluster runs it: the sandbox cluster, the packaged extension in code-server, the sample
// project with the sandbox hosts. The workbench it serves is then used as a user would, and what it
// shows is saved as the README's screenshots (test-artifacts/readme-*.png, copied to media/screenshots).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureCluster, type ClusterFacts } from '../helpers/cluster';
import { launchChromium, openWorkbench } from './browser';
import { EXTENSION_ID, extensionHostLogs, freeLoopbackPort } from './codeServer';
import { repoRoot, stageProject } from './staging';

const UI_TIMEOUT_MS = 120_000;
/** What the sandbox script uses besides the extension's own inputs. */
const SCRIPT_INPUTS = ['test/cluster', 'test/editor/install-code-server.sh', 'test/sandbox', 'test/fixtures/workspace'];

let cluster: ClusterFacts;
let work: string;
let sandboxDir: string;
let port: number;
let sandbox: ChildProcess | undefined;
let output = '';
let url: string;
let browser: Browser | undefined;
let page: Page;
const jobs: string[] = [];

function stopSandbox(): void {
  try {
    if (sandbox?.pid !== undefined) process.kill(-sandbox.pid, 'SIGTERM');
  } catch {
    // Gone already.
  }
}

before(async () => {
  cluster = await ensureCluster();
  work = mkdtempSync(join(tmpdir(), 'appframework-sandbox-'));
  const project = join(work, 'project');
  stageProject(project);
  for (const input of SCRIPT_INPUTS) cpSync(join(repoRoot, input), join(project, input), { recursive: true });
  sandboxDir = join(work, 'sandbox');
  port = await freeLoopbackPort();
  // The cluster that runs already (its folder), a sandbox folder and a port of this test's own.
  const env = { ...process.env, APPFRAMEWORK_CLUSTER_DIR: cluster.dir, APPFRAMEWORK_SANDBOX_DIR: sandboxDir, APPFRAMEWORK_SANDBOX_PORT: String(port) };
  const started = Date.now();
  sandbox = spawn('bash', [join(project, 'test', 'sandbox', 'start.sh')], { cwd: project, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  sandbox.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  sandbox.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const printed = /^(http:\/\/\S+)$/m.exec(output);
      if (printed) {
        clearInterval(timer);
        resolve(printed[1]);
      } else if (sandbox?.exitCode !== null || Date.now() - started > 15 * 60_000) {
        clearInterval(timer);
        reject(new Error(`npm run sandbox printed no address:\n${output.slice(-4000)}`));
      }
    }, 200);
  });
  console.log(`(editor) sandbox: address printed after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // The address is printed just before code-server starts: wait until it answers.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline || sandbox.exitCode !== null) throw new Error(`code-server of the sandbox did not answer:\n${output.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  browser = await launchChromium();
  page = (await openWorkbench(browser, url)).page;
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
}, { timeout: 20 * 60_000 });

after(async () => {
  for (const job of jobs) {
    try {
      execFileSync('scancel', [job], { env: { ...process.env, ...cluster.slurmEnv } });
    } catch {
      // Ended already.
    }
  }
  await browser?.close();
  stopSandbox();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Saves a screenshot of part of the page for the README (and as a test artefact). */
async function saveScreenshot(name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const artefacts = join(repoRoot, 'test-artifacts');
  mkdirSync(artefacts, { recursive: true });
  // Over the empty part of the editor's tab bar: no tooltip or hover covers anything.
  await page.mouse.move(800, 52);
  await page.screenshot({ path: join(artefacts, `readme-${name}.png`), ...(clip ? { clip } : {}) });
}

test('(editor) sandbox: npm run sandbox serves VS Code on 127.0.0.1 with the packaged extension, the sample project and the sandbox ssh config', () => {
  const printed = new URL(url);
  assert.equal(printed.hostname, '127.0.0.1');
  assert.equal(printed.port, String(port));
  const workspace = printed.searchParams.get('folder') ?? '';
  assert.equal(workspace, join(sandboxDir, 'workspace', 'dashboard', 'app_5174'));
  assert.match(readFileSync(join(workspace, 'appframework.yaml'), 'utf8'), /access: af-access\n\s+viz: \[viz-node001\]/);
  assert.ok(existsSync(join(workspace, 'apptainer', 'gedit.def')));
  // Remote settings: a remote window ignores machine-scoped values of the user's settings.
  const settings = JSON.parse(readFileSync(join(sandboxDir, 'code-server', 'user-data', 'Machine', 'settings.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(settings['appframework.ssh.configFile'], cluster.sshConfig);
  const installed = readdirSync(join(sandboxDir, 'code-server', 'extensions')).filter((name) => name.startsWith(`${EXTENSION_ID}-`));
  assert.equal(installed.length, 1, `installed: ${installed.join(', ')}`);
  assert.ok(existsSync(join(sandboxDir, 'code-server', 'extensions', installed[0], 'dist', 'extension.js')));
});

test('(editor) sandbox: the Apps view lists the sample apps, and the Jobs view lists a job of the sandbox cluster read over SSH', { timeout: 3 * UI_TIMEOUT_MS }, async () => {
  // A job of this user on the cluster: the Jobs view can only show it by reaching af-access.
  const job = execFileSync('sbatch', ['--parsable', '--job-name=sandbox-check', '--output=/dev/null', '--wrap', 'sleep 600'], {
    env: { ...process.env, ...cluster.slurmEnv },
    encoding: 'utf8',
  }).trim().split(';')[0];
  jobs.push(job);

  const entry = page.locator('.activitybar .action-item a[aria-label^="App Framework"]');
  await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await entry.click();
  const apps = page.locator('.pane:has(.pane-header h3.title:text-is("Apps")) .monaco-list-row');
  await apps.filter({ hasText: 'gedit' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await apps.filter({ hasText: 'lsprepost' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  // The seed's gedit app and its parts: definition, job template, registry entry.
  await apps.filter({ hasText: 'gedit' }).first().click();
  await apps.filter({ hasText: 'gedit.def' }).first().waitFor({ timeout: UI_TIMEOUT_MS });

  const jobRows = page.locator('.pane:has(.pane-header h3.title:text-is("Jobs")) .monaco-list-row');
  await jobRows
    .filter({ hasText: 'sandbox-check' })
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS })
    .catch((error: unknown) => {
      // What the extension saw is in its logs, which go with the sandbox folder.
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${extensionHostLogs(join(sandboxDir, 'code-server')).slice(-8000)}`);
    });
  assert.equal(await jobRows.filter({ hasText: /Cannot list jobs/ }).count(), 0);
  await saveScreenshot('apps', { x: 48, y: 40, width: 300, height: 205 });
});

test('(editor) sandbox: the seed\'s definition file opens highlighted, with its problems in the editor and the Problems panel', { timeout: 3 * UI_TIMEOUT_MS }, async () => {
  // A little smaller than a laptop screen: the README's picture stays small.
  await page.setViewportSize({ width: 1200, height: 720 });
  const apps = page.locator('.pane:has(.pane-header h3.title:text-is("Apps")) .monaco-list-row');
  await apps.filter({ hasText: 'gedit.def' }).first().click();
  const editor = page.locator('.editor-instance .monaco-editor');
  await editor.locator('.view-lines').filter({ hasText: 'Bootstrap' }).waitFor({ timeout: UI_TIMEOUT_MS });
  // The baked-in password and the VNC server open to the network are errors; fixed ports warnings.
  await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
  await editor.locator('.squiggly-warning').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Control+Shift+M');
  const problems = page.locator('.markers-panel .monaco-list-row');
  await problems.filter({ hasText: 'AFL007' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  const texts = await problems.allInnerTexts();
  assert.ok(texts.some((text) => /AFL009/.test(text)), texts.join('\n'));
  await saveScreenshot('definition');
});

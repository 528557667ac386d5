// A project as a user has it open in the real editor: the extension (a development build of this
// tree) in code-server, the project's folder open with the sandbox cluster's ssh config as its
// setting, shown in headless Chromium. Shared by the editor tier and the Apptainer tier.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench } from './browser';
import { ensureCodeServer, extensionHostLogs, startCodeServer, type CodeServer } from './codeServer';
import { buildStagedExtension, stageProject } from './staging';

export const UI_TIMEOUT_MS = 120_000;

export interface ProjectWorkbenchOptions {
  /** The project folder to open. */
  readonly project: string;
  /** The ssh config that names af-access and viz-node001 (setting appframework.ssh.configFile). */
  readonly sshConfig: string;
}

export interface ProjectWorkbench {
  readonly page: Page;
  /** Page and console errors so far, for failure messages. */
  errors(): string;
  /** The extension host's log and the extension's output channel. */
  logs(): string;
  /** Closes Chromium, stops code-server and removes their folder. */
  close(): Promise<void>;
}

/** Builds the extension, starts code-server on the project and opens it in Chromium. */
export async function openProjectWorkbench(options: ProjectWorkbenchOptions): Promise<ProjectWorkbench> {
  const bin = await ensureCodeServer();
  const dir = mkdtempSync(join(tmpdir(), 'appframework-workbench-'));
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const extension = join(dir, 'extension');
    stageProject(extension);
    await buildStagedExtension(extension, false);
    // A personal setting, here for the folder: where the ssh aliases af-access and viz-node001 are.
    mkdirSync(join(options.project, '.vscode'), { recursive: true });
    writeFileSync(join(options.project, '.vscode', 'settings.json'), `${JSON.stringify({ 'appframework.ssh.configFile': options.sshConfig }, null, 2)}\n`);
    // The extension host inherits this process's environment (PATH, SLURM_CONF).
    const dataDir = join(dir, 'code-server');
    server = await startCodeServer(bin, dataDir);
    browser = await launchChromium();
    const { page, errors } = await openWorkbench(browser, server.workbenchUrl(options.project, { extensionDevelopmentPath: extension }));
    await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
    return { page, errors, logs: () => extensionHostLogs(dataDir), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Clicks the App Framework entry of the activity bar: the Apps, Images and Jobs views show. */
export async function showAppFrameworkViews(page: Page): Promise<void> {
  const entry = page.locator('.activitybar .action-item a[aria-label^="App Framework"]');
  await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await entry.click();
}

/**
 * Runs `script` in every frame of the page and returns the first result other than undefined:
 * webview panels are frames within frames, and only the viewer's own page has what it looks for.
 * A string, so the page gets exactly this code, untouched by the TypeScript loader.
 */
export async function evaluateInFrames<T>(page: Page, script: string): Promise<T | undefined> {
  for (const frame of page.frames()) {
    const found = (await frame.evaluate(script).catch(() => undefined)) as T | undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

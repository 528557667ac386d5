// What a user sees in the real workbench (code-server in headless Chromium): the App Framework
// activity bar entry with its views, and a .def file highlighted by the extension's grammar.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench } from './browser';
import { ensureCodeServer, startCodeServer, type CodeServer } from './codeServer';
import { buildStagedExtension, repoRoot, stageProject, stageWorkspace } from './staging';

// The page's DOM, typed just enough for the checks below (the project compiles without the DOM lib).
interface PageElement {
  readonly textContent: string | null;
  readonly innerText: string;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}
declare const document: PageElement;
declare function getComputedStyle(element: PageElement): { readonly color: string };

const DEF_FILE = join('language', 'xclock.def');
const UI_TIMEOUT_MS = 90_000;

let work: string;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;

before(async () => {
  const bin = await ensureCodeServer();
  work = mkdtempSync(join(tmpdir(), 'appframework-editor-ui-'));
  const extension = join(work, 'extension');
  stageProject(extension);
  await buildStagedExtension(extension, false);
  const workspace = stageWorkspace('editor-workspace', join(work, 'workspace'));
  server = await startCodeServer(bin, join(work, 'code-server'));
  browser = await launchChromium();
  const url = server.workbenchUrl(workspace, { extensionDevelopmentPath: extension, openFile: join(workspace, DEF_FILE) });
  page = (await openWorkbench(browser, url)).page;
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
}, { timeout: 20 * 60_000 });

after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Polls a check run in the page until it returns a value other than null. */
async function waitInPage<T>(what: string, check: () => T | null, timeoutMs = UI_TIMEOUT_MS): Promise<T> {
  const handle = await page.waitForFunction(check, undefined, { timeout: timeoutMs, polling: 100 }).catch((error: Error) => {
    throw new Error(`Timed out waiting for ${what}: ${error.message.split('\n')[0]}`);
  });
  return (await handle.jsonValue()) as T;
}

test('(editor) UI: the App Framework activity bar entry opens the Apps, Images and Jobs views', { timeout: 2 * UI_TIMEOUT_MS }, async () => {
  const entry = page.locator('.activitybar .action-item a[aria-label^="App Framework"]');
  await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await entry.click();
  const titles = await waitInPage('the App Framework views', () => {
    const headers = Array.from(document.querySelectorAll('.sidebar .pane-header h3.title')).map((h) => (h.textContent ?? '').trim());
    return headers.length >= 3 ? headers : null;
  });
  assert.deepEqual(titles.map((t) => t.toLowerCase()), ['apps', 'images', 'jobs']);
  assert.match(await page.locator('.sidebar .composite.title').innerText(), /APP FRAMEWORK/i);

  // Until the extension registers its tree, the workbench shows a placeholder in the view.
  const apps = await waitInPage('the extension to fill the Apps view', () => {
    const body = document.querySelector('.sidebar .pane .pane-body');
    const text = (body?.innerText ?? '').trim();
    return text && !/no data provider/i.test(text) ? text : null;
  });
  assert.match(apps, /No apps found|apptainer\//);
});

interface Token {
  readonly text: string;
  readonly color: string;
}

test('(editor) UI: a .def file is highlighted by the apptainer grammar', { timeout: 2 * UI_TIMEOUT_MS }, async () => {
  const mode = page.locator('#status\\.editor\\.mode');
  await mode.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  assert.equal((await mode.innerText()).trim(), 'Apptainer Definition');

  // Tokenizing runs in a worker after the text shows: wait for the header key to get its colour.
  const tokens = await waitInPage('coloured tokens in the editor', () => {
    const editor = document.querySelector('.editor-instance .monaco-editor .view-lines');
    if (!editor) return null;
    const plain = getComputedStyle(editor).color;
    const spans = Array.from(editor.querySelectorAll('.view-line > span > span'));
    // The editor renders spaces as no-break spaces.
    const found = spans.map((s) => ({ text: (s.textContent ?? '').replace(/\u00a0/g, ' '), color: getComputedStyle(s).color }));
    const key = found.find((t) => t.text === 'Bootstrap');
    return key && key.color !== plain ? { plain, found } : null;
  });
  const colorOf = (predicate: (t: Token) => boolean, what: string): string => {
    const token = tokens.found.find(predicate);
    assert.ok(token, `no token for ${what} among: ${tokens.found.map((t) => t.text).join('|')}`);
    return token.color;
  };
  const comment = colorOf((t) => t.text.startsWith('# A small'), 'the comment');
  const headerKey = colorOf((t) => t.text === 'Bootstrap', 'the Bootstrap key');
  const section = colorOf((t) => t.text === 'post' || t.text === '%post', 'the %post section');
  const label = colorOf((t) => t.text === 'org.appframework.app', 'a label name');
  for (const [what, color] of Object.entries({ comment, headerKey, section, label })) {
    assert.notEqual(color, tokens.plain, `${what} has the plain text colour`);
  }
  assert.equal(new Set([comment, headerKey, section, label]).size, 4, `comment ${comment}, key ${headerKey}, section ${section}, label ${label}`);
  assert.ok(new Set(tokens.found.map((t) => t.color)).size >= 6, 'fewer than 6 colours in the file');

  const artefacts = join(repoRoot, 'test-artifacts');
  mkdirSync(artefacts, { recursive: true });
  // Away from the activity bar, whose tooltip would cover the views.
  await page.mouse.move(900, 700);
  await page.screenshot({ path: join(artefacts, 'editor-def.png') });
});

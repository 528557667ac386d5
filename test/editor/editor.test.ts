// The extension's own mocha suite (test/suite) inside code-server's real extension host: the
// workbench is opened in headless Chromium with the development and tests paths as its payload,
// and the suite's results file is the verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteResults } from '../suite/results';
import { launchChromium, openWorkbench } from './browser';
import { deferrer } from './cleanup';
import { ensureCodeServer, extensionHostLogs, startCodeServer, VSCODE_VERSION } from './codeServer';
import { buildStagedExtension, buildSuite, stageProject, stageWorkspace } from './staging';

const SUITE_TIMEOUT_MS = 5 * 60_000;

/** Polls for the results file; gives up early if code-server dies. */
async function waitForResults(path: string, serverExited: () => boolean, context: () => string): Promise<SuiteResults> {
  const deadline = Date.now() + SUITE_TIMEOUT_MS;
  for (;;) {
    if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as SuiteResults;
    if (serverExited()) throw new Error(`code-server exited before the suite finished.\n${context()}`);
    if (Date.now() > deadline) throw new Error(`No suite results after ${SUITE_TIMEOUT_MS / 1000} s at ${path}.\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('(editor) the extension test suite passes inside VS Code 1.100.3 (code-server)', { timeout: 20 * 60_000 }, async (t) => {
  const defer = deferrer(t);
  const bin = await ensureCodeServer();
  const work = mkdtempSync(join(tmpdir(), 'appframework-editor-'));
  defer(() => rmSync(work, { recursive: true, force: true }));

  const extension = join(work, 'extension');
  stageProject(extension);
  await buildStagedExtension(extension, false);
  const suite = await buildSuite(join(work, 'suite'));
  const workspace = stageWorkspace('editor-workspace', join(work, 'workspace'));

  const server = await startCodeServer(bin, join(work, 'code-server'));
  defer(() => server.stop());
  const browser = await launchChromium();
  defer(() => browser.close());
  const url = server.workbenchUrl(workspace, { extensionDevelopmentPath: extension, extensionTestsPath: suite.index });
  const workbench = await openWorkbench(browser, url);

  const started = Date.now();
  const context = () =>
    [`code-server:\n${server.output()}`, `browser:\n${workbench.errors()}`, `extension host:\n${extensionHostLogs(server.dataDir).slice(-4000)}`].join('\n');
  const results = await waitForResults(suite.results, server.exited, context);
  t.diagnostic(`suite: ${results.tests.length} tests in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  assert.equal(results.error, undefined, `the suite did not run: ${results.error}`);
  assert.equal(results.vscodeVersion, VSCODE_VERSION);
  for (const result of results.tests) {
    await t.test(`(editor) suite: ${result.title}`, () => {
      assert.equal(result.state, 'passed', result.error);
    });
  }
  const failed = results.tests.filter((r) => r.state !== 'passed');
  assert.deepEqual(
    failed.map((r) => `${r.title} [${r.state}]: ${r.error ?? ''}`),
    [],
    `${failed.length} of ${results.tests.length} editor tests did not pass`,
  );
  assert.ok(
    results.tests.length >= suite.declaredTests,
    `${results.tests.length} tests ran, test/suite declares ${suite.declaredTests}`,
  );
});

// `npm run test:vscode`: the same suite as the editor tier, in desktop VS Code downloaded by
// @vscode/test-electron (needs internet access; on a machine without a display, run it under
// `xvfb-run -a`). VSCODE_TEST_VERSION picks the release: `stable` (default), `insiders` or `1.100.3`;
// VSCODE_EXECUTABLE_PATH runs an installed VS Code instead of downloading one.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { SuiteResults } from '../suite/results';
import { buildStagedExtension, buildSuite, stageProject, stageWorkspace } from './staging';

function summarize(results: SuiteResults, declared: number): string[] {
  const problems: string[] = [];
  if (results.error) problems.push(`the suite did not run: ${results.error}`);
  for (const r of results.tests) {
    console.log(`${r.state === 'passed' ? 'ok' : 'FAILED'}  ${r.title}`);
    if (r.state !== 'passed') problems.push(`${r.title} [${r.state}]\n${r.error ?? ''}`);
  }
  if (results.tests.length < declared) problems.push(`${results.tests.length} tests ran, test/suite declares ${declared}`);
  console.log(`VS Code ${results.vscodeVersion}: ${results.tests.length} tests, ${problems.length} problems`);
  return problems;
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'appframework-vscode-'));
  try {
    const extension = join(work, 'extension');
    stageProject(extension);
    await buildStagedExtension(extension, false);
    const suite = await buildSuite(join(work, 'suite'));
    const workspace = stageWorkspace('editor-workspace', join(work, 'workspace'));
    try {
      await runTests({
        version: process.env.VSCODE_TEST_VERSION ?? 'stable',
        vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
        extensionDevelopmentPath: extension,
        extensionTestsPath: suite.index,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(work, 'user-data')],
      });
    } catch (error) {
      // A failing suite makes VS Code exit non-zero; the results file below says which tests failed.
      if (!existsSync(suite.results)) throw error;
    }
    if (!existsSync(suite.results)) throw new Error(`VS Code exited without writing ${suite.results}`);
    const problems = summarize(JSON.parse(readFileSync(suite.results, 'utf8')) as SuiteResults, suite.declaredTests);
    for (const problem of problems) console.error(`\n${problem}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:vscode: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

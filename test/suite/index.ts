// Entry point VS Code loads as `extensionTestsPath`: runs every `*.test.js` next to this file with
// mocha inside the extension host and records each test in a results file for the runner.
// A feature's tests go in test/suite/<feature>.test.ts (mocha's TDD interface: `suite`, `test`),
// with helpers.ts; they run on a copy of test/fixtures/editor-workspace. The runners
// (test/editor/editor.test.ts, runVsCode.ts) pick new files up by themselves.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { describeError, resultsFile, writeResults, type SuiteTestResult } from './results';

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (name === 'node_modules') return [];
      if (statSync(path).isDirectory()) return testFiles(path);
      return name.endsWith('.test.js') ? [path] : [];
    });
}

async function runMocha(tests: SuiteTestResult[]): Promise<number> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  for (const file of testFiles(__dirname)) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('fail', (test, error) => tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: describeError(error) }));
    runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'pending' }));
  });
}

export async function run(): Promise<void> {
  const startedAt = new Date().toISOString();
  const tests: SuiteTestResult[] = [];
  let failures = 0;
  let error: string | undefined;
  try {
    failures = await runMocha(tests);
  } catch (caught) {
    error = describeError(caught);
  }
  if (tests.length === 0 && !error) error = `No tests found next to ${__dirname}`;
  writeResults(resultsFile(__dirname), {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    startedAt,
    finishedAt: new Date().toISOString(),
    tests,
    error,
  });
  if (error) throw new Error(error);
  if (failures > 0) throw new Error(`${failures} editor test(s) failed`);
}

// The file the suite leaves for its runner: no exit code comes back from an extension host
// opened in a browser, so this file is the only verdict. Plain Node: the runners import it too.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SuiteTestResult {
  /** Mocha's full title: the suite's and the test's. */
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  /** Message and the top of the stack, for failures. */
  readonly error?: string;
}

export interface SuiteResults {
  readonly vscodeVersion: string;
  readonly appName: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly tests: readonly SuiteTestResult[];
  /** Set when the suite could not run at all (a test file failed to load, ...). */
  readonly error?: string;
}

/** Where the suite compiled into `suiteDir` writes its results. */
export function resultsFile(suiteDir: string): string {
  return join(suiteDir, 'results.json');
}

/** Written whole or not at all, so a runner polling for the file never reads half of it. */
export function writeResults(path: string, results: SuiteResults): void {
  const partial = `${path}.partial`;
  writeFileSync(partial, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(partial, path);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return (error.stack ?? `${error.name}: ${error.message}`).split('\n').slice(0, 12).join('\n');
  return String(error);
}

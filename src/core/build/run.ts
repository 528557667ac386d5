// Runs an Apptainer build on a host with live output and cancellation, and reads the result:
// status, duration, the FATAL reason and the problems to show in the definition file.
import * as path from 'node:path';
import type { CancellationTokenLike } from '../hosts/cancellation';
import { isHostError, oneLine } from '../hosts/errors';
import type { Host } from '../hosts/host';
import { OutputBuffer } from '../hosts/exec';
import { mapBuildProblems, summarizeBuildOutput, type BuildProblem } from './output';

export interface BuildJob {
  readonly host: Host;
  readonly argv: readonly string[];
  /** Where relative paths of the definition (`%files`) are resolved. */
  readonly cwd?: string;
  /** Through `sudo -n` (never prompts). */
  readonly sudo?: boolean;
  /** Text of the definition file, to place the errors in it. */
  readonly definitionText?: string;
}

export type BuildStatus = 'succeeded' | 'failed' | 'cancelled';

export interface BuildResult {
  readonly status: BuildStatus;
  readonly exitCode?: number | null;
  readonly durationMs: number;
  /** One line for the user: what failed and why. */
  readonly message: string;
  readonly problems: readonly BuildProblem[];
}

/** The combined output kept for reading the result; the live stream goes to `onOutput` in full. */
const KEPT_OUTPUT = 1024 * 1024;

export async function runBuild(job: BuildJob, onOutput: (text: string) => void, token?: CancellationTokenLike): Promise<BuildResult> {
  const started = Date.now();
  const kept = new OutputBuffer(KEPT_OUTPUT);
  const forward = (chunk: Buffer) => {
    kept.push(chunk);
    onOutput(chunk.toString('utf8'));
  };
  const what = `${path.basename(job.argv[0] ?? '')} ${job.argv[1] ?? ''}`.trim();
  try {
    const result = await job.host.exec(job.argv, { cwd: job.cwd, sudo: job.sudo, token, onStdout: forward, onStderr: forward });
    const durationMs = Date.now() - started;
    if (result.exitCode === 0) return { status: 'succeeded', exitCode: 0, durationMs, message: `${what} succeeded on ${job.host.label}`, problems: [] };
    const output = kept.text();
    if (result.exitCode === 127 && /command not found|not found/.test(result.stderr)) {
      return { status: 'failed', exitCode: 127, durationMs, message: `${job.argv[0]} is not installed on ${job.host.label} (or not on its PATH)`, problems: [] };
    }
    const fatal = summarizeBuildOutput(output).fatal;
    const problems = job.definitionText === undefined ? [] : mapBuildProblems(output, job.definitionText);
    const reason = fatal ?? (result.stderr.trim().split('\n').pop() || `exit ${result.exitCode ?? result.signal}`);
    return { status: 'failed', exitCode: result.exitCode, durationMs, message: `${what} failed on ${job.host.label}: ${oneLine(reason)}`, problems };
  } catch (error) {
    const durationMs = Date.now() - started;
    if (isHostError(error) && error.kind === 'cancelled') return { status: 'cancelled', durationMs, message: `${what} on ${job.host.label} was cancelled`, problems: [] };
    if (isHostError(error) && error.kind === 'permission-denied' && job.sudo) {
      return {
        status: 'failed',
        durationMs,
        message: `sudo on ${job.host.label} needs a password (builds run "sudo -n", which never prompts): allow passwordless sudo for apptainer, or set build.fakeroot: true`,
        problems: [],
      };
    }
    return { status: 'failed', durationMs, message: error instanceof Error ? error.message : String(error), problems: [] };
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

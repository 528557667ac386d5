// Finding the info file of a job whose session id we do not know (submitted elsewhere, or by a
// backend that did not say): on the job's node, the configured pattern with any session id
// whose JOB_ID line names the job.
import type { CancellationTokenLike } from '../hosts';
import type { CommandRunner } from '../jobs/persistentShell';
import { execOnJobNode } from '../jobs/onNode';
import { infoFilePath, stepRefusal, type SessionInfo } from '../slurm';
import { readSessionInfo } from './sessionInfo';

export type Discovery =
  | { readonly kind: 'found'; readonly path: string; readonly info: SessionInfo }
  | { readonly kind: 'none'; readonly pattern: string }
  | { readonly kind: 'jobPending' }
  | { readonly kind: 'jobGone' };

const PLACEHOLDER = '${SESSION_ID}';

/** The glob matching every session's info file; the pattern is checked by `infoFilePath` first. */
export function infoFileGlob(pattern: string): string {
  infoFilePath(pattern, 'x');
  return pattern.split(PLACEHOLDER).join('*');
}

export async function discoverSessionInfo(access: CommandRunner, jobId: number, pattern: string, token?: CancellationTokenLike): Promise<Discovery> {
  const glob = infoFileGlob(pattern);
  // $2 unquoted on purpose: the shell expands the glob (it holds only [A-Za-z0-9_./-] and '*').
  const script = 'grep -l -x -e "JOB_ID=$1" -- $2 2>/dev/null; exit 0';
  const result = await execOnJobNode(access, jobId, ['sh', '-c', script, 'sh', String(jobId), glob], { token, timeoutMs: 60_000 });
  if (result.exitCode !== 0) {
    const refusal = stepRefusal(result.stderr);
    if (refusal === 'pending') return { kind: 'jobPending' };
    if (refusal === 'ended') return { kind: 'jobGone' };
    throw new Error(`Cannot look for the session info file on job ${jobId}'s node: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  }
  for (const path of result.stdout.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('/'))) {
    const read = await readSessionInfo(access, jobId, path, { jobId }, token).catch(() => undefined);
    if (read?.kind === 'ok') return { kind: 'found', path, info: read.info };
  }
  return { kind: 'none', pattern };
}

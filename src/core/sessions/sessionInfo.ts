// Reading a session's info file (and its password) on the node where the job runs.
import type { CancellationTokenLike } from '../hosts';
import type { CommandRunner } from '../jobs/persistentShell';
import { execOnJobNode } from '../jobs/onNode';
import { runSlurm } from '../jobs/runSlurm';
import { parseSessionInfo, SessionInfoIncompleteError, srunReadFile, stepRefusal, validatePath, type SessionInfo, type SessionInfoExpectations } from '../slurm';
import { bytesFromOd, decodeVncPasswordFile } from './vncPassword';

export type InfoRead =
  | { readonly kind: 'ok'; readonly info: SessionInfo }
  /** Only partly written: read again shortly. */
  | { readonly kind: 'notYet' }
  /** Not there (after waiting for it, when asked to wait). */
  | { readonly kind: 'missing' }
  | { readonly kind: 'jobPending' }
  | { readonly kind: 'jobGone' };

export async function readSessionInfo(
  access: CommandRunner,
  jobId: number,
  path: string,
  expect: SessionInfoExpectations,
  token?: CancellationTokenLike,
  /** How long to wait on the node for the file to appear. */
  waitSeconds = 0,
): Promise<InfoRead> {
  const read = await runSlurm(access, srunReadFile(jobId, path, waitSeconds), { token, timeoutMs: 60_000 + waitSeconds * 1000 });
  switch (read.kind) {
    case 'notFound':
      return { kind: 'missing' };
    case 'permissionDenied':
      throw new Error(`The session info file ${path} on job ${jobId}'s node is not readable by you.`);
    case 'jobPending':
    case 'jobGone':
      return { kind: read.kind };
    case 'ok':
      try {
        return { kind: 'ok', info: parseSessionInfo(read.text, expect) };
      } catch (error) {
        if (error instanceof SessionInfoIncompleteError) return { kind: 'notYet' };
        throw error;
      }
  }
}

/** The session's VNC password: the value from the info file, or the password file's content read on the node. */
export async function sessionPassword(access: CommandRunner, jobId: number, info: SessionInfo, token?: CancellationTokenLike): Promise<string | undefined> {
  if (!info.password) return undefined;
  if (info.password.kind === 'value') return info.password.value;
  const file = validatePath(info.password.path, 'password file', { absolute: true });
  // od: the file may be binary (vncpasswd -f), and command output travels as text.
  const result = await execOnJobNode(access, jobId, ['od', '-An', '-v', '-tx1', '--', file], { token, timeoutMs: 60_000 });
  if (result.exitCode !== 0) {
    if (stepRefusal(result.stderr)) return undefined;
    throw new Error(`Cannot read the password file ${file} on job ${jobId}'s node: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  }
  return decodeVncPasswordFile(bytesFromOd(result.stdout));
}

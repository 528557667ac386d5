// Following a job's output or error log where it is written: on the job's node, with `tail -F`
// run as a job step. The step ends by itself when the job ends, and the caller's token ends it
// when nobody watches any more. A finished job's log is read once over SSH when its node is one
// of the configured visualization hosts.
import { StringDecoder } from 'node:string_decoder';
import { isHostError, type CancellationTokenLike, type Host } from '../hosts';
import { stepRefusal, validatePath } from '../slurm';
import { execOnJobNode } from './onNode';

export type LogEnd =
  /** The job ended while the log was followed (or before: the log was read once). */
  | { readonly kind: 'jobEnded' }
  /** The token was cancelled. */
  | { readonly kind: 'stopped' }
  /** The job waits in the queue: there is no log yet. */
  | { readonly kind: 'notStarted' }
  /** The job is over and its node cannot be reached to read what it left. */
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface FollowLogOptions {
  readonly access: Host;
  readonly jobId: number;
  /** Absolute path of the log on the node. */
  readonly path: string;
  readonly onText: (text: string) => void;
  /** tail's own notes ("file truncated", "has appeared"), for a status line. */
  readonly onNote?: (text: string) => void;
  readonly token?: CancellationTokenLike;
  /** For a job that already ended: its node, when SSH reaches it. */
  readonly nodeHost?: () => Promise<Host | undefined>;
}

export async function followJobLog(options: FollowLogOptions): Promise<LogEnd> {
  const file = validatePath(options.path, 'log path', { absolute: true });
  const decoder = new StringDecoder('utf8');
  let received = false;
  let stderr = '';
  try {
    const result = await execOnJobNode(options.access, options.jobId, ['tail', '-n', '+1', '-F', '--', file], {
      token: options.token,
      timeoutMs: 'none',
      maxBuffer: 64 * 1024,
      onStdout: (chunk: Buffer) => {
        received = true;
        const text = decoder.write(chunk);
        if (text) options.onText(text);
      },
      onStderr: (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        stderr += text;
        for (const line of text.split('\n')) if (/^tail: /.test(line)) options.onNote?.(line.slice(6));
      },
    });
    const rest = decoder.end();
    if (rest) options.onText(rest);
    const refusal = stepRefusal(result.stderr || stderr);
    if (refusal === 'pending') return { kind: 'notStarted' };
    if (refusal === 'ended' && !received) return readFinished(options, file);
    return { kind: 'jobEnded' };
  } catch (error) {
    if (isHostError(error) && error.kind === 'cancelled') return { kind: 'stopped' };
    throw error;
  }
}

async function readFinished(options: FollowLogOptions, file: string): Promise<LogEnd> {
  const host = await options.nodeHost?.().catch(() => undefined);
  if (!host) return { kind: 'unavailable', reason: `job ${options.jobId} has ended and its node is not one of hosts.viz, so ${file} cannot be read from here` };
  try {
    const text = (await host.readFile(file, { token: options.token })).toString('utf8');
    options.onText(text);
    return { kind: 'jobEnded' };
  } catch (error) {
    if (isHostError(error) && error.kind === 'cancelled') return { kind: 'stopped' };
    return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
}

// Everything Diagnose needs from a job's node in one job step (each srun costs a round trip to
// the controller and a step launch): the session info file, the process list and the listening
// sockets, in sections marked with a random token no output can forge.
import { randomBytes } from 'node:crypto';
import type { CancellationTokenLike, Host } from '../hosts';
import { infoFilePath, stepRefusal, type StepRefusal } from '../slurm';
import { infoFileGlob } from '../sessions/discover';
import { parseProcNetSockets, parseSsSockets, type ListeningSocket } from '../sessions/nodePorts';
import { execOnJobNode } from './onNode';

export interface NodeSnapshot {
  /** The info file found (by session id, or by its JOB_ID line) and its text. */
  readonly info?: { readonly path: string; readonly text: string };
  /** `pid args` lines of every process on the node. */
  readonly processes: readonly string[];
  /** Undefined when neither ss nor /proc/net/tcp could be read. */
  readonly sockets?: readonly ListeningSocket[];
}

export type NodeSnapshotResult = { readonly kind: 'ok'; readonly snapshot: NodeSnapshot } | { readonly kind: 'refused'; readonly why: StepRefusal };

// $1 job id, $2 info file path or glob, $3 "path" or "glob", $4 the section token.
// $2 is left unquoted in the loop on purpose: a glob must expand (it holds only [A-Za-z0-9_./-*]).
const SCRIPT = [
  'job=$1 spec=$2 how=$3 t=$4',
  'printf "%s info\\n" "$t"',
  'if [ "$how" = path ]; then',
  '  if [ -r "$spec" ]; then printf "%s path %s\\n" "$t" "$spec"; cat -- "$spec"; fi',
  'else',
  '  for f in $spec; do',
  '    if [ -r "$f" ] && grep -q -x -e "JOB_ID=$job" -- "$f"; then printf "%s path %s\\n" "$t" "$f"; cat -- "$f"; break; fi',
  '  done',
  'fi',
  'printf "\\n%s ps\\n" "$t"',
  'ps -eo pid=,args=',
  'if command -v ss >/dev/null 2>&1; then printf "%s ss\\n" "$t"; ss -Hltn; else printf "%s proc\\n" "$t"; cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; fi',
  'exit 0',
].join('\n');

export async function nodeSnapshot(
  access: Host,
  jobId: number,
  info: { readonly pattern: string; readonly sessionId?: string },
  token?: CancellationTokenLike,
): Promise<NodeSnapshotResult> {
  const marker = `@@af-${randomBytes(8).toString('hex')}`;
  const [spec, how] = info.sessionId === undefined ? [infoFileGlob(info.pattern), 'glob'] : [infoFilePath(info.pattern, info.sessionId), 'path'];
  const result = await execOnJobNode(access, jobId, ['sh', '-c', SCRIPT, 'sh', String(jobId), spec, how, marker], { token, timeoutMs: 60_000 });
  const refusal = stepRefusal(result.stderr);
  if (refusal) return { kind: 'refused', why: refusal };
  if (result.exitCode !== 0) throw new Error(`Cannot look at job ${jobId}'s node: ${result.stderr.trim().split('\n').pop() ?? `srun exited with ${result.exitCode}`}`);
  return { kind: 'ok', snapshot: parseNodeSnapshot(result.stdout, marker) };
}

export function parseNodeSnapshot(stdout: string, marker: string): NodeSnapshot {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  let infoPath: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${marker} `)) {
      const [name, ...rest] = line.slice(marker.length + 1).split(' ');
      if (name === 'path') {
        infoPath = rest.join(' ');
        continue;
      }
      current = [];
      sections.set(name, current);
      continue;
    }
    current?.push(line);
  }
  const infoText = (sections.get('info') ?? []).join('\n').replace(/\n+$/, '\n');
  const processes = (sections.get('ps') ?? []).map((line) => line.trim()).filter((line) => line !== '');
  const ss = sections.get('ss');
  const proc = sections.get('proc');
  const sockets = ss ? parseSsSockets(ss.join('\n')) : proc && proc.length > 0 ? parseProcNetSockets(proc.join('\n')) : undefined;
  return { ...(infoPath ? { info: { path: infoPath, text: infoText } } : {}), processes, ...(sockets ? { sockets } : {}) };
}

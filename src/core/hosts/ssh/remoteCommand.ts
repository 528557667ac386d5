// How an argv runs over SSH: one quoted command string for the login shell, which execs
// /bin/sh to report the command's process group on stderr before exec'ing the command.
// Knowing the group lets a cancel or timeout kill everything the command started.
import { shellJoin, shellQuote } from '../quote';

const MARKER = '__appframework_pgid=';

/**
 * The remote command string. sshd starts each session in a new session (setsid), and `exec`
 * keeps the pid, so the shell's `$$` is the process group of the command and its children.
 */
export function remoteCommand(argv: readonly string[], cwd?: string): string {
  const script = `printf '${MARKER}%s\\n' "$$" >&2 && ${cwd ? 'cd -- "$1" && shift && ' : ''}exec "$@"`;
  return `exec /bin/sh -c ${shellQuote(script)} sh ${cwd ? `${shellQuote(cwd)} ` : ''}${shellJoin(argv)}`;
}

/** Kills a process group: TERM, or KILL for whatever ignored it. */
export function killCommand(pgid: number, signal: 'TERM' | 'KILL', sudo: boolean): string {
  return shellJoin([...(sudo ? ['sudo', '-n'] : []), 'kill', '-s', signal, '--', `-${pgid}`]);
}

/**
 * Takes the marker line off the start of stderr. Anything the login shell printed before it
 * (e.g. from ~/.bashrc) is passed on as ordinary stderr.
 */
export class PgidReader {
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private done = false;
  pgid: number | undefined;

  constructor(
    private readonly forward: (chunk: Buffer) => void,
    private readonly onPgid: (pgid: number | undefined) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.done) return this.forward(chunk);
    this.pending.push(chunk);
    this.pendingSize += chunk.length;
    const text = Buffer.concat(this.pending).toString('latin1');
    const match = new RegExp(`(^|\\n)${MARKER}(\\d+)\\n`).exec(text);
    if (match) {
      this.pgid = Number(match[2]);
      const before = text.slice(0, match.index + match[1].length);
      const after = text.slice(match.index + match[0].length);
      this.finish();
      if (before) this.forward(Buffer.from(before, 'latin1'));
      if (after) this.forward(Buffer.from(after, 'latin1'));
    } else if (this.pendingSize > 64 * 1024) {
      const all = Buffer.concat(this.pending);
      this.finish();
      this.forward(all);
    }
  }

  /** The stream ended: whatever is held back is passed on. */
  end(): void {
    if (this.done) return;
    const all = Buffer.concat(this.pending);
    this.finish();
    if (all.length) this.forward(all);
  }

  private finish(): void {
    this.done = true;
    this.pending = [];
    this.onPgid(this.pgid);
  }
}

// Short commands through one long-lived `sh` on a host, for polling. Every exec over SSH makes
// sshd start the user's login shell, which reads its start-up files (module systems, conda,
// pyenv...): often hundreds of milliseconds before the command runs. Started once, a plain `sh`
// runs each command at the cost of the command alone. Commands run one at a time, framed by
// marker lines (random per command), the last one carrying the exit status. A command that times
// out or is cancelled ends the shell; the next command starts a new one, as does the first
// command after the shell was idle for a while.
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { CancellationSource, Cancelled, HostUnreachable, shellJoin, TimedOut, whenCancelled, type CancellationTokenLike, type ExecResult, type Host } from '../hosts';

export interface ShellRunOptions {
  readonly token?: CancellationTokenLike;
  readonly timeoutMs?: number;
}

/**
 * What a job queue needs of a host: run a short command and say where. No stdin, environment,
 * directory, streaming or sudo: one long-lived shell cannot honour them. Every Host is one.
 */
export interface CommandRunner {
  readonly label: string;
  exec(argv: readonly string[], options?: ShellRunOptions): Promise<ExecResult>;
}

interface Pending {
  readonly marker: string;
  stdout: string;
  stderr: string;
  exitCode?: number;
  stderrDone: boolean;
  resolve(result: ExecResult): void;
  reject(error: unknown): void;
}

interface Shell {
  readonly input: PassThrough;
  readonly stop: CancellationSource;
  current?: Pending;
  ended: boolean;
  idle?: ReturnType<typeof setTimeout>;
}

export class PersistentShell implements CommandRunner {
  private shell: Shell | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly host: Host,
    /** Ends the shell after this long without commands. */
    private readonly idleMs = 60_000,
  ) {}

  get label(): string {
    return this.host.label;
  }

  /** Runs argv (quoted here, the one place it becomes a string) with its stdin closed. */
  exec(argv: readonly string[], options: ShellRunOptions = {}): Promise<ExecResult> {
    const run = this.queue.then(() => this.runOne(argv, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this.disposed = true;
    this.end(this.shell, false);
  }

  private runOne(argv: readonly string[], options: ShellRunOptions): Promise<ExecResult> {
    if (this.disposed) return Promise.reject(new Error('The shell has been disposed.'));
    if (options.token?.isCancellationRequested) return Promise.reject(new Cancelled(this.label, argv[0]));
    const shell = this.shell && !this.shell.ended ? this.shell : this.start();
    if (shell.idle) clearTimeout(shell.idle);
    const marker = `__af_${randomBytes(8).toString('hex')}`;
    return new Promise<ExecResult>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let unsubscribe: () => void = () => undefined;
      const finish = () => {
        clearTimeout(timer);
        unsubscribe();
        shell.current = undefined;
        if (!shell.ended) shell.idle = setTimeout(() => this.end(shell, false), this.idleMs);
      };
      shell.current = {
        marker,
        stdout: '',
        stderr: '',
        stderrDone: false,
        resolve: (result) => {
          finish();
          resolve(result);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      };
      // Stopping a command means stopping the shell that runs it.
      const abandon = (error: Error) => {
        const current = shell.current;
        this.end(shell, true);
        current?.reject(error);
      };
      if (options.timeoutMs !== undefined) timer = setTimeout(() => abandon(new TimedOut(this.label, argv[0], options.timeoutMs ?? 0)), options.timeoutMs);
      unsubscribe = whenCancelled(options.token, () => abandon(new Cancelled(this.label, argv[0])));
      // Markers around the output: anything printed before (a login script's greeting) is not
      // the command's, and a line break before the end marker lets output end without one.
      shell.input.write(
        `printf '%s\\n' ${marker}_ >&2; printf '%s\\n' ${marker}_; ${shellJoin(argv)} </dev/null; printf '\\n%s %s\\n' ${marker} "$?"; printf '\\n%s\\n' ${marker} >&2\n`,
      );
    });
  }

  private start(): Shell {
    const shell: Shell = { input: new PassThrough(), stop: new CancellationSource(), ended: false };
    let outBuffer = '';
    let errBuffer = '';
    const settle = () => {
      const current = shell.current;
      if (!current || current.exitCode === undefined || !current.stderrDone) return;
      current.resolve({ exitCode: current.exitCode, stdout: current.stdout, stderr: current.stderr, truncated: false });
    };
    const onStdout = (chunk: Buffer) => {
      const current = shell.current;
      if (!current) return;
      outBuffer += chunk.toString('utf8');
      const start = outBuffer.indexOf(`${current.marker}_\n`);
      const m = start < 0 ? null : new RegExp(`\\n${current.marker} (\\d+)\\n`).exec(outBuffer);
      if (!m || m.index < start) return;
      current.stdout = outBuffer.slice(start + current.marker.length + 2, m.index);
      current.exitCode = Number(m[1]);
      outBuffer = outBuffer.slice(m.index + m[0].length);
      settle();
    };
    const onStderr = (chunk: Buffer) => {
      const current = shell.current;
      if (!current) return;
      errBuffer += chunk.toString('utf8');
      const start = errBuffer.indexOf(`${current.marker}_\n`);
      const end = start < 0 ? -1 : errBuffer.indexOf(`\n${current.marker}\n`, start);
      if (end < 0) return;
      current.stderr = errBuffer.slice(start + current.marker.length + 2, end);
      current.stderrDone = true;
      errBuffer = errBuffer.slice(end + current.marker.length + 2);
      settle();
    };
    this.shell = shell;
    this.host
      .exec(['sh'], { stdin: shell.input, onStdout, onStderr, token: shell.stop.token, maxBuffer: 64 * 1024 })
      .then(
        (result) => this.ended(shell, new HostUnreachable(this.label, `the command shell ended (exit ${result.exitCode ?? result.signal})`)),
        (error: unknown) => this.ended(shell, error),
      );
    return shell;
  }

  private ended(shell: Shell, error: unknown): void {
    shell.ended = true;
    if (shell.idle) clearTimeout(shell.idle);
    if (this.shell === shell) this.shell = undefined;
    shell.current?.reject(error);
  }

  /** Closes the shell's input (it exits when idle); `kill` also ends a command still running. */
  private end(shell: Shell | undefined, kill: boolean): void {
    if (!shell || shell.ended) return;
    shell.ended = true;
    if (shell.idle) clearTimeout(shell.idle);
    if (this.shell === shell) this.shell = undefined;
    shell.input.end();
    if (kill) shell.stop.cancel();
  }
}

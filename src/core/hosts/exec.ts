// Pieces of `exec` shared by LocalHost and SshHost.
import { CommandFailed, InvalidValue, PermissionDenied } from './errors';
import type { ExecOptions, ExecResult, Host } from './host';
import { validated } from './validate';

export const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024;
/** What is kept of a stream that also goes to a callback (enough for error messages). */
export const STREAMED_TAIL = 64 * 1024;

/** One output stream: passed to its callback as it comes, and kept (the tail) for the result. */
export class OutputSink {
  private readonly buffer: OutputBuffer;
  constructor(private readonly callback: ((chunk: Buffer) => void) | undefined, maxBuffer = DEFAULT_MAX_BUFFER) {
    this.buffer = new OutputBuffer(callback ? Math.min(STREAMED_TAIL, maxBuffer) : maxBuffer);
  }
  write(chunk: Buffer): void {
    this.buffer.push(chunk);
    this.callback?.(chunk);
  }
  get truncated(): boolean {
    return this.buffer.truncated;
  }
  text(): string {
    return this.buffer.text();
  }
}

/**
 * The argv actually run: `[sudo -n --] [env NAME=value...] argv`. The command name is checked
 * so that neither `env` nor `sudo` could read it as an option or an assignment.
 */
export function commandArgv(argv: readonly string[], options: Pick<ExecOptions, 'env' | 'sudo'>): string[] {
  const [command] = argv;
  if (!command || command.startsWith('-') || command.includes('=') || /[\0\n]/.test(command)) {
    throw new InvalidValue('command', command ?? '', 'give a program name or path first (no "-", "=" or newline)');
  }
  const env = Object.entries(options.env ?? {}).map(([name, value]) => `${validated('envName', name)}=${value}`);
  return [...(options.sudo ? ['sudo', '-n', '--'] : []), ...(env.length ? ['env', ...env] : []), ...argv];
}

/** Keeps the last `max` bytes of a stream. */
export class OutputBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length) {
      const over = this.size - this.max;
      const first = this.chunks[0];
      if (first.length <= over) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(over);
        this.size -= over;
      }
      this.truncated = true;
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** sudo's own refusals (it never prompts with -n): the command did not run at all. */
const SUDO_REFUSED = /^sudo: (a password is required|a terminal is required|.*is not in the sudoers file|.*not allowed to execute)/m;

export function sudoRefusal(host: string, argv: readonly string[], result: ExecResult): PermissionDenied | undefined {
  if (result.exitCode !== 1 || !SUDO_REFUSED.test(result.stderr)) return undefined;
  return new PermissionDenied(host, `sudo -n ${argv[0]} needs a password or is not allowed`, result.stderr);
}

/** Runs a command and rejects with CommandFailed unless it exits 0. */
export async function runChecked(host: Host, argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
  const result = await host.exec(argv, options);
  if (result.exitCode !== 0) throw new CommandFailed(host.label, argv[0], result.exitCode, result.stderr, result.signal);
  return result;
}

// A Host that reports every command it runs (and every file operation) before passing it on,
// so the editor's log shows what ran where, with secrets masked. It also notices when the host
// became reachable or unreachable, for connection status displays.
import type { Readable, Writable } from 'node:stream';
import { isHostError, type HostError } from '../hosts/errors';
import type { DirEntry, ExecOptions, ExecResult, FileStat, Forward, Host, OperationOptions, TransferOptions, TransferResult, WriteFileOptions } from '../hosts/host';
import { describeCommand } from './maskSecrets';

export type HostLogEvent =
  | { readonly kind: 'command'; readonly host: string; readonly line: string; readonly poll: boolean }
  | { readonly kind: 'ended'; readonly host: string; readonly line: string; readonly exitCode: number | null; readonly ms: number; readonly poll: boolean }
  | { readonly kind: 'failed'; readonly host: string; readonly line: string; readonly message: string }
  | { readonly kind: 'file'; readonly host: string; readonly line: string }
  | { readonly kind: 'reachable'; readonly host: string }
  | { readonly kind: 'unreachable'; readonly host: string; readonly error: HostError };

export type HostLogger = (event: HostLogEvent) => void;

/** Failures that say the host cannot be used at all (rather than that one command failed). */
const CONNECTIVITY = new Set(['unreachable', 'auth-failed', 'host-key-unknown', 'host-key-changed', 'ssh-config']);

export function isConnectivityError(error: unknown): error is HostError {
  return isHostError(error) && CONNECTIVITY.has(error.kind);
}

/** What a command runner (a Host, or a long-lived shell on one) must offer to be logged. */
export interface Runner {
  readonly label: string;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}

/** Runs `argv` through `runner`, reporting it before and after. */
export async function loggedExec(runner: Runner, argv: readonly string[], options: ExecOptions | undefined, logger: HostLogger, poll = false): Promise<ExecResult> {
  const host = runner.label;
  const line = describeCommand({ argv, env: options?.env, cwd: options?.cwd, sudo: options?.sudo, stdin: options?.stdin !== undefined });
  logger({ kind: 'command', host, line, poll });
  const started = Date.now();
  try {
    const result = await runner.exec(argv, options);
    logger({ kind: 'reachable', host });
    logger({ kind: 'ended', host, line, exitCode: result.exitCode, ms: Date.now() - started, poll });
    return result;
  } catch (error) {
    if (isConnectivityError(error)) logger({ kind: 'unreachable', host, error });
    logger({ kind: 'failed', host, line, message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

export class LoggingHost implements Host {
  constructor(
    readonly inner: Host,
    private readonly logger: HostLogger,
  ) {}

  get label(): string {
    return this.inner.label;
  }

  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return loggedExec(this.inner, argv, options, this.logger);
  }

  private async file<T>(line: string, run: () => Promise<T>): Promise<T> {
    this.logger({ kind: 'file', host: this.label, line });
    try {
      const value = await run();
      this.logger({ kind: 'reachable', host: this.label });
      return value;
    } catch (error) {
      if (isConnectivityError(error)) this.logger({ kind: 'unreachable', host: this.label, error });
      throw error;
    }
  }

  readFile(path: string, options?: OperationOptions): Promise<Buffer> {
    return this.file(`read ${path}`, () => this.inner.readFile(path, options));
  }
  writeFile(path: string, data: string | Uint8Array, options?: WriteFileOptions): Promise<void> {
    return this.file(`write ${path}`, () => this.inner.writeFile(path, data, options));
  }
  stat(path: string, options?: OperationOptions): Promise<FileStat | undefined> {
    return this.file(`stat ${path}`, () => this.inner.stat(path, options));
  }
  list(path: string, options?: OperationOptions): Promise<DirEntry[]> {
    return this.file(`list ${path}`, () => this.inner.list(path, options));
  }
  mkdir(path: string, options?: { readonly recursive?: boolean; readonly mode?: number } & OperationOptions): Promise<void> {
    return this.file(`mkdir ${path}`, () => this.inner.mkdir(path, options));
  }
  rename(from: string, to: string, options?: OperationOptions): Promise<void> {
    return this.file(`rename ${from} → ${to}`, () => this.inner.rename(from, to, options));
  }
  remove(path: string, options?: { readonly recursive?: boolean } & OperationOptions): Promise<void> {
    return this.file(`remove ${path}`, () => this.inner.remove(path, options));
  }
  upload(source: string | Readable, remotePath: string, options?: TransferOptions): Promise<TransferResult> {
    return this.file(`upload ${typeof source === 'string' ? source : '(stream)'} → ${remotePath}`, () => this.inner.upload(source, remotePath, options));
  }
  download(remotePath: string, destination: string | Writable, options?: TransferOptions): Promise<TransferResult> {
    return this.file(`download ${remotePath} → ${typeof destination === 'string' ? destination : '(stream)'}`, () => this.inner.download(remotePath, destination, options));
  }
  forward(remoteHost: string, remotePort: number): Promise<Forward> {
    return this.file(`forward a local port to ${remoteHost}:${remotePort}`, () => this.inner.forward(remoteHost, remotePort));
  }
  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

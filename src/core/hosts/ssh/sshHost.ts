// A machine reached over SSH (ssh2): commands on exec channels, files over SFTP, forwards over
// direct-tcpip. Connections come from the pool and are shared with every other user of the host.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { ClientChannel, FileEntryWithStats, SFTPWrapper, Stats } from 'ssh2';
import { whenCancelled, type CancellationTokenLike } from '../cancellation';
import { Cancelled, HostUnreachable, NotFound, PermissionDenied, TimedOut, oneLine } from '../errors';
import { commandArgv, OutputSink, runChecked, sudoRefusal } from '../exec';
import { listenForward } from '../forward';
import type {
  DirEntry,
  ExecOptions,
  ExecResult,
  FileStat,
  Forward,
  Host,
  OperationOptions,
  TransferOptions,
  TransferResult,
  WriteFileOptions,
} from '../host';
import { ProgressMeter } from '../progress';
import { validated } from '../validate';
import type { SshConnection } from './connection';
import { killCommand, PgidReader, remoteCommand } from './remoteCommand';
import { sftpDownload, sftpUpload } from './transfer';

/** How long a cancelled command gets between TERM and KILL. */
const KILL_GRACE_MS = 2000;
/** SFTP status codes (draft-ietf-secsh-filexfer-02). */
const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;

export class SshHost implements Host {
  private readonly forwards = new Set<Forward>();

  /** `connection` resolves the route on first use (a config problem surfaces as that call's error). */
  constructor(
    readonly label: string,
    private readonly connection: () => Promise<SshConnection>,
  ) {}

  /** The hops this host is reached through, first hop first (for status and logs). */
  async route(): Promise<string[]> {
    return (await this.connection()).route.map((hop) => hop.alias);
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const full = commandArgv(argv, options);
    const cwd = options.cwd === undefined ? undefined : validated('absolutePath', options.cwd);
    const command = remoteCommand(full, cwd);
    throwIfCancelled(options.token, this.label, argv[0]);
    const connection = await this.connection();
    const result = await connection.withSession(async (client) => {
      // Waiting for a session slot may have taken a while.
      throwIfCancelled(options.token, this.label, argv[0]);
      const channel = await connection.exec(command, client);
      return this.runChannel(connection, channel, argv, options);
    });
    const refused = options.sudo ? sudoRefusal(this.label, argv, result) : undefined;
    if (refused) throw refused;
    return result;
  }

  private runChannel(connection: SshConnection, channel: ClientChannel, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    return new Promise<ExecResult>((resolve, reject) => {
      const stdout = new OutputSink(options.onStdout, options.maxBuffer);
      const stderr = new OutputSink(options.onStderr, options.maxBuffer);
      let pgidKnown: (pgid: number | undefined) => void = () => undefined;
      const pgid = new Promise<number | undefined>((r) => (pgidKnown = r));
      const marker = new PgidReader((chunk) => stderr.write(chunk), (id) => pgidKnown(id));
      let exit: { code: number | null; signal?: string } | undefined;
      let stopping: Cancelled | TimedOut | undefined;
      let closed = false;
      let onClosed: () => void = () => undefined;
      const channelClosed = new Promise<void>((r) => (onClosed = r));

      const stop = async (reason: Cancelled | TimedOut) => {
        if (stopping || closed) return;
        stopping = reason;
        // Wait for the group id (printed first thing), unless the command is already gone.
        const group = await Promise.race([pgid, channelClosed.then(() => undefined)]);
        if (group !== undefined) {
          await this.signalGroup(connection, group, 'TERM', options.sudo === true);
          const ended = await Promise.race([channelClosed.then(() => true), delay(KILL_GRACE_MS).then(() => false)]);
          // Children that outlived their parent, or a command that ignored TERM.
          await this.signalGroup(connection, group, 'KILL', options.sudo === true);
          if (!ended) channel.close();
        } else {
          channel.close();
        }
        await channelClosed;
        reject(reason);
      };
      const unsubscribe = whenCancelled(options.token, () => void stop(new Cancelled(this.label, argv[0])));
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => void stop(new TimedOut(this.label, argv[0], options.timeoutMs ?? 0)), options.timeoutMs);

      channel.on('data', (chunk: Buffer) => stdout.write(chunk));
      channel.stderr.on('data', (chunk: Buffer) => marker.push(chunk));
      channel.on('exit', (code: number | null, signal?: string) => {
        exit = { code: typeof code === 'number' ? code : null, signal: signal ?? undefined };
      });
      channel.on('close', () => {
        closed = true;
        marker.end();
        unsubscribe();
        clearTimeout(timer);
        onClosed();
        // A stop in progress rejects by itself once its kill has been sent.
        if (stopping) return;
        if (!exit) return reject(connectionLost(this.label, argv[0]));
        resolve({
          exitCode: exit.code,
          signal: exit.signal,
          stdout: stdout.text(),
          stderr: stderr.text(),
          truncated: stdout.truncated || stderr.truncated,
        });
      });
      feedStdin(channel, options.stdin);
    });
  }

  private async signalGroup(connection: SshConnection, pgid: number, signal: 'TERM' | 'KILL', sudo: boolean): Promise<void> {
    try {
      // Outside the session limit: a kill must never wait behind the commands it ends.
      const channel = await connection.exec(killCommand(pgid, signal, sudo));
      channel.resume();
      channel.stderr.resume();
      await new Promise<void>((resolve) => channel.on('close', () => resolve()));
    } catch {
      // The connection is gone, and with it the session that ran the command.
    }
  }

  // --- Files ----------------------------------------------------------------------------------

  async readFile(path: string, options: OperationOptions = {}): Promise<Buffer> {
    const file = validated('absolutePath', path);
    return this.sftpCall(file, options.token, (sftp, cb) => sftp.readFile(file, cb));
  }

  async writeFile(path: string, data: string | Uint8Array, options: WriteFileOptions = {}): Promise<void> {
    const file = validated('absolutePath', path);
    await this.sftpCall<void>(file, options.token, (sftp, cb) =>
      sftp.writeFile(file, typeof data === 'string' ? data : Buffer.from(data), { mode: options.mode ?? 0o644 }, (e) => cb(e, undefined)),
    );
  }

  async stat(path: string, options: OperationOptions = {}): Promise<FileStat | undefined> {
    const file = validated('absolutePath', path);
    try {
      return toFileStat(await this.sftpCall<Stats>(file, options.token, (sftp, cb) => sftp.lstat(file, cb)));
    } catch (error) {
      if (error instanceof NotFound) return undefined;
      throw error;
    }
  }

  async list(path: string, options: OperationOptions = {}): Promise<DirEntry[]> {
    const dir = validated('absolutePath', path);
    const entries = await this.sftpCall<FileEntryWithStats[]>(dir, options.token, (sftp, cb) => sftp.readdir(dir, cb));
    return entries
      .filter((e) => e.filename !== '.' && e.filename !== '..')
      .map((e) => ({ name: e.filename, stat: toFileStat(e.attrs) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async mkdir(path: string, options: { recursive?: boolean; mode?: number } & OperationOptions = {}): Promise<void> {
    const dir = validated('absolutePath', path);
    const parts = dir.split('/').filter(Boolean);
    const targets = options.recursive ? parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`) : [dir];
    for (const target of targets) {
      const existing = await this.stat(target, options);
      if (existing?.type === 'directory') continue;
      await this.sftpCall<void>(target, options.token, (sftp, cb) => sftp.mkdir(target, { mode: options.mode ?? 0o755 }, (e) => cb(e, undefined)));
    }
  }

  async rename(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    const source = validated('absolutePath', from);
    const target = validated('absolutePath', to);
    // posix-rename replaces the target atomically; plain SFTP rename refuses an existing target.
    await this.sftpCall<void>(source, options.token, (sftp, cb) => sftp.ext_openssh_rename(source, target, (e) => cb(e, undefined)));
  }

  async remove(path: string, options: { recursive?: boolean } & OperationOptions = {}): Promise<void> {
    const target = validated('absolutePath', path);
    const stat = await this.stat(target, options);
    if (!stat) return;
    if (stat.type === 'directory' && options.recursive) {
      await runChecked(this, ['rm', '-rf', '--', target], { token: options.token });
    } else if (stat.type === 'directory') {
      await this.sftpCall<void>(target, options.token, (sftp, cb) => sftp.rmdir(target, (e) => cb(e, undefined)));
    } else {
      await this.sftpCall<void>(target, options.token, (sftp, cb) => sftp.unlink(target, (e) => cb(e, undefined)));
    }
  }

  // --- Transfers ------------------------------------------------------------------------------

  async upload(source: string | Readable, remotePath: string, options: TransferOptions = {}): Promise<TransferResult> {
    const target = validated('absolutePath', remotePath);
    const total = typeof source === 'string' ? (await fsp.stat(source).catch(() => Promise.reject(new NotFound('local', source)))).size : undefined;
    const input = typeof source === 'string' ? fs.createReadStream(source, { highWaterMark: 256 * 1024 }) : source;
    const meter = new ProgressMeter(total, options.onProgress);
    await this.transfer(target, options.token, (sftp, checkCancelled) =>
      sftpUpload(sftp, input, target, options.mode ?? 0o644, { meter, checkCancelled }),
    ).finally(() => {
      if (typeof source === 'string') input.destroy();
    });
    return meter.finish();
  }

  async download(remotePath: string, destination: string | Writable, options: TransferOptions = {}): Promise<TransferResult> {
    const from = validated('absolutePath', remotePath);
    const stat = await this.stat(from, options);
    if (!stat) throw new NotFound(this.label, from);
    const output = typeof destination === 'string' ? fs.createWriteStream(destination, { mode: options.mode ?? 0o644 }) : destination;
    const meter = new ProgressMeter(stat.size, options.onProgress);
    try {
      await this.transfer(from, options.token, (sftp, checkCancelled) => sftpDownload(sftp, from, output, { meter, checkCancelled }));
    } finally {
      if (typeof destination === 'string') await new Promise<void>((resolve) => output.end(() => resolve()));
    }
    return meter.finish();
  }

  private async transfer(path: string, token: CancellationTokenLike | undefined, run: (sftp: SFTPWrapper, checkCancelled: () => void) => Promise<unknown>): Promise<void> {
    const connection = await this.connection();
    const sftp = await connection.sftp();
    const checkCancelled = () => throwIfCancelled(token, this.label, `transfer of ${path}`);
    try {
      await run(sftp, checkCancelled);
    } catch (error) {
      throw this.sftpError(path, error);
    }
  }

  // --- Forwards -------------------------------------------------------------------------------

  async forward(remoteHost: string, remotePort: number): Promise<Forward> {
    const connection = await this.connection();
    const forward = await listenForward(remoteHost, remotePort, () => connection.forwardOut(remoteHost, remotePort));
    this.forwards.add(forward);
    return {
      ...forward,
      close: async () => {
        this.forwards.delete(forward);
        await forward.close();
      },
    };
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.forwards].map((f) => f.close()));
    this.forwards.clear();
  }

  // --- Helpers --------------------------------------------------------------------------------

  private async sftpCall<T>(path: string, token: CancellationTokenLike | undefined, run: (sftp: SFTPWrapper, cb: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
    throwIfCancelled(token, this.label, path);
    const sftp = await (await this.connection()).sftp();
    try {
      return await new Promise<T>((resolve, reject) => run(sftp, (error, value) => (error ? reject(error) : resolve(value))));
    } catch (error) {
      throw this.sftpError(path, error);
    }
  }

  private sftpError(path: string, error: unknown): unknown {
    const code = (error as { code?: unknown }).code;
    if (code === SFTP_NO_SUCH_FILE) return new NotFound(this.label, path);
    if (code === SFTP_PERMISSION_DENIED) return new PermissionDenied(this.label, path);
    if (error instanceof Error && !('kind' in error)) return new Error(`${path} on ${this.label}: ${oneLine(error.message)}`);
    return error;
  }
}

function throwIfCancelled(token: CancellationTokenLike | undefined, label: string, what: string): void {
  if (token?.isCancellationRequested) throw new Cancelled(label, what);
}

function connectionLost(label: string, command: string): Error {
  return new HostUnreachable(label, `the connection closed while ${command} was running`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function feedStdin(channel: ClientChannel, input: ExecOptions['stdin']): void {
  if (input === undefined) channel.end();
  else if (typeof input === 'string' || input instanceof Uint8Array) channel.end(input);
  else input.pipe(channel);
}

function toFileStat(attrs: Stats): FileStat {
  const mode = attrs.mode ?? 0;
  const format = mode & 0o170000;
  const type = format === 0o100000 ? 'file' : format === 0o040000 ? 'directory' : format === 0o120000 ? 'symlink' : 'other';
  return { type, size: attrs.size ?? 0, mode: mode & 0o7777, uid: attrs.uid ?? 0, gid: attrs.gid ?? 0, mtimeMs: (attrs.mtime ?? 0) * 1000 };
}

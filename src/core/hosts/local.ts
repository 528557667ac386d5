// The machine this process runs on: commands through child_process without a shell.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as net from 'node:net';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { whenCancelled } from './cancellation';
import { Cancelled, NotFound, PermissionDenied, TimedOut } from './errors';
import { commandArgv, OutputSink, sudoRefusal } from './exec';
import { listenForward } from './forward';
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
} from './host';
import { ProgressMeter } from './progress';
import { validated } from './validate';

/** How long a cancelled command gets between TERM and KILL. */
const KILL_GRACE_MS = 2000;

export class LocalHost implements Host {
  readonly label = 'local';

  exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const full = commandArgv(argv, options);
    const cwd = options.cwd === undefined ? undefined : validated('absolutePath', options.cwd);
    if (options.token?.isCancellationRequested) return Promise.reject(new Cancelled(this.label, argv[0]));
    return new Promise<ExecResult>((resolve, reject) => {
      const stdout = new OutputSink(options.onStdout, options.maxBuffer);
      const stderr = new OutputSink(options.onStderr, options.maxBuffer);
      // A process group of its own, so cancelling ends the command's children too.
      const child = spawn(full[0], full.slice(1), { cwd, detached: true, stdio: 'pipe' });
      let stopping: Cancelled | TimedOut | undefined;
      let killTimer: NodeJS.Timeout | undefined;
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, signal);
        } catch {
          // Already gone.
        }
      };
      const stop = (reason: Cancelled | TimedOut) => {
        if (stopping) return;
        stopping = reason;
        signalGroup('SIGTERM');
        killTimer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
      };
      const unsubscribe = whenCancelled(options.token, () => stop(new Cancelled(this.label, argv[0])));
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => stop(new TimedOut(this.label, argv[0], options.timeoutMs ?? 0)), options.timeoutMs);
      const finish = () => {
        unsubscribe();
        clearTimeout(timer);
      };

      child.stdout.on('data', (chunk: Buffer) => stdout.write(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.write(chunk));
      child.stdin.on('error', () => undefined); // the command may exit without reading its input
      feedStdin(child.stdin, options.stdin);

      child.on('error', (error: NodeJS.ErrnoException) => {
        finish();
        if (error.code === 'ENOENT' || error.code === 'EACCES') {
          // The same answer a shell gives, so callers see one behaviour on every host.
          const code = error.code === 'ENOENT' ? 127 : 126;
          const why = error.code === 'ENOENT' ? 'command not found' : 'permission denied';
          resolve({ exitCode: code, stdout: '', stderr: `${full[0]}: ${why}\n`, truncated: false });
        } else {
          reject(error);
        }
      });
      child.on('close', (code, signal) => {
        finish();
        if (stopping) {
          // The group leader is gone; make sure nothing it started outlives it.
          signalGroup('SIGKILL');
          clearTimeout(killTimer);
          reject(stopping);
          return;
        }
        const result: ExecResult = {
          exitCode: code,
          signal: signal ? signal.replace(/^SIG/, '') : undefined,
          stdout: stdout.text(),
          stderr: stderr.text(),
          truncated: stdout.truncated || stderr.truncated,
        };
        const refused = options.sudo ? sudoRefusal(this.label, argv, result) : undefined;
        if (refused) reject(refused);
        else resolve(result);
      });
    });
  }

  async readFile(path: string): Promise<Buffer> {
    return this.fsCall(path, () => fsp.readFile(validated('absolutePath', path)));
  }

  async writeFile(path: string, data: string | Uint8Array, options: WriteFileOptions = {}): Promise<void> {
    await this.fsCall(path, () => fsp.writeFile(validated('absolutePath', path), data, { mode: options.mode ?? 0o644 }));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      return toFileStat(await fsp.lstat(validated('absolutePath', path)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw this.fsError(path, error);
    }
  }

  async list(path: string): Promise<DirEntry[]> {
    const dir = validated('absolutePath', path);
    const names = await this.fsCall(path, () => fsp.readdir(dir));
    const entries: DirEntry[] = [];
    for (const name of names.sort()) {
      const stat = await this.stat(`${dir.replace(/\/$/, '')}/${name}`);
      if (stat) entries.push({ name, stat });
    }
    return entries;
  }

  async mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): Promise<void> {
    const dir = validated('absolutePath', path);
    try {
      await fsp.mkdir(dir, { recursive: options.recursive, mode: options.mode ?? 0o755 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await this.stat(dir))?.type === 'directory') return;
      throw this.fsError(path, error);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await this.fsCall(from, () => fsp.rename(validated('absolutePath', from), validated('absolutePath', to)));
  }

  async remove(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    const target = validated('absolutePath', path);
    const stat = await this.stat(target);
    if (!stat) return;
    await this.fsCall(path, () =>
      stat.type === 'directory' && !options.recursive ? fsp.rmdir(target) : fsp.rm(target, { recursive: options.recursive ?? false, force: true }),
    );
  }

  async upload(source: string | Readable, remotePath: string, options: TransferOptions = {}): Promise<TransferResult> {
    const target = validated('absolutePath', remotePath);
    const total = typeof source === 'string' ? (await this.fsCall(source, () => fsp.stat(source))).size : undefined;
    const input = typeof source === 'string' ? fs.createReadStream(source) : source;
    return this.copy(input, fs.createWriteStream(target, { mode: options.mode ?? 0o644 }), total, remotePath, options);
  }

  async download(remotePath: string, destination: string | Writable, options: TransferOptions = {}): Promise<TransferResult> {
    const from = validated('absolutePath', remotePath);
    const total = (await this.fsCall(from, () => fsp.stat(from))).size;
    const output = typeof destination === 'string' ? fs.createWriteStream(destination, { mode: options.mode ?? 0o644 }) : destination;
    return this.copy(fs.createReadStream(from), output, total, remotePath, options);
  }

  forward(remoteHost: string, remotePort: number): Promise<Forward> {
    return listenForward(remoteHost, remotePort, () => connectTcp(remoteHost, remotePort));
  }

  async dispose(): Promise<void> {
    // Nothing held open: forwards are closed by their owners.
  }

  private async copy(input: Readable, output: Writable, total: number | undefined, path: string, options: OperationOptions & TransferOptions): Promise<TransferResult> {
    const meter = new ProgressMeter(total, options.onProgress);
    const abort = new AbortController();
    const unsubscribe = whenCancelled(options.token, () => abort.abort());
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        meter.add(chunk.length);
        done(null, chunk);
      },
    });
    try {
      await pipeline(input, count, output, { signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted) throw new Cancelled(this.label, `copying ${path}`);
      throw this.fsError(path, error);
    } finally {
      unsubscribe();
    }
    return meter.finish();
  }

  private async fsCall<T>(path: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.fsError(path, error);
    }
  }

  private fsError(path: string, error: unknown): unknown {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return new NotFound(this.label, path);
    if (code === 'EACCES' || code === 'EPERM') return new PermissionDenied(this.label, path);
    return error;
  }
}

function feedStdin(stdin: Writable, input: ExecOptions['stdin']): void {
  if (input === undefined) stdin.end();
  else if (typeof input === 'string' || input instanceof Uint8Array) stdin.end(input);
  else input.pipe(stdin);
}

function toFileStat(stat: fs.Stats): FileStat {
  const type = stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : stat.isSymbolicLink() ? 'symlink' : 'other';
  return { type, size: stat.size, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid, mtimeMs: stat.mtimeMs };
}

function connectTcp(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

// "A machine we act on": the one interface that build, Slurm, deploy and sessions use, whether
// the machine is this one (LocalHost) or reached over SSH (SshHost).
import type { Readable, Writable } from 'node:stream';
import type { CancellationTokenLike } from './cancellation';

export interface ExecOptions {
  /** Working directory (absolute). Default: the login directory (SSH) or the process's (local). */
  readonly cwd?: string;
  /** Extra environment variables, passed as `env NAME=value command...` so sshd's AcceptEnv does not matter. */
  readonly env?: Readonly<Record<string, string>>;
  /** Fed to the command's standard input, which is closed afterwards (immediately when absent). */
  readonly stdin?: string | Uint8Array | Readable;
  /** Streamed output. When given, the result keeps only the stream's last 64 KiB. */
  readonly onStdout?: (chunk: Buffer) => void;
  readonly onStderr?: (chunk: Buffer) => void;
  /** Kills the command (its whole process group) after this long and rejects with TimedOut. */
  readonly timeoutMs?: number;
  /** Kills the command (its whole process group) and rejects with Cancelled. */
  readonly token?: CancellationTokenLike;
  /** Runs the command through `sudo -n` (never prompts); a refusal rejects with PermissionDenied. */
  readonly sudo?: boolean;
  /** Most bytes of each stream kept in the result (the last ones win); default 16 MiB. */
  readonly maxBuffer?: number;
}

/** How a command ended. A non-zero exit is a result, not an error: see `runChecked` for that. */
export interface ExecResult {
  /** Exit status; null when the command was killed by a signal. */
  readonly exitCode: number | null;
  /** Name of the signal that killed the command (`TERM`, `KILL`...), if any. */
  readonly signal?: string;
  /** Output as UTF-8 text (only the last 64 KiB when the matching `on...` callback was given). */
  readonly stdout: string;
  readonly stderr: string;
  /** True when an output stream was longer than `maxBuffer` and its beginning was dropped. */
  readonly truncated: boolean;
}

export interface FileStat {
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
  readonly size: number;
  /** Permission bits, e.g. 0o755. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Modification time in milliseconds since the epoch. */
  readonly mtimeMs: number;
}

export interface DirEntry {
  readonly name: string;
  readonly stat: FileStat;
}

export interface OperationOptions {
  readonly token?: CancellationTokenLike;
}

export interface WriteFileOptions extends OperationOptions {
  /** Permission bits of a new file; default 0o644. */
  readonly mode?: number;
}

export interface TransferProgress {
  readonly bytes: number;
  /** Total size when known. */
  readonly total?: number;
}

export interface TransferOptions extends OperationOptions {
  /** Called as data moves (at most every 64 KiB and at the end). */
  readonly onProgress?: (progress: TransferProgress) => void;
  /** Permission bits of the created file; default 0o644. */
  readonly mode?: number;
}

export interface TransferResult {
  readonly bytes: number;
  readonly ms: number;
}

/** A local TCP port on 127.0.0.1 that reaches `remoteHost:remotePort` as seen from the host. */
export interface Forward {
  readonly localPort: number;
  readonly remoteHost: string;
  readonly remotePort: number;
  close(): Promise<void>;
}

/**
 * A machine we act on. Commands are argv arrays, never shell strings: implementations quote
 * (SSH) or spawn without a shell (local). Failures reject with the typed errors of `errors.ts`.
 * Paths are absolute.
 */
export interface Host {
  /** Short name for messages: "local", an ssh alias, or user@host:port. */
  readonly label: string;

  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;

  /** Rejects with NotFound or PermissionDenied when the file cannot be read. */
  readFile(path: string, options?: OperationOptions): Promise<Buffer>;
  /** Replaces the file's content (not atomically: deploy writes a temporary name and renames). */
  writeFile(path: string, data: string | Uint8Array, options?: WriteFileOptions): Promise<void>;
  /** Undefined when nothing is at `path`. Does not follow a final symlink. */
  stat(path: string, options?: OperationOptions): Promise<FileStat | undefined>;
  /** Entries of a directory, without "." and "..", sorted by name. */
  list(path: string, options?: OperationOptions): Promise<DirEntry[]>;
  /** Makes a directory (and its parents with `recursive`); an existing directory is fine. */
  mkdir(path: string, options?: { readonly recursive?: boolean; readonly mode?: number } & OperationOptions): Promise<void>;
  /** Renames within the host, replacing an existing file at `to`. */
  rename(from: string, to: string, options?: OperationOptions): Promise<void>;
  /** Removes a file (or a directory tree with `recursive`); nothing there is fine. */
  remove(path: string, options?: { readonly recursive?: boolean } & OperationOptions): Promise<void>;

  /** Copies a local file (path) or a stream to `remotePath` on the host. */
  upload(source: string | Readable, remotePath: string, options?: TransferOptions): Promise<TransferResult>;
  /** Copies `remotePath` from the host to a local file (path) or a stream. */
  download(remotePath: string, destination: string | Writable, options?: TransferOptions): Promise<TransferResult>;

  /** Opens a local port on 127.0.0.1 forwarded to `remoteHost:remotePort` as seen from the host. */
  forward(remoteHost: string, remotePort: number): Promise<Forward>;

  /** Closes connections and forwards. The host may not be used afterwards. */
  dispose(): Promise<void>;
}

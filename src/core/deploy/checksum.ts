// sha256 of images, cached by size and modification time: a 1 GiB image is hashed once per
// build, not once per deploy or per refresh of the Images view.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { whenCancelled, type CancellationTokenLike } from '../hosts/cancellation';
import { Cancelled } from '../hosts/errors';
import type { Host } from '../hosts/host';
import { HASH, scriptArgv } from './scripts';
import { parseSha256Line } from './probe';

interface Entry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

/** Where the cache keeps its entries between runs (a JSON file), or nowhere. */
export interface ChecksumStore {
  load(): Promise<Record<string, Entry>>;
  save(entries: Record<string, Entry>): Promise<void>;
}

export function jsonFileStore(file: string): ChecksumStore {
  return {
    async load() {
      try {
        const parsed: unknown = JSON.parse(await fsp.readFile(file, 'utf8'));
        return isEntries(parsed) ? parsed : {};
      } catch {
        return {};
      }
    },
    async save(entries) {
      await fsp.mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await fsp.writeFile(temporary, JSON.stringify(entries));
      await fsp.rename(temporary, file);
    },
  };
}

function isEntries(value: unknown): value is Record<string, Entry> {
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).every(
    (e: unknown) =>
      typeof e === 'object' && e !== null &&
      typeof (e as Entry).size === 'number' && typeof (e as Entry).mtimeMs === 'number' && /^[0-9a-f]{64}$/.test(String((e as Entry).sha256)),
  );
}

/** Most entries kept: images are few, but paths of old projects should not pile up forever. */
const MAX_ENTRIES = 500;

/** Checksums of files on any host, keyed by host label and path, valid while size and mtime stay. */
export class ChecksumCache {
  private entries: Record<string, Entry> | undefined;
  private loading: Promise<void> | undefined;
  private readonly running = new Map<string, Promise<string>>();

  constructor(private readonly store?: ChecksumStore) {}

  /** The cached checksum of a file with this size and mtime, if any. */
  async lookup(hostLabel: string, file: string, size: number, mtimeMs: number): Promise<string | undefined> {
    await this.ensureLoaded();
    const entry = this.entries?.[key(hostLabel, file)];
    return entry && entry.size === size && entry.mtimeMs === mtimeMs ? entry.sha256 : undefined;
  }

  async remember(hostLabel: string, file: string, size: number, mtimeMs: number, sha256: string): Promise<void> {
    await this.ensureLoaded();
    const entries = (this.entries ??= {});
    delete entries[key(hostLabel, file)];
    entries[key(hostLabel, file)] = { size, mtimeMs, sha256 };
    const keys = Object.keys(entries);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete entries[old];
    await this.store?.save(entries).catch(() => undefined);
  }

  /** The checksum of a file on this machine: cached, or computed (once, even when asked twice at once). */
  async local(file: string, token?: CancellationTokenLike): Promise<string> {
    const stat = await fsp.stat(file);
    const cached = await this.lookup('local', file, stat.size, stat.mtimeMs);
    if (cached) return cached;
    return this.once(`local\0${file}\0${stat.size}\0${stat.mtimeMs}`, async () => {
      const sha256 = await hashFile(file, token);
      // Only remember it if the file did not change while it was read.
      const after = await fsp.stat(file);
      if (after.size === stat.size && after.mtimeMs === stat.mtimeMs) await this.remember('local', file, stat.size, stat.mtimeMs, sha256);
      return sha256;
    });
  }

  /** The checksum of a file on a host (for images built on a remote access node). */
  async remote(host: Host, file: string, token?: CancellationTokenLike): Promise<string> {
    const stat = await host.stat(file, { token });
    if (!stat || stat.type !== 'file') throw new Error(`${file} does not exist on ${host.label}`);
    const cached = await this.lookup(host.label, file, stat.size, stat.mtimeMs);
    if (cached) return cached;
    return this.once(`${host.label}\0${file}\0${stat.size}\0${stat.mtimeMs}`, async () => {
      const sha256 = await remoteSha256(host, file, token);
      await this.remember(host.label, file, stat.size, stat.mtimeMs, sha256);
      return sha256;
    });
  }

  private once(id: string, compute: () => Promise<string>): Promise<string> {
    let running = this.running.get(id);
    if (!running) {
      running = compute().finally(() => this.running.delete(id));
      this.running.set(id, running);
    }
    return running;
  }

  private async ensureLoaded(): Promise<void> {
    if (this.entries) return;
    this.loading ??= (this.store?.load() ?? Promise.resolve({})).then((entries) => {
      this.entries = { ...entries, ...this.entries };
    });
    await this.loading;
  }
}

function key(hostLabel: string, file: string): string {
  return `${hostLabel}:${file}`;
}

/**
 * sha256 of a local file, computed on a worker thread: a 1 GiB image keeps a core busy for
 * seconds, which must not be the editor's (or the upload's) thread.
 */
export function hashFile(file: string, token?: CancellationTokenLike): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: { file } });
    const unsubscribe = whenCancelled(token, () => {
      void worker.terminate();
      reject(new Cancelled('local', `hashing ${file}`));
    });
    worker.once('message', (message: { sha256?: string; error?: string }) => {
      unsubscribe();
      void worker.terminate();
      if (message.sha256) resolve(message.sha256);
      else reject(new Error(`cannot read ${file}: ${message.error ?? 'unknown error'}`));
    });
    worker.once('error', (error) => {
      unsubscribe();
      reject(error);
    });
  });
}

/** The worker's code, as text: nothing extra to bundle or ship. */
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
const stream = require('node:fs').createReadStream(workerData.file, { highWaterMark: 1024 * 1024 });
stream.on('data', (chunk) => hash.update(chunk));
stream.on('end', () => parentPort.postMessage({ sha256: hash.digest('hex') }));
stream.on('error', (error) => parentPort.postMessage({ error: error.message }));
`;

export async function remoteSha256(host: Host, file: string, token?: CancellationTokenLike): Promise<string> {
  const result = await host.exec(scriptArgv(HASH, [file]), { token });
  const sha256 = parseSha256Line(result.stdout);
  if (result.exitCode !== 0 || !sha256) {
    throw new Error(`cannot compute the sha256 of ${file} on ${host.label}: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.exitCode}`}`);
  }
  return sha256;
}

// One image to one node. An unchanged image costs two file reads and no command: the node's
// checksum record is compared with the local checksum (both cached by size and mtime). Otherwise
// one command receives the bytes into a temporary name beside the image, verifies their sha256
// there, sets owner and mode and renames over the image (with `sudo -n` when the user may not,
// and deploy.sudo allows it). The image path only ever names a complete, verified file: the old
// one or the new one.
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { CancellationSource, whenCancelled, type CancellationTokenLike } from '../hosts/cancellation';
import { InvalidValue, isHostError } from '../hosts/errors';
import type { ExecResult, FileStat, Host } from '../hosts/host';
import { remoteSha256 } from './checksum';
import { classifyStderr, DeployError, toDeployError } from './errors';
import { formatSize } from './format';
import { parseRecord, parseSha256Line, recordMatches, type ChecksumRecord } from './probe';
import { MISMATCH_EXIT, NEEDS_ROOT_EXIT, NO_SPACE_EXIT, RECEIVE, REPAIR, scriptArgv } from './scripts';
import { relayArgv, type ImageSource, type RelayDestination } from './source';
import { checkMode, checkOwner, recordPath, temporaryPath, type DeployTarget } from './targets';

export type DeployPhase = 'checking' | 'uploading' | 'verifying' | 'installing';

export interface NodeProgress {
  readonly phase: DeployPhase;
  readonly bytes: number;
  readonly total: number;
}

/** A viz node as the deploy sees it. */
export interface DeployNode {
  /** Name for messages and summaries (the host spec as configured). */
  readonly label: string;
  /** Our own connection to the node. */
  readonly host: Host;
  /** How the build host's ssh names the node; needed only for images on a remote build host. */
  readonly relay?: RelayDestination;
}

export interface DeploySettings {
  readonly owner: string;
  readonly mode: string;
  readonly sudo: 'auto' | boolean;
  /** Temporaries of interrupted deploys older than this are removed; default 10. */
  readonly staleMinutes?: number;
  /** Extra options for the build host's ssh (e.g. `-F file`). */
  readonly relaySshOptions?: readonly string[];
}

export type NodeOutcome =
  | {
      readonly node: string;
      readonly status: 'deployed' | 'unchanged';
      readonly path: string;
      readonly sha256: string;
      /** Bytes sent (0 when unchanged). */
      readonly bytes: number;
      readonly ms: number;
      /** True when owner, mode or the checksum record of an unchanged image were corrected. */
      readonly repaired?: boolean;
    }
  | { readonly node: string; readonly status: 'failed'; readonly path: string; readonly error: DeployError; readonly ms: number };

export interface NodeJob {
  readonly node: DeployNode;
  readonly source: ImageSource;
  readonly size: number;
  readonly target: DeployTarget;
  readonly settings: DeploySettings;
  /** The source's sha256, computed once for all nodes (and cached by size and mtime). */
  readonly checksum: () => Promise<string>;
  readonly token?: CancellationTokenLike;
  readonly onProgress?: (progress: NodeProgress) => void;
}

const PROGRESS_POLL_MS = 500;
const PROGRESS_STEP_MS = 100;
/**
 * Bytes per write into the exec channel: an SSH channel packet holds 32 KiB, and through a
 * ProxyJump the inner connection's packet (data plus header) travels in the outer channel,
 * whose packets are 32 KiB too. Slightly smaller writes keep it at one outer packet each.
 */
const CHUNK = 32 * 1024 - 512;

export async function deployToNode(job: NodeJob): Promise<NodeOutcome> {
  const started = Date.now();
  const { node, target } = job;
  const done = (status: 'deployed' | 'unchanged', sha256: string, repaired = false): NodeOutcome => ({
    node: node.label,
    status,
    path: target.path,
    sha256,
    bytes: status === 'deployed' ? job.size : 0,
    ms: Date.now() - started,
    ...(repaired ? { repaired: true } : {}),
  });
  const sudo = { used: job.settings.sudo === true };
  try {
    checkOwner(job.settings.owner);
    checkMode(job.settings.mode);
    job.onProgress?.({ phase: 'checking', bytes: 0, total: job.size });
    const existing = await deployedImage(job.node.host, job.target.path, job.token).catch((error: unknown) => {
      // Nodes without SFTP (some sites turn it off) go straight to the upload; a dead node is reported.
      if (isHostError(error) && UNREACHABLE.includes(error.kind)) throw error;
      return undefined;
    });
    if (existing?.stat.type === 'directory' || existing?.stat.type === 'other') {
      throw new DeployError('invalid', node.label, `${target.path} on ${node.label} is a ${existing.stat.type}, not an image file.`);
    }
    let speculative: Promise<string> | undefined;
    if (existing?.stat.type === 'file' && existing.stat.size === job.size) {
      // Same size: the record (or, without one, the node hashing its copy once) says whether the
      // bytes are the same. While a fresh build is still being hashed, its upload already starts.
      const local = job.checksum();
      const known = await Promise.race([local, delay(SPECULATE_AFTER_MS).then(() => undefined)]);
      const stop = new CancellationSource();
      const unlink = whenCancelled(job.token, () => stop.cancel());
      if (known === undefined && existing.sha256) speculative = withSudo(job, sudo, (useSudo) => transfer(job, useSudo, stop.token));
      speculative?.catch(() => undefined);
      try {
        const sha256 = existing.sha256 ?? (await remoteSha256(node.host, target.path, job.token));
        if (sha256 === (await local)) {
          stop.cancel();
          await speculative?.catch(() => undefined);
          if (existing.sha256 && ownerAndModeCurrent(job, existing.stat, existing.owner)) return done('unchanged', sha256);
          job.onProgress?.({ phase: 'installing', bytes: 0, total: job.size });
          await withSudo(job, sudo, (useSudo) => repair(job, sha256, useSudo));
          return done('unchanged', sha256, true);
        }
      } finally {
        unlink();
      }
    }
    const sha256 = await (speculative ?? withSudo(job, sudo, (useSudo) => transfer(job, useSudo)));
    return done('deployed', sha256);
  } catch (error) {
    const cancelled = job.token?.isCancellationRequested;
    return {
      node: node.label,
      status: 'failed',
      path: target.path,
      error: cancelled ? new DeployError('cancelled', node.label, `Deploy to ${node.label} was cancelled.`) : toDeployError(node.label, error, sudo.used),
      ms: Date.now() - started,
    };
  }
}

/** A local checksum that takes longer than this is not cached: the upload starts meanwhile. */
const SPECULATE_AFTER_MS = 50;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const UNREACHABLE = ['unreachable', 'auth-failed', 'host-key-unknown', 'host-key-changed', 'ssh-config', 'cancelled'];

/** The user may not do this without root: the reason, for the message. */
class NeedsRoot extends Error {}

/**
 * Runs a step as the user; when it needs root and deploy.sudo is auto, once more with `sudo -n`.
 * `sudo.used` tells the caller's error mapping whether sudo was involved.
 */
async function withSudo<T>(job: NodeJob, sudo: { used: boolean }, step: (useSudo: boolean) => Promise<T>): Promise<T> {
  try {
    return await step(sudo.used);
  } catch (error) {
    if (!(error instanceof NeedsRoot)) throw error;
    const { label } = job.node;
    if (job.settings.sudo !== 'auto') {
      throw new DeployError('permission-denied', label, `Permission denied on ${label}: ${error.message}; allow sudo (deploy.sudo: auto) or choose a folder and owner of your own.`);
    }
    sudo.used = true;
    return step(true);
  }
}

/**
 * The image on the node (stat over SFTP) and the sha256 its checksum record vouches for (while
 * the record still describes the file). Two file reads over the existing connection: no
 * command, no login shell.
 */
export async function deployedImage(host: Host, imagePath: string, token?: CancellationTokenLike): Promise<{ stat: FileStat; sha256?: string; owner?: string } | undefined> {
  const [stat, text] = await Promise.all([
    host.stat(imagePath, { token }),
    host.readFile(recordPath(imagePath), { token }).then(
      (data) => data.toString('utf8'),
      (error: unknown) => {
        if (isHostError(error) && (error.kind === 'not-found' || error.kind === 'permission-denied')) return undefined;
        throw error;
      },
    ),
  ]);
  if (!stat) return undefined;
  const record: ChecksumRecord | undefined = text === undefined ? undefined : parseRecord(text);
  return recordMatches(record, stat) ? { stat, sha256: record.sha256, owner: record.owner } : { stat };
}

/** Whether the configured owner and mode are what the node's record and stat say. */
function ownerAndModeCurrent(job: NodeJob, stat: FileStat, recordOwner: string | undefined): boolean {
  return recordOwner === job.settings.owner && stat.mode === Number.parseInt(job.settings.mode, 8);
}

/** Owner, mode and record of an image that already holds the right bytes. */
async function repair(job: NodeJob, sha256: string, sudo: boolean): Promise<void> {
  const { node, target, settings } = job;
  const result = await node.host.exec(scriptArgv(REPAIR, [target.path, settings.owner, settings.mode, sha256]), { sudo, token: job.token });
  if (result.exitCode === 0) return;
  if (!sudo && /Operation not permitted|Permission denied/.test(result.stderr)) throw new NeedsRoot(`only root can give ${target.path} to ${settings.owner} or change its mode`);
  throw classifyStderr(node.label, `setting owner and mode of ${target.path}`, result.stderr, `exit ${result.exitCode}`);
}

/** Sends the image and its checksum; the node stores, verifies and installs it. Returns the sha256. */
async function transfer(job: NodeJob, sudo: boolean, token: CancellationTokenLike | undefined = job.token): Promise<string> {
  const { node, source, size, target, settings } = job;
  const temporary = temporaryPath(target.path);
  const receive = scriptArgv(RECEIVE, [temporary, target.path, String(size), String(settings.staleMinutes ?? 10), settings.owner, settings.mode]);
  let phase: 'uploading' | 'verifying' | 'installing' = 'uploading';
  const report = (bytes: number) => job.onProgress?.({ phase, bytes, total: size });
  // The node prints each step as it starts it.
  let stdout = '';
  const onStdout = (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (phase === 'uploading' && stdout.includes('verifying\n')) {
      phase = 'verifying';
      report(size);
    }
    if (phase !== 'installing' && stdout.includes('installing\n')) {
      phase = 'installing';
      report(size);
    }
  };
  report(0);
  let result: ExecResult;
  let stopFeeding = () => undefined as void;
  try {
    if (source.kind === 'local') {
      // The checksum line follows the bytes; it is computed (once for all nodes) while they travel.
      const expected = job.checksum();
      expected.catch(() => undefined);
      const input = Readable.from(withChecksumLine(source.file, expected, report, token));
      // Cancelled: not one more byte, and above all never the checksum line that lets the node install.
      const unsubscribe = whenCancelled(token, () => input.destroy());
      stopFeeding = () => {
        unsubscribe();
        input.destroy();
      };
      result = await node.host.exec(receive, { stdin: input, sudo, token, onStdout });
    } else {
      if (!node.relay) throw new InvalidValue('deploy target', node.label, 'name the node as an ssh alias or user@host so the build host can reach it');
      const expected = await job.checksum();
      const remote = sudo ? ['sudo', '-n', '--', ...receive] : receive;
      const argv = relayArgv(source.file, expected, node.relay, remote, settings.relaySshOptions);
      // The bytes do not pass through here: watch the temporary grow on the node instead.
      const poll = setInterval(() => {
        if (phase === 'uploading') node.host.stat(temporary).then((stat) => stat && report(stat.size), () => undefined);
      }, PROGRESS_POLL_MS);
      stopFeeding = () => clearInterval(poll);
      result = await source.host.exec(argv, { token, onStdout });
    }
  } catch (error) {
    // The node finished the install just before the cancel (or the drop) reached it: that deploy happened.
    const sha256 = parseSha256Line(stdout);
    if (sha256 && stdout.includes('installed\n')) return sha256;
    if (token?.isCancellationRequested) await removeQuietly(node.host, temporary, sudo);
    throw error;
  } finally {
    stopFeeding();
  }
  if (result.exitCode === NEEDS_ROOT_EXIT) {
    throw new NeedsRoot(/^needs-root (.*)$/m.exec(result.stderr)?.[1] ?? `${target.path} needs root`);
  }
  if (result.exitCode === NO_SPACE_EXIT) {
    const free = Number(/^no-space (\d+)$/m.exec(result.stderr)?.[1] ?? 0) * 1024;
    throw new DeployError('no-space', node.label, `No space left on ${node.label}: ${formatSize(free)} free where ${target.path} goes, the image needs ${formatSize(size)}.`);
  }
  if (result.exitCode !== 0) {
    if (token?.isCancellationRequested) await removeQuietly(node.host, temporary, sudo);
    if (result.exitCode === MISMATCH_EXIT) {
      throw new DeployError('checksum-mismatch', node.label, `The image arrived damaged on ${node.label} (its sha256 there differs from the one sent); nothing was replaced.`);
    }
    throw classifyStderr(node.label, `writing ${temporary}`, result.stderr, `exit ${result.exitCode ?? result.signal}`);
  }
  const sha256 = parseSha256Line(stdout);
  if (!sha256 || !stdout.includes('installed\n')) {
    throw new DeployError('failed', node.label, `Unexpected answer from ${node.label} after the upload: ${stdout.trim().slice(0, 120) || 'nothing'}.`);
  }
  return sha256;
}

/** The file's bytes, counted as they are read, then one line holding their expected sha256. */
async function* withChecksumLine(file: string, expected: Promise<string>, report: (bytes: number) => void, token?: CancellationTokenLike): AsyncGenerator<Buffer> {
  const input = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  let bytes = 0;
  let reportedAt = 0;
  try {
    for await (const data of input) {
      const buffer = data as Buffer;
      // Pieces that fit one SSH packet even inside a ProxyJump channel (one packet there, not two).
      for (let offset = 0; offset < buffer.length; offset += CHUNK) yield buffer.subarray(offset, offset + CHUNK);
      bytes += buffer.length;
      const now = Date.now();
      if (now - reportedAt >= PROGRESS_STEP_MS) {
        reportedAt = now;
        report(bytes);
      }
    }
  } finally {
    input.destroy();
  }
  report(bytes);
  const sha256 = await expected;
  if (token?.isCancellationRequested) return;
  yield Buffer.from(`${sha256}\n`);
}

/** Best effort: the temporary of a stopped upload (the next deploy removes it otherwise). */
async function removeQuietly(host: Host, temporary: string, sudo: boolean): Promise<void> {
  await host.exec(['rm', '-f', '--', temporary], { sudo, timeoutMs: 30_000 }).catch(() => undefined);
}


// Where the image to deploy is: on this machine, or on the (remote) build host. From a remote
// build host the bytes go straight to the node with that host's own ssh, never through here.
import * as fsp from 'node:fs/promises';
import type { HostSpec } from '../config/hostSpec';
import type { CancellationTokenLike } from '../hosts/cancellation';
import { InvalidValue } from '../hosts/errors';
import type { Host } from '../hosts/host';
import { shellJoin } from '../hosts/quote';
import { validated } from '../hosts/validate';
import type { ChecksumCache } from './checksum';

export type ImageSource =
  | { readonly kind: 'local'; readonly file: string }
  | { readonly kind: 'remote'; readonly host: Host; readonly file: string };

export interface SourceInfo {
  readonly size: number;
  /** Where the bytes are, for messages: a path, or host:path. */
  readonly where: string;
}

export async function describeSource(source: ImageSource, token?: CancellationTokenLike): Promise<SourceInfo> {
  if (source.kind === 'local') {
    const stat = await fsp.stat(source.file).catch(() => undefined);
    if (!stat?.isFile()) throw new Error(`The image ${source.file} does not exist: build it first.`);
    return { size: stat.size, where: source.file };
  }
  const stat = await source.host.stat(validated('absolutePath', source.file), { token });
  if (stat?.type !== 'file') throw new Error(`The image ${source.file} does not exist on ${source.host.label}: build it first.`);
  return { size: stat.size, where: `${source.host.label}:${source.file}` };
}

export function sourceChecksum(source: ImageSource, checksums: ChecksumCache, token?: CancellationTokenLike): Promise<string> {
  return source.kind === 'local' ? checksums.local(source.file, token) : checksums.remote(source.host, source.file, token);
}

/** A node as the build host's ssh names it: `-p PORT` options and an alias or user@host. */
export interface RelayDestination {
  readonly options: readonly string[];
  readonly host: string;
}

/**
 * A node as seen from the build host: its ~/.ssh/config alias, or user@host with a port.
 * A node that is "local" to us has no name there.
 */
export function relayDestination(spec: HostSpec): RelayDestination {
  switch (spec.kind) {
    case 'alias':
      return { options: [], host: spec.alias };
    case 'address':
      return { options: spec.port ? ['-p', String(spec.port)] : [], host: `${spec.user}@${spec.host}` };
    case 'local':
      throw new InvalidValue('deploy target', 'local', 'a node reached from the build host must be an ssh alias or user@host');
  }
}

/**
 * argv run on the build host: its ssh runs `remoteArgv` on the node with the image, then a line
 * holding its sha256, as stdin. BatchMode: a password prompt would hang, so ssh fails instead and
 * the error says why.
 */
export function relayArgv(file: string, sha256: string, destination: RelayDestination, remoteArgv: readonly string[], sshOptions: readonly string[] = []): string[] {
  validated('absolutePath', file);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new InvalidValue('sha256', sha256, 'use 64 hexadecimal digits');
  if (destination.host.startsWith('-')) throw new InvalidValue('ssh destination', destination.host, 'use an alias or user@host');
  return [
    'sh', '-c', 'f=$1; sum=$2; shift 2; { cat -- "$f" && printf \'%s\\n\' "$sum"; } | "$@"', 'sh', file, sha256,
    'ssh', '-o', 'BatchMode=yes', '-o', 'ServerAliveInterval=15', ...sshOptions, ...destination.options, '--', destination.host, shellJoin(remoteArgv),
  ];
}

// Reads what the PROBE script printed. Every line is checked: a surprise is an error, never a
// half-filled object that a later step would trust.
import { PROBE_MARKER } from './scripts';

export interface RemoteUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** Name of the primary group. */
  readonly group: string;
}

export interface RemoteImageStat {
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
  readonly size: number;
  /** Modification time in whole seconds. */
  readonly mtime: number;
  readonly inode: number;
  readonly uid: number;
  readonly gid: number;
  readonly user: string;
  readonly group: string;
  /** Octal, as `stat %a` prints it (e.g. "755"). */
  readonly mode: string;
}

/**
 * The content of `.<image>.sha256`: the checksum, and the file's size, mtime and ownership as the
 * deploy left them (and the owner as configured then). While they hold, the checksum does too.
 */
export interface ChecksumRecord {
  readonly sha256: string;
  readonly size: number;
  /** Whole seconds. */
  readonly mtime: number;
  readonly uid: number;
  readonly gid: number;
  readonly owner: string;
}

export interface ProbeResult {
  readonly user: RemoteUser;
  /** Whether the image's folder exists, and whether it (or its nearest existing parent) is writable. */
  readonly folder: { readonly exists: boolean; readonly writable: boolean };
  readonly image?: RemoteImageStat;
  /** Free space in KiB where the image goes; undefined when df could not tell. */
  readonly freeKiB?: number;
  /** Temporaries of earlier deploys beside the image. */
  readonly partials: number;
}

const SHA256 = /^[0-9a-f]{64}$/;
const NUMBER = /^\d{1,20}$/;
const NAME = /^[^\s]{1,64}$/;

export class ProbeParseError extends Error {
  constructor(line: string) {
    super(`unexpected answer from the node: ${JSON.stringify(line.slice(0, 120))}`);
    this.name = 'ProbeParseError';
  }
}

export function parseRecord(text: string): ChecksumRecord | undefined {
  const [sha256, size, mtime, uid, gid, owner, ...rest] = text.trim().split(/\s+/);
  if (rest.length || !SHA256.test(sha256 ?? '') || ![size, mtime, uid, gid].every((n) => NUMBER.test(n ?? '')) || !NAME.test(owner ?? '')) return undefined;
  return { sha256, size: Number(size), mtime: Number(mtime), uid: Number(uid), gid: Number(gid), owner };
}

/** What a record is checked against: the image's stat as any host reports it. */
export interface StatLike {
  readonly size: number;
  readonly mtimeMs: number;
  readonly uid: number;
  readonly gid: number;
}

/** Whether a checksum record still describes the file: same size, time and ownership. */
export function recordMatches(record: ChecksumRecord | undefined, stat: StatLike | undefined): record is ChecksumRecord {
  return (
    !!record && !!stat &&
    record.size === stat.size && record.mtime === Math.floor(stat.mtimeMs / 1000) && record.uid === stat.uid && record.gid === stat.gid
  );
}

export function parseImageStat(fields: readonly string[]): RemoteImageStat | undefined {
  const [size, mtime, inode, uid, gid, user, group, mode, type, ...rest] = fields;
  if (rest.length || ![size, mtime, inode, uid, gid].every((n) => NUMBER.test(n ?? ''))) return undefined;
  if (!NAME.test(user ?? '') || !NAME.test(group ?? '') || !/^[0-7]{1,4}$/.test(mode ?? '')) return undefined;
  if (type !== 'file' && type !== 'directory' && type !== 'symlink' && type !== 'other') return undefined;
  return { type, size: Number(size), mtime: Number(mtime), inode: Number(inode), uid: Number(uid), gid: Number(gid), user, group, mode };
}

export function parseProbe(output: string): ProbeResult {
  const start = output.lastIndexOf(`${PROBE_MARKER}\n`);
  if (start < 0) throw new ProbeParseError(output.trim().split('\n')[0] ?? '');
  output = output.slice(start + PROBE_MARKER.length + 1);
  let user: RemoteUser | undefined;
  let folder: ProbeResult['folder'] | undefined;
  let image: RemoteImageStat | undefined;
  let freeKiB: number | undefined;
  let partials: number | undefined;
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    const [key, ...fields] = line.trim().split(/\s+/);
    switch (key) {
      case 'user': {
        const [name, uid, gid, group] = fields;
        if (fields.length !== 4 || !NAME.test(name) || !NUMBER.test(uid) || !NUMBER.test(gid) || !NAME.test(group)) throw new ProbeParseError(line);
        user = { name, uid: Number(uid), gid: Number(gid), group };
        break;
      }
      case 'dir': {
        const [state, access] = fields;
        if (!['present', 'missing'].includes(state) || !['writable', 'readonly'].includes(access)) throw new ProbeParseError(line);
        folder = { exists: state === 'present', writable: access === 'writable' };
        break;
      }
      case 'image':
        image = parseImageStat(fields);
        if (!image) throw new ProbeParseError(line);
        break;
      case 'free':
        if (fields.length === 1 && NUMBER.test(fields[0])) freeKiB = Number(fields[0]);
        break;
      case 'partial':
        if (fields.length !== 1 || !NUMBER.test(fields[0])) throw new ProbeParseError(line);
        partials = Number(fields[0]);
        break;
      default:
        throw new ProbeParseError(line);
    }
  }
  if (!user || !folder || partials === undefined) throw new ProbeParseError(output.trim().split('\n')[0] ?? '');
  return { user, folder, ...(image ? { image } : {}), ...(freeKiB === undefined ? {} : { freeKiB }), partials };
}

/** `sha256 <hex>` as printed by RECEIVE and HASH. */
export function parseSha256Line(output: string): string | undefined {
  const match = /^sha256 ([0-9a-f]{64})$/m.exec(output);
  return match?.[1];
}

// The images on one viz node, read with ONE command per node: the general VNC images in the VNC
// images folder and the app images in `<root>/<app>/`, with size, date, owner, mode and the
// checksum record a deploy left beside each (so no image is hashed on the node to compare it).
import type { CancellationTokenLike } from '../hosts/cancellation';
import { isHostError, oneLine } from '../hosts/errors';
import type { Host } from '../hosts/host';
import { validated } from '../hosts/validate';
import { parseRecord, recordMatches } from '../deploy/probe';
import { scriptArgv } from '../deploy/scripts';

export const LIST_MARKER = '--- appframework images';

/** $1 = VNC images folder, $2 = app images root. One line per folder, image and fact. */
export const LIST = `
printf '%s\\n' '${LIST_MARKER}'
v=$1; a=$2
for dir in "$v" "$a"; do
  if [ ! -d "$dir" ]; then s=missing; elif [ -r "$dir" ] && [ -x "$dir" ]; then s=ok; else s=unreadable; fi
  printf 'folder|%s|%s\\n' "$s" "$dir"
done
list() {
  kind=$1; shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    d=\${f%/*}; b=\${f##*/}; r=
    [ -r "$d/.$b.sha256" ] && r=$(head -c 300 -- "$d/.$b.sha256" | head -n 1)
    s=$(stat -c '%s|%Y|%u|%g|%U|%G|%a' -- "$f") || continue
    printf 'image|%s|%s|%s|%s\\n' "$kind" "$s" "$r" "$f"
  done
}
list vnc "$v"/*.sif
list app "$a"/*/*.sif
if command -v apptainer >/dev/null 2>&1; then echo 'apptainer|yes'; else echo 'apptainer|no'; fi
`;

export interface DeployedImage {
  readonly kind: 'vnc' | 'app';
  readonly path: string;
  /** File name, e.g. `gedit.sif`. */
  readonly name: string;
  /** For app images: the folder name under the root (the app id). */
  readonly appId?: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly uid: number;
  readonly gid: number;
  readonly user: string;
  readonly group: string;
  /** Octal, e.g. "755". */
  readonly mode: string;
  /** From the checksum record, when it still describes the file. */
  readonly sha256?: string;
}

export type FolderState = 'ok' | 'missing' | 'unreadable';

export type NodeImages =
  | {
      readonly kind: 'ok';
      readonly node: string;
      readonly images: readonly DeployedImage[];
      readonly folders: Readonly<Record<string, FolderState>>;
      /** Whether `apptainer` is on the node's PATH (for inspect). */
      readonly apptainer: boolean;
    }
  | { readonly kind: 'unreachable' | 'failed'; readonly node: string; readonly message: string };

export interface ImageFolders {
  /** General VNC images, e.g. /opt/apptainers. */
  readonly vncImages: string;
  /** App images root, e.g. /opt/apptainers/apps. */
  readonly root: string;
}

const NUMBER = /^\d{1,20}$/;

export function parseImageList(output: string): Omit<Extract<NodeImages, { kind: 'ok' }>, 'kind' | 'node'> {
  const start = output.lastIndexOf(`${LIST_MARKER}\n`);
  if (start < 0) throw new Error('the node did not answer the listing');
  const images: DeployedImage[] = [];
  const folders: Record<string, FolderState> = {};
  let apptainer = false;
  for (const line of output.slice(start + LIST_MARKER.length + 1).split('\n')) {
    if (!line) continue;
    const fields = line.split('|');
    if (fields[0] === 'folder' && fields.length >= 3 && ['ok', 'missing', 'unreadable'].includes(fields[1])) {
      folders[fields.slice(2).join('|')] = fields[1] as FolderState;
    } else if (fields[0] === 'apptainer') {
      apptainer = fields[1] === 'yes';
    } else if (fields[0] === 'image' && fields.length >= 11) {
      const image = parseImageLine(fields);
      if (image) images.push(image);
    } else {
      throw new Error(`unexpected line in the listing: ${JSON.stringify(line.slice(0, 120))}`);
    }
  }
  images.sort((a, b) => (a.kind === b.kind ? a.path.localeCompare(b.path) : a.kind === 'vnc' ? -1 : 1));
  return { images, folders, apptainer };
}

function parseImageLine(fields: readonly string[]): DeployedImage | undefined {
  const [, kind, size, mtime, uid, gid, user, group, mode, recordText] = fields;
  const path = fields.slice(10).join('|');
  if ((kind !== 'vnc' && kind !== 'app') || ![size, mtime, uid, gid].every((n) => NUMBER.test(n)) || !/^[0-7]{1,4}$/.test(mode)) return undefined;
  // Names that could not reach a command safely are not shown (nor offered for deletion).
  try {
    validated('absolutePath', path);
  } catch {
    return undefined;
  }
  const parts = path.split('/');
  const stat = { size: Number(size), mtimeMs: Number(mtime) * 1000, uid: Number(uid), gid: Number(gid) };
  const record = recordText ? parseRecord(recordText) : undefined;
  return {
    kind,
    path,
    name: parts[parts.length - 1],
    ...(kind === 'app' ? { appId: parts[parts.length - 2] } : {}),
    ...stat,
    user,
    group,
    mode,
    ...(recordMatches(record, stat) ? { sha256: record.sha256 } : {}),
  };
}

/** Lists one node; never rejects: an unreachable node is a result of its own. */
export async function listNodeImages(node: string, host: Host, folders: ImageFolders, token?: CancellationTokenLike): Promise<NodeImages> {
  try {
    const result = await host.exec(scriptArgv(LIST, [validated('absolutePath', folders.vncImages), validated('absolutePath', folders.root)]), { token, timeoutMs: 60_000 });
    if (result.exitCode !== 0) return { kind: 'failed', node, message: `Listing images on ${node} failed: ${oneLine(result.stderr) || `exit ${result.exitCode}`}` };
    return { kind: 'ok', node, ...parseImageList(result.stdout) };
  } catch (error) {
    if (isHostError(error) && ['unreachable', 'auth-failed', 'host-key-unknown', 'host-key-changed', 'timed-out', 'ssh-config'].includes(error.kind)) {
      return { kind: 'unreachable', node, message: error.message };
    }
    return { kind: 'failed', node, message: error instanceof Error ? oneLine(error.message) : String(error) };
  }
}

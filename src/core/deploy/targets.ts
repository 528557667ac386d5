// Where an image goes on a node, and the names of the files that travel with it: the temporary
// upload beside it and the checksum record that lets later deploys and listings skip re-hashing.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { InvalidValue } from '../hosts/errors';
import { validated } from '../hosts/validate';

/** Owner as `chown` takes it: a user, optionally `:group`, by name or number. */
const OWNER = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,31})?$/;
const MODE = /^[0-7]{3,4}$/;
/** Image file names: what `*.sif` listings can show and commands can take unquoted. */
const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.sif$/;

export interface DeployTarget {
  /** Absolute path of the image on the node. */
  readonly path: string;
  /** `app` for `<root>/<app>/<app>.sif`, `vnc` for a general VNC image in the VNC images folder. */
  readonly kind: 'app' | 'vnc';
}

export function appTarget(root: string, appId: string): DeployTarget {
  validated('appId', appId);
  return { kind: 'app', path: path.posix.join(validated('absolutePath', root), appId, `${appId}.sif`) };
}

export function vncTarget(folder: string, fileName: string): DeployTarget {
  return { kind: 'vnc', path: path.posix.join(validated('absolutePath', folder), checkImageName(fileName)) };
}

export function checkImageName(name: string): string {
  if (!IMAGE_NAME.test(name)) throw new InvalidValue('image file name', name, 'use letters, digits, ".", "_" or "-", ending in .sif');
  return name;
}

export function checkOwner(owner: string): string {
  if (!OWNER.test(owner)) throw new InvalidValue('owner', owner, 'use user or user:group, as chown takes it');
  return owner;
}

export function checkMode(mode: string): string {
  if (!MODE.test(mode)) throw new InvalidValue('mode', mode, 'use an octal mode like 755');
  return mode;
}

/** The checksum record beside an image: `.<name>.sha256`, hidden from `*.sif` listings. */
export function recordPath(imagePath: string): string {
  return path.posix.join(path.posix.dirname(imagePath), `.${path.posix.basename(imagePath)}.sha256`);
}

/** A fresh temporary name beside the image; only the final rename makes it visible as the image. */
export function temporaryPath(imagePath: string, random: () => string = () => randomBytes(6).toString('hex')): string {
  return path.posix.join(path.posix.dirname(imagePath), `.${path.posix.basename(imagePath)}.${random()}.partial`);
}

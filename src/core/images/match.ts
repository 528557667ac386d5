// Whether a deployed image holds the same bytes as the local build, without hashing the node's
// copy: its checksum record against the local checksum (cached by size and mtime).
import type { DeployedImage } from './list';

/** `same` / `different` as checked; `unknown` when the node has no valid record; `no-build` without a local image. */
export type LocalMatch = 'same' | 'different' | 'unknown' | 'no-build';

export interface LocalBuild {
  readonly size: number;
  /** The local image's sha256 (cached, or computed on first use). */
  checksum(): Promise<string>;
}

export async function matchLocalBuild(image: DeployedImage, build: LocalBuild | undefined): Promise<LocalMatch> {
  if (!build) return 'no-build';
  if (image.size !== build.size) return 'different';
  if (!image.sha256) return 'unknown';
  try {
    return (await build.checksum()) === image.sha256 ? 'same' : 'different';
  } catch {
    return 'unknown';
  }
}

// Shared pieces of the deploy integration tests: images with known content, a private deploy
// root on the viz node, a non-root login, and finding the sshd process that serves an upload.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Host } from '../../../src/core/hosts';

/** A fresh folder on this machine (which is also the loopback viz node). */
export function workFolder(name: string): string {
  const dir = join(tmpdir(), `af-${name}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}

/** An image file of `size` pseudo-random bytes; returns its path and sha256. */
export function makeImage(dir: string, name: string, size: number): { file: string; sha256: string } {
  const file = join(dir, name);
  const chunk = randomBytes(Math.min(size, 4 * 1024 * 1024));
  const parts: Buffer[] = [];
  for (let left = size; left > 0; left -= chunk.length) parts.push(left >= chunk.length ? chunk : chunk.subarray(0, left));
  // A distinct head, so two images of one size never share a checksum.
  const data = Buffer.concat(parts);
  randomBytes(32).copy(data, 0);
  writeFileSync(file, data);
  return { file, sha256: createHash('sha256').update(data).digest('hex') };
}

/** sha256 of a file as the node itself computes it (`sha256sum` over SSH). */
export async function remoteSha256(host: Host, file: string): Promise<string> {
  const result = await host.exec(['sha256sum', '--', file]);
  if (result.exitCode !== 0) throw new Error(`sha256sum ${file}: ${result.stderr}`);
  return result.stdout.split(' ')[0];
}

/** Partial uploads left beside an image on this machine. */
export function partials(imagePath: string): string[] {
  const dir = imagePath.slice(0, imagePath.lastIndexOf('/'));
  const base = imagePath.slice(dir.length + 1);
  try {
    return readdirSync(dir).filter((name) => name.startsWith(`.${base}.`) && name.endsWith('.partial'));
  } catch {
    return [];
  }
}

export const TEST_USER = 'af-deploy';

/** An ordinary login (no sudo rights) that the cluster's shared authorized_keys lets in. */
export function ensureTestUser(): void {
  try {
    execFileSync('id', ['-u', TEST_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--create-home', '--shell', '/bin/sh', TEST_USER], { stdio: 'ignore' });
  }
  // No password, but not locked: sshd (without PAM) refuses locked accounts even with a key.
  execFileSync('usermod', ['-p', '*', TEST_USER], { stdio: 'ignore' });
}

/**
 * The sshd process serving the upload into `imagePath`: the parent of the `sh -c` that receives
 * it (its argv names the image path, which is unique to the test).
 */
export function uploadSessionPid(imagePath: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv[0] !== 'sh' || argv[1] !== '-c' || !argv.includes(imagePath) || !argv[2]?.includes('tail -c 65')) continue;
    const status = readFileSync(`/proc/${entry}/status`, 'utf8');
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    const parentArgv = readFileSync(`/proc/${parent}/cmdline`, 'utf8');
    if (parentArgv.startsWith('sshd:')) return parent;
  }
  return undefined;
}

export function mountTmpfs(dir: string, size: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    // Not mounted (the test failed before mounting).
  }
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Polls until `check` holds (the node finishes its cleanup after the connection is gone). */
export async function eventually(check: () => boolean, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

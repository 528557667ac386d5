// The repository root, found from this file whether tests run from source (tsx) or compiled into out/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'esbuild.js'))) return dir;
  }
  throw new Error(`No repository root (package.json and esbuild.js) above ${start}`);
}

export const repoRoot = findRepoRoot(__dirname);

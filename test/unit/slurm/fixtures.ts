// Reads the captured (22.05) and spec-derived (24.11) Slurm outputs under test/fixtures/slurm,
// from the sources (tsx) or from the compiled tests (out/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function fixturesRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'test', 'fixtures', 'slurm');
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`test/fixtures/slurm not found above ${__dirname} or ${process.cwd()}`);
}

export function fixture(path: string): string {
  return readFileSync(join(fixturesRoot(), path), 'utf8');
}

/** The delimiter token the 22.05 `squeue --Format` fixtures were captured with. */
export const CAPTURE_TOKEN = '7f3a9c0e5b21d846';

/** A moment during the 22.05 captures (epoch ms), for elapsed/remaining time. */
export const CAPTURE_NOW = 1796064920_000;

/** A moment after the 24.11 documents' last_update (epoch ms). */
export const SPEC_NOW = 1764003600_000;

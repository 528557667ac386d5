// The fixture workspace (laid out like the seed) and throwaway copies of it for tests that write.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { repoRoot } from '../../helpers/repoRoot';

export const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'workspace');
/** The App Framework folder: what a user opens in the editor. */
export const FIXTURE_APP_FOLDER = path.join(FIXTURE, 'dashboard', 'app_5174');
export const FIXTURE_REGISTRY = path.join(FIXTURE, 'dashboard', 'kooCAEWebServer_5000', 'config', 'apps.json');
export const FIXTURE_TEMPLATE_MAP = path.join(FIXTURE, 'dashboard', 'kooCAEWebServer_5000', 'services', 'slurm_app_manager.py');

const copies: string[] = [];
after(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** A private copy of the fixture workspace; returns the copied app folder. Removed after the tests. */
export function copyFixture(): { workspace: string; appFolder: string; registry: string; templateMap: string } {
  const workspace = mkdtempSync(path.join(tmpdir(), 'appframework-fixture-'));
  copies.push(workspace);
  cpSync(FIXTURE, workspace, { recursive: true });
  const backend = path.join(workspace, 'dashboard', 'kooCAEWebServer_5000');
  return {
    workspace,
    appFolder: path.join(workspace, 'dashboard', 'app_5174'),
    registry: path.join(backend, 'config', 'apps.json'),
    templateMap: path.join(backend, 'services', 'slurm_app_manager.py'),
  };
}

/**
 * The edited text with the inserted pieces cut out again (in order, each at its original offset
 * once the earlier ones are gone): equal to the original exactly when nothing else changed.
 */
export function withoutInsertions(edited: string, insertions: readonly { offset: number; text: string }[]): string {
  let result = edited;
  for (const insertion of [...insertions].sort((a, b) => a.offset - b.offset)) {
    if (result.slice(insertion.offset, insertion.offset + insertion.text.length) !== insertion.text) {
      throw new Error(`inserted text not found at offset ${insertion.offset}`);
    }
    result = result.slice(0, insertion.offset) + result.slice(insertion.offset + insertion.text.length);
  }
  return result;
}

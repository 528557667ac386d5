// Runs the test tiers with Node's own test runner: `npm test` runs every tier,
// `npm test -- unit integration` runs the named ones. Tests are compiled by tsc first,
// which also type-checks them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const allTiers = ['unit', 'integration', 'editor', 'apptainer'];
const tiers = process.argv.slice(2).length ? process.argv.slice(2) : allTiers;
for (const tier of tiers) {
  if (!allTiers.includes(tier)) {
    console.error(`Unknown test tier "${tier}". Tiers: ${allTiers.join(', ')}.`);
    process.exit(2);
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

rmSync(join(root, 'out'), { recursive: true, force: true });
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.', '--outDir', 'out']);
run(process.execPath, [join(root, 'esbuild.js')]);

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = tiers.flatMap((tier) => testFiles(join(root, 'out/test', tier)).sort());
if (files.length === 0) {
  console.error(`No test files found for: ${tiers.join(', ')}.`);
  process.exit(1);
}
run(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files]);

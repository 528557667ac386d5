// `npm run bench`: runs every test/bench/*.bench.ts (through tsx), one after another, and collects
// the lines they print as `bench <name> <value> <unit>`. `npm run bench -- squeue` runs the
// benchmarks whose file name contains "squeue". Each benchmark starts what it needs itself.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const benchDir = join(root, 'test', 'bench');
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort()
  .map((name) => join(benchDir, name));

if (files.length === 0) {
  console.error(`No benchmarks${filters.length ? ` matching ${filters.join(', ')}` : ''} in ${relative(root, benchDir)}.`);
  process.exit(2);
}

const BENCH_LINE = /^bench (\S+) (-?[0-9.]+(?:e[-+]?\d+)?) (\S+)$/;

function run(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const results = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      console.log(line);
      const m = BENCH_LINE.exec(line);
      if (m) results.push({ name: m[1], value: Number(m[2]), unit: m[3] });
    });
    child.on('error', (error) => resolve({ results, failure: error.message }));
    child.on('close', (code, signal) => {
      if (code !== 0) resolve({ results, failure: signal ? `killed by ${signal}` : `exited with ${code}` });
      else if (results.length === 0) resolve({ results, failure: 'printed no "bench <name> <value> <unit>" line' });
      else resolve({ results });
    });
  });
}

const all = [];
const failures = [];
for (const file of files) {
  const name = relative(root, file);
  console.log(`# ${name}`);
  const { results, failure } = await run(file);
  all.push(...results);
  if (failure) failures.push(`${name}: ${failure}`);
}

console.log('\n# summary');
for (const r of all) console.log(`bench ${r.name} ${r.value} ${r.unit}`);
for (const f of failures) console.error(`# failed: ${f}`);
process.exitCode = failures.length > 0 ? 1 : 0;

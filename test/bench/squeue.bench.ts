// bench squeue.parse_10k: parse a 10,000-job `squeue --json` document of Slurm 24.11's shape,
// against bare JSON.parse of the same document measured in the same run.
import assert from 'node:assert/strict';
import { squeueJson } from '../../src/core/slurm';
import { bigDocument24 } from './squeue-document';

const JOBS = 10_000;
const RUNS = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const text = bigDocument24(JOBS);
  const operation = squeueJson({ includeEnded: true, clock: () => 1764003600_000 });

  // Warm up both, and check the parse is complete, so the timing is of real work.
  const jobs = operation.parse(text);
  assert.equal(jobs.length, JOBS);
  assert.equal(JSON.parse(text).jobs.length, JOBS);

  const ours: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so that load from other processes hits both alike.
    let t = performance.now();
    operation.parse(text);
    ours.push(performance.now() - t);
    t = performance.now();
    JSON.parse(text);
    bare.push(performance.now() - t);
  }
  const oursMs = median(ours);
  const bareMs = median(bare);
  console.log(`# document: ${JOBS} jobs, ${(text.length / 1e6).toFixed(1)} MB; runs: ${RUNS}; JSON.parse median ${bareMs.toFixed(1)} ms`);
  console.log(`bench squeue.parse_10k ${oursMs.toFixed(1)} ms`);
  console.log(`bench squeue.parse_10k_vs_json_parse ${(oursMs / bareMs).toFixed(3)} x`);
}

main();

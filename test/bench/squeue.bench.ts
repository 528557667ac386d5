// bench squeue.parse_10k: parse a 10,000-job queue in squeue's delimited text format, exactly as
// `squeueFormatted`'s argv makes squeue print it (what the Jobs view polls). In the same run, on the
// same jobs: squeue.parse_10k_json parses the `squeue --json` document of Slurm 24.11's shape (the
// fallback), against bare JSON.parse of it; squeue.text_vs_json_bytes is text size / JSON size.
import assert from 'node:assert/strict';
import { delimitersFor, squeueFormatted, squeueJson } from '../../src/core/slurm';
import { BUSY_NOW, bigDocument24, bigTextDocument } from './squeue-document';

const JOBS = 10_000;
const RUNS = 9;
const TEXT_RUNS = 15;
const TOKEN = '5c1e0a9d7b3f8642';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => unknown): number {
  const t = performance.now();
  run();
  return performance.now() - t;
}

function main(): void {
  const clock = () => BUSY_NOW * 1000;
  const textOperation = squeueFormatted({ token: TOKEN, includeEnded: true, clock });
  const jsonOperation = squeueJson({ includeEnded: true, clock });

  // The text first, on its own: the JSON document (~90 MB) and the garbage of parsing it would
  // otherwise weigh on the heap the text parse runs in, which the Jobs view never has to carry.
  const text = bigTextDocument(JOBS, delimitersFor(TOKEN));
  // Warm up every parse, and check each is complete, so the timing is of real work.
  assert.equal(textOperation.parse(text).length, JOBS);
  const ours: number[] = [];
  for (let run = 0; run < TEXT_RUNS; run++) ours.push(time(() => textOperation.parse(text)));
  const textBytes = Buffer.byteLength(text);

  const json = bigDocument24(JOBS);
  assert.equal(jsonOperation.parse(json).length, JOBS);
  assert.equal(JSON.parse(json).jobs.length, JOBS);
  const oursJson: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so that load from other processes hits both alike.
    oursJson.push(time(() => jsonOperation.parse(json)));
    bare.push(time(() => JSON.parse(json)));
  }
  const jsonBytes = Buffer.byteLength(json);
  const jsonMs = median(oursJson);
  const bareMs = median(bare);
  console.log(`# ${JOBS} jobs: text ${(textBytes / 1e6).toFixed(1)} MB, JSON ${(jsonBytes / 1e6).toFixed(1)} MB; runs: text ${TEXT_RUNS}, JSON ${RUNS}; JSON.parse median ${bareMs.toFixed(1)} ms`);
  console.log(`bench squeue.parse_10k ${median(ours).toFixed(1)} ms`);
  console.log(`bench squeue.parse_10k_json ${jsonMs.toFixed(1)} ms`);
  console.log(`bench squeue.parse_10k_json_vs_json_parse ${(jsonMs / bareMs).toFixed(3)} x`);
  console.log(`bench squeue.text_vs_json_bytes ${(textBytes / jsonBytes).toFixed(3)} x`);
}

main();

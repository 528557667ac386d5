// bench deploy.vs_scp: a 1 GiB image to the loopback viz node (through ProxyJump af-access), this
// extension's deploy (upload, sha256 verified on the node, owner/mode, rename) against OpenSSH
// scp of the same file in the same run, interleaved; throughput ours / scp (target >= 0.9).
// bench deploy.unchanged_speedup: scp's time / our redeploy of the unchanged image (target >= 50).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChecksumCache, appTarget, deployImage, type DeployNode, type DeploySettings } from '../../src/core/deploy';
import { SshPool } from '../../src/core/hosts';
import { clusterSshConfig, ensureCluster } from '../helpers/cluster';

const SIZE = 1024 * 1024 * 1024;
const RUNS = 3;
const UNCHANGED_RUNS = 5;
const SETTINGS: DeploySettings = { owner: 'root:root', mode: '755', sudo: 'auto' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mib(bytes: number, ms: number): string {
  return `${(bytes / 1048576 / (ms / 1000)).toFixed(1)} MiB/s`;
}

/** A file of random bytes, written in 16 MiB pieces. */
function writeImage(file: string): void {
  const fd = openSync(file, 'w');
  const piece = randomBytes(16 * 1024 * 1024);
  for (let written = 0; written < SIZE; written += piece.length) writeSync(fd, piece);
  closeSync(fd);
}

/** A new first block: a different image of the same size (and a new mtime), so nothing is skipped. */
function touchImage(file: string): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, randomBytes(4096), 0, 4096, 0);
  closeSync(fd);
}

function scp(config: string, file: string, destination: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile('scp', ['-q', '-F', config, file, `viz-node001:${destination}`], (error, _stdout, stderr) => {
      if (error) reject(new Error(`scp failed: ${stderr || error.message}`));
      else resolve(performance.now() - started);
    });
  });
}

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

async function main(): Promise<void> {
  const cluster = await ensureCluster();
  const work = mkdtempSync(join(tmpdir(), 'af-bench-deploy-'));
  const pool = new SshPool({ config: clusterSshConfig(cluster) });
  try {
    const image = join(work, 'bench.sif');
    writeImage(image);
    const target = appTarget(join(work, 'apps'), 'bench');
    const node: DeployNode = { label: 'viz-node001', host: pool.host('viz-node001') };
    const checksums = new ChecksumCache();
    const deploy = () => deployImage({ source: { kind: 'local', file: image }, target, nodes: [node], settings: SETTINGS, checksums });

    // Warm both paths (connections, page cache) with a small transfer each.
    await node.host.exec(['true']);
    await scp(cluster.sshConfig, join(cluster.dir, 'cluster.json'), join(work, 'warm.json'));

    const scpMs: number[] = [];
    const oursMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Interleaved, so that load from other processes hits both alike.
      scpMs.push(await scp(cluster.sshConfig, image, join(work, 'scp.bin')));
      rmSync(join(work, 'scp.bin'), { force: true });
      touchImage(image);
      const started = performance.now();
      const report = await deploy();
      oursMs.push(performance.now() - started);
      const outcome = report.outcomes[0];
      assert.equal(outcome.status, 'deployed', outcome.status === 'failed' ? outcome.error.message : outcome.status);
      console.log(`# run ${run + 1}: scp ${mib(SIZE, scpMs[run])} (${(scpMs[run] / 1000).toFixed(1)} s), ours ${mib(SIZE, oursMs[run])} (${(oursMs[run] / 1000).toFixed(1)} s, hash + upload + verify + install), load ${loadavg()[0].toFixed(1)}`);
    }
    // What the node holds is what was sent.
    assert.equal(readFileSync(target.path).length, SIZE);
    assert.equal(sha256Of(target.path), sha256Of(image));

    // Unchanged: the same image again, as a second click on Deploy does (pooled connection, cached checksum).
    const unchangedMs: number[] = [];
    for (let run = 0; run < UNCHANGED_RUNS; run++) {
      const started = performance.now();
      const report = await deploy();
      unchangedMs.push(performance.now() - started);
      assert.equal(report.outcomes[0].status, 'unchanged');
    }
    // And from a fresh process's point of view: new connection (ProxyJump: two handshakes), checksum cached on disk.
    const coldPool = new SshPool({ config: clusterSshConfig(cluster) });
    const coldStarted = performance.now();
    const cold = await deployImage({ source: { kind: 'local', file: image }, target, nodes: [{ label: 'viz-node001', host: coldPool.host('viz-node001') }], settings: SETTINGS, checksums });
    const coldMs = performance.now() - coldStarted;
    await coldPool.dispose();
    assert.equal(cold.outcomes[0].status, 'unchanged');

    const scpMedian = median(scpMs);
    const oursMedian = median(oursMs);
    const unchangedMedian = median(unchangedMs);
    console.log(`# 1 GiB to viz-node001 via ProxyJump: scp median ${mib(SIZE, scpMedian)}, ours median ${mib(SIZE, oursMedian)}; unchanged redeploy median ${unchangedMedian.toFixed(1)} ms (new connection: ${coldMs.toFixed(0)} ms)`);
    console.log(`bench deploy.vs_scp ${(scpMedian / oursMedian).toFixed(3)} x`);
    console.log(`bench deploy.unchanged_speedup ${(scpMedian / unchangedMedian).toFixed(1)} x`);
    console.log(`bench deploy.unchanged_cold_speedup ${(scpMedian / coldMs).toFixed(1)} x`);
  } finally {
    await pool.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

// bench jobs.refresh_vs_ssh_spawn: one Jobs view refresh (squeue's text format for the user, parsed)
// through the pooled SSH connection (the extension's way: a SlurmQueue over a PersistentShell on
// the pooled SshHost), against `ssh -F <cluster config> af-access squeue ...`
// spawned per refresh (a new ssh process, connection and authentication each time), parsed the
// same way. Same run, interleaved, medians. Starts the sandbox cluster itself.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { SshPool, shellJoin } from '../../src/core/hosts';
import { PersistentShell, SlurmQueue } from '../../src/core/jobs';
import { squeueFormatted } from '../../src/core/slurm';
import { clusterSshConfig, ensureCluster } from '../helpers/cluster';

const POOLED_RUNS = 15;
const SPAWN_RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function spawnRefresh(sshConfig: string, user: string): Promise<number> {
  const operation = squeueFormatted({ user });
  return new Promise((resolve, reject) => {
    // ssh hands the remote shell one command string: quoted, as the host layer does.
    execFile('ssh', ['-F', sshConfig, '-o', 'BatchMode=yes', 'af-access', shellJoin(operation.argv)], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`ssh squeue failed: ${stderr.trim() || error.message}`));
      resolve(operation.parse(stdout, { stderr, exitCode: 0 }).length);
    });
  });
}

async function main(): Promise<void> {
  const cluster = await ensureCluster();
  const pool = new SshPool({ config: clusterSshConfig(cluster) });
  try {
    const shell = new PersistentShell(pool.host('af-access'));
    const queue = new SlurmQueue(shell);
    // Warm up: the pool connects once, as the extension does at its first refresh.
    const user = await queue.currentUser();
    const pooledCount = (await queue.jobs({ user })).length;
    assert.equal(await spawnRefresh(cluster.sshConfig, user), pooledCount, 'both ways list the same jobs');

    // For comparison: a new exec channel on the pooled connection per refresh (sshd starts the login shell each time).
    const perExec = new SlurmQueue(pool.host('af-access'));
    await perExec.jobs({ user });
    const pooled: number[] = [];
    const pooledExec: number[] = [];
    const spawned: number[] = [];
    for (let run = 0; run < Math.max(POOLED_RUNS, SPAWN_RUNS); run++) {
      if (run < POOLED_RUNS) {
        const t = performance.now();
        await queue.jobs({ user });
        pooled.push(performance.now() - t);
      }
      if (run < SPAWN_RUNS) {
        let t = performance.now();
        await perExec.jobs({ user });
        pooledExec.push(performance.now() - t);
        t = performance.now();
        await spawnRefresh(cluster.sshConfig, user);
        spawned.push(performance.now() - t);
      }
    }
    const pooledMs = median(pooled);
    const spawnMs = median(spawned);
    console.log(`# squeue lists ${pooledCount} job(s) of ${user}; runs: ${POOLED_RUNS} pooled, ${SPAWN_RUNS} spawned`);
    console.log(`bench jobs.refresh_pooled ${pooledMs.toFixed(1)} ms`);
    console.log(`bench jobs.refresh_pooled_exec_channel ${median(pooledExec).toFixed(1)} ms`);
    console.log(`bench jobs.refresh_ssh_spawn ${spawnMs.toFixed(1)} ms`);
    console.log(`bench jobs.refresh_vs_ssh_spawn ${(pooledMs / spawnMs).toFixed(3)} x`);
    shell.dispose();
  } finally {
    await pool.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SshPool, runChecked } from '../../../src/core/hosts';
import { clusterSshConfig, ensureCluster, type ClusterFacts } from '../../helpers/cluster';

let cluster: ClusterFacts;
let pool: SshPool;

before(async () => {
  cluster = await ensureCluster();
  pool = new SshPool({ config: clusterSshConfig(cluster) });
});
after(() => pool.dispose());

test('(integration) hosts slurm: sbatch, squeue and scancel run over SSH against the cluster', async () => {
  const access = pool.host('af-access');
  const submitted = await runChecked(access, ['sbatch', '--parsable', '--partition', cluster.partition, '--job-name', 'af-hosts-test', '--output', '/dev/null', '--wrap', 'sleep 30']);
  const jobId = submitted.stdout.trim().split(';')[0];
  assert.match(jobId, /^\d+$/);
  try {
    const queue = await runChecked(access, ['squeue', '-h', '-j', jobId, '-o', '%i|%j|%P|%T']);
    const [id, name, partition, state] = queue.stdout.trim().split('|');
    assert.deepEqual([id, name, partition], [jobId, 'af-hosts-test', cluster.partition]);
    assert.match(state, /^(PENDING|CONFIGURING|RUNNING)$/);
  } finally {
    await runChecked(access, ['scancel', jobId]);
  }
  // Gone from the queue, or shown as cancelled until Slurm forgets it.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const queue = await access.exec(['squeue', '-h', '-j', jobId, '-o', '%T']);
    const state = queue.stdout.trim();
    // Once Slurm has forgotten the job, squeue -j calls its id invalid.
    if (state === '' || state === 'CANCELLED' || /Invalid job id/.test(queue.stderr)) break;
    assert.ok(Date.now() < deadline, `job ${jobId} still ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

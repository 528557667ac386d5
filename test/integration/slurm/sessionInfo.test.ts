// Reading a session's info file on the job's node while the job is still writing it: one srun step
// that waits on the node, against the sandbox cluster's real Slurm.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSlurm } from '../../../src/core/jobs';
import { readSessionInfo } from '../../../src/core/sessions';
import { sbatchSubmit, scancelJob } from '../../../src/core/slurm';
import { eventually, slurmWorld, type SlurmWorld } from './sessionCluster';

let world: SlurmWorld;
before(async () => {
  world = await slurmWorld();
});
after(() => world.dispose());

/** A job that writes a session info file `delaySeconds` after it starts, then runs `runSeconds`. */
async function writerJob(sessionId: string, delaySeconds: number, runSeconds: number): Promise<number> {
  const script = [
    '#!/bin/sh',
    '#SBATCH --output=/dev/null',
    `sleep ${delaySeconds}`,
    `printf 'JOB_ID=%s\\nNODE=%s\\nVNC_PORT=6099\\nSESSION_ID=${sessionId}\\n' "$SLURM_JOB_ID" "$SLURMD_NODENAME" > /tmp/app_session_${sessionId}.info`,
    `sleep ${runSeconds}`,
    '',
  ].join('\n');
  const { jobId } = await runSlurm(world.hosts.access.host, sbatchSubmit({ jobName: 'af-info-test' }), { stdin: script });
  await eventually(`job ${jobId} running`, async () => (await world.queue.job(jobId))?.state === 'RUNNING', 60_000);
  return jobId;
}

test('(integration) session info: a read that waits on the node returns the file within moments of its writing, in one step', { timeout: 120_000 }, async () => {
  const sessionId = `af-test-${Date.now().toString(36)}`;
  const jobId = await writerJob(sessionId, 3, 60);
  const path = `/tmp/app_session_${sessionId}.info`;
  try {
    assert.deepEqual(await readSessionInfo(world.hosts.access.host, jobId, path, { sessionId }), { kind: 'missing' }, 'a plain read does not wait');
    const started = Date.now();
    const read = await readSessionInfo(world.hosts.access.host, jobId, path, { sessionId }, undefined, 20);
    const took = Date.now() - started;
    assert.equal(read.kind, 'ok');
    assert.equal(read.kind === 'ok' && read.info.jobId, jobId);
    assert.ok(took < 15_000, `returned after ${took} ms, not after the whole wait`);
  } finally {
    await runSlurm(world.hosts.access.host, scancelJob(jobId));
    await world.removeOnNode(path);
  }
});

test('(integration) session info: a job that ends while the read waits is reported gone', { timeout: 120_000 }, async () => {
  const sessionId = `af-test-${Date.now().toString(36)}`;
  const jobId = await writerJob(sessionId, 600, 0);
  const waiting = readSessionInfo(world.hosts.access.host, jobId, `/tmp/app_session_${sessionId}.info`, { sessionId }, undefined, 30);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await runSlurm(world.hosts.access.host, scancelJob(jobId));
  assert.deepEqual(await waiting, { kind: 'jobGone' });
});

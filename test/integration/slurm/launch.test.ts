import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { isActiveState } from '../../../src/core/slurm';
import { scancelJob } from '../../../src/core/slurm';
import { diagnoseJob, followJobLog, runSlurm, type LogEnd } from '../../../src/core/jobs';
import { launchSession, webSocketHandshake, type LaunchEvent } from '../../../src/core/sessions';
import { eventually, seedWorkspace, slurmWorld, type SlurmWorld } from './sessionCluster';

let world: SlurmWorld;

before(async () => {
  world = await slurmWorld();
});
after(() => world.dispose());

/** A WebSocket handshake straight to the node's port (the node is this machine). */
function handshakeOnNode(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => void webSocketHandshake(socket, { timeoutMs: 5000 }).then((answer) => resolve(answer.ok)));
  });
}

test("(integration) launch: the seed's gedit template, submitted through SSH, runs, writes its info on the node, answers WebSocket, logs follow and cancel removes it", { timeout: 300_000 }, async () => {
  const events: LaunchEvent[] = [];
  const session = await launchSession({
    app: { id: 'gedit', templateFile: join(seedWorkspace, 'slurm_jobs', 'gedit_vnc_job.sh') },
    config: world.config,
    hosts: world.hosts,
    queue: world.queue,
    submitEnv: world.submitEnv,
    onProgress: (event) => events.push(event),
    pollMs: { pending: 500, info: 300, port: 300 },
  });
  const { jobId } = session;
  try {
    const kinds = events.map((event) => event.kind);
    assert.deepEqual(kinds.filter((k) => k !== 'pending'), ['choosingPort', 'submitting', 'submitted', 'running', 'waitingForInfo', 'info', 'waitingForPort', 'ready']);
    const submitting = events.find((event) => event.kind === 'submitting');
    assert.ok(submitting?.kind === 'submitting' && submitting.port !== undefined);
    assert.equal(session.port, submitting.port, 'the job listens on the port it was given');
    assert.ok(session.port >= 6080 && session.port <= 6180);
    assert.match(session.sessionId, /^af-gedit-[0-9a-z]{10}$/);

    // The info file was read on the node: its values are the job's.
    assert.equal(session.info.jobId, jobId);
    assert.equal(session.node, world.cluster.node);
    assert.equal(session.infoFile, `/tmp/app_session_${session.sessionId}.info`);
    const onNode = (await world.hosts.viz[0].host.readFile(session.infoFile)).toString();
    assert.match(onNode, new RegExp(`^JOB_ID=${jobId}$`, 'm'));
    assert.equal(session.password, undefined, 'the seed template writes no password');

    // Reached the way the viewer goes: SSH to the node, then its 127.0.0.1.
    assert.deepEqual(session.endpoint.target, { kind: 'ssh', via: 'viz-node001', host: '127.0.0.1', port: session.port });
    assert.equal(await handshakeOnNode(session.port), true);

    const job = await world.queue.job(jobId);
    assert.equal(job?.state, 'RUNNING');
    assert.equal(job?.name, 'gedit_vnc');
    assert.equal(job?.stdoutPath, `/tmp/gedit_vnc_${jobId}.out`);

    const diagnosis = await diagnoseJob({
      hosts: world.hosts,
      queue: world.queue,
      infoFilePattern: world.config.slurm.infoFile,
      jobId,
      appId: 'gedit',
    });
    assert.deepEqual(
      diagnosis.checks.map((check) => `${check.title}: ${check.status}`),
      ['Job state: pass', 'Session info file: pass', 'websockify process: pass', 'Port listening: pass', 'WebSocket handshake: pass'],
      JSON.stringify(diagnosis.checks),
    );

    // Logs follow: what the job printed, then a line written after the follow began.
    let text = '';
    const following: Promise<LogEnd> = followJobLog({ access: world.hosts.access.host, jobId, path: `/tmp/gedit_vnc_${jobId}.out`, onText: (t) => (text += t) });
    await eventually('the job output', () => text.includes('fake-apptainer: run /opt/apptainers/apps/gedit/gedit.sif'));
    const marker = `appended-${Date.now()}`;
    await world.hosts.viz[0].host.exec(['sh', '-c', 'printf "%s\\n" "$1" >> "$2"', 'sh', marker, `/tmp/gedit_vnc_${jobId}.out`]);
    await eventually('the appended line', () => text.includes(marker));

    // Cancel: the job leaves the queue, the follow ends by itself, the port closes.
    assert.deepEqual(await runSlurm(world.hosts.access.host, scancelJob(jobId)), { kind: 'cancelled' });
    await eventually('the job to end', async () => {
      const after = await world.queue.job(jobId);
      return after === undefined || !isActiveState(after.state);
    });
    assert.deepEqual(await following, { kind: 'jobEnded' });
    await eventually('the port to close', async () => !(await handshakeOnNode(session.port)));
    const mine = await world.queue.jobs({ user: await world.queue.currentUser() });
    assert.equal(mine.some((j) => j.jobId === jobId), false);
  } finally {
    await runSlurm(world.hosts.access.host, scancelJob(jobId)).catch(() => undefined);
    await world.removeOnNode(session.infoFile, `/tmp/gedit_vnc_${jobId}.out`, `/tmp/gedit_vnc_${jobId}.err`);
  }
});

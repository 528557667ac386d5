import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runSlurm } from '../../../src/core/jobs';
import { launchSession, type LaunchEvent } from '../../../src/core/sessions';
import { sbatchSubmit, scancelJob } from '../../../src/core/slurm';
import { seedWorkspace, slurmWorld, type SlurmWorld } from './sessionCluster';

let world: SlurmWorld;
let backend: Server;
let backendUrl: string;
const requests: unknown[] = [];
const jobs: number[] = [];

/**
 * TEST DOUBLE of the seed's backend (kooCAEWebServer, not part of this project): POST
 * /api/app/sessions picks a session id and a port and submits the app's template with
 * `sbatch --export=ALL,SESSION_ID=..,VNC_PORT=..` on the access host, as the real one does.
 */
function startBackendDouble(): Promise<void> {
  const template = readFileSync(join(seedWorkspace, 'slurm_jobs', 'gedit_vnc_job.sh'), 'utf8');
  backend = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        const request = JSON.parse(body) as { app_id: string; user_id: string };
        requests.push({ method: req.method, url: req.url, ...request });
        if (request.app_id !== 'gedit') return res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"unknown app"}');
        const sessionId = `${request.user_id}-gedit-${randomBytes(4).toString('hex')}`;
        const port = 6100 + (randomBytes(1)[0] % 60);
        const { jobId } = await runSlurm(world.hosts.access.host, sbatchSubmit({ sessionId, vncPort: port }), { stdin: template, env: world.submitEnv });
        jobs.push(jobId);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ success: true, session: { session_id: sessionId, job_id: String(jobId), status: 'pending' } }));
      })().catch((error: unknown) => res.writeHead(500).end(JSON.stringify({ error: String(error) })));
    });
  });
  return new Promise((resolve) =>
    backend.listen(0, '127.0.0.1', () => {
      backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

before(async () => {
  world = await slurmWorld();
  await startBackendDouble();
});
after(async () => {
  for (const jobId of jobs) await runSlurm(world.hosts.access.host, scancelJob(jobId)).catch(() => undefined);
  backend.close();
  await world.dispose();
});

test('(integration) launch through the backend: POST /api/app/sessions, then the job it submitted is followed to a session that answers', { timeout: 300_000 }, async () => {
  const events: LaunchEvent[] = [];
  const session = await launchSession({
    app: { id: 'gedit', templateFile: join(seedWorkspace, 'slurm_jobs', 'gedit_vnc_job.sh') },
    config: { ...world.config, backend: { url: backendUrl } },
    hosts: world.hosts,
    queue: world.queue,
    pollMs: { pending: 300, info: 300, port: 300 },
    onProgress: (event) => events.push(event),
  });
  try {
    assert.equal(session.via, 'backend');
    assert.deepEqual(requests, [{ method: 'POST', url: '/api/app/sessions', app_id: 'gedit', user_id: await world.queue.currentUser() }]);
    assert.equal(session.jobId, jobs[0]);
    assert.match(session.sessionId, /-gedit-[0-9a-f]{8}$/);
    assert.equal(session.infoFile, `/tmp/app_session_${session.sessionId}.info`);
    assert.ok(events.some((event) => event.kind === 'submitting' && event.via === 'backend'));
    assert.ok(!events.some((event) => event.kind === 'choosingPort'), 'the backend chooses the port');
  } finally {
    await runSlurm(world.hosts.access.host, scancelJob(session.jobId));
    await world.removeOnNode(session.infoFile, `/tmp/gedit_vnc_${session.jobId}.out`, `/tmp/gedit_vnc_${session.jobId}.err`);
  }
});

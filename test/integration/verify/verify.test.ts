import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from '../../../src/cli/main';
import { CancellationSource } from '../../../src/core/hosts';
import { runSlurm } from '../../../src/core/jobs';
import { sbatchSubmit } from '../../../src/core/slurm';
import { renderVerifyMarkdown, renderVerifyText, verifyApp, type VerifyEvent, type VerifyReport } from '../../../src/core/verify';
import { verifyWorld, type VerifyWorld } from './world';

let world: VerifyWorld;

before(async () => {
  world = await verifyWorld();
});
after(() => world.dispose());

const FAST = { pollMs: { pending: 300, info: 300, port: 300 } };
const apptainerHere = spawnSync('apptainer', ['--version']).status === 0;

async function verify(token?: CancellationSource['token'], onProgress?: (event: VerifyEvent) => void): Promise<VerifyReport> {
  const config = await world.config();
  return verifyApp({ config, appId: 'gedit', hosts: world.hosts(config), queue: world.queue, options: FAST, ...(token ? { token } : {}), ...(onProgress ? { onProgress } : {}) });
}

function statuses(report: VerifyReport): string[] {
  return report.checks.map((check) => `${check.number} ${check.status}`);
}

/** The test job ids a report names (check 4's evidence). */
function testJobIds(report: VerifyReport): number[] {
  const value = report.checks[3].evidence.find((item) => item.label === 'test job')?.value;
  return value ? [Number(value.split(' ')[0])] : [];
}

test('(integration) verify: the fixture app on the sandbox cluster passes every applicable check, and its test job is gone afterwards', { timeout: 300_000 }, async () => {
  await world.deploy();
  const events: VerifyEvent[] = [];
  const report = await verify(undefined, (event) => events.push(event));
  const text = renderVerifyText(report);
  assert.deepEqual(statuses(report), ['1 pass', `2 ${apptainerHere ? 'fail' : 'skipped'}`, '3 pass', '4 pass', '5 pass', '6 pass', '7 skipped', '8 pass'], text);
  assert.equal(report.ok, !apptainerHere);
  if (!apptainerHere) assert.match(report.checks[1].summary, /Apptainer is not installed on this machine/);
  assert.match(report.checks[6].summary, /no backend is configured/);

  // Evidence: the checksum equals on both sides, the job and its info file, the first frame.
  const sha = report.checks[0].evidence.find((item) => item.kind === 'checksum')?.value;
  assert.match(sha ?? '', /^[0-9a-f]{64}$/);
  assert.ok(report.checks[2].evidence.some((item) => item.value.includes(world.imagePath) && item.value.includes(`sha256 ${sha?.slice(0, 12)}`)), text);
  const [jobId] = testJobIds(report);
  assert.ok(jobId > 0, text);
  assert.match(report.checks[4].summary, new RegExp(`job ${jobId} runs on ${world.cluster.node} and wrote /tmp/app_session_af-verify-gedit-`));
  assert.match(report.checks[5].summary, /RFB 3\.8 \(None\) and a first frame of the 1280×720 desktop/);
  assert.match(renderVerifyMarkdown(report), /## 6\. noVNC connects.*✅ pass/);

  // Cleanup: cancelled, and squeue no longer lists it.
  const infoFile = /wrote (\S+)$/.exec(report.checks[4].summary)?.[1] ?? '';
  assert.deepEqual(report.cleanup.slice(1), [`session info file ${infoFile} removed from ${world.cluster.node}`]);
  assert.match(report.cleanup[0], new RegExp(`^test job ${jobId} (cancelled|had already ended)$`));
  assert.equal((await world.queuedJobIds()).includes(jobId), false);
  assert.equal(existsSync(infoFile), false, 'the loopback node is this machine');
  assert.ok(events.some((event) => event.kind === 'cleanup'));
});

test('(integration) verify: with the deployed image removed, check 3 fails with "deploy" as the fix and the submitted test job is cancelled', { timeout: 300_000 }, async () => {
  await world.deploy();
  const viz = world.hosts(await world.config()).viz[0].host;
  await viz.remove(world.imagePath);
  const report = await verify();
  const text = renderVerifyText(report);
  assert.deepEqual(statuses(report).slice(2, 6), ['3 fail', '4 pass', '5 skipped', '6 skipped'], text);
  assert.match(report.checks[2].summary, new RegExp(`viz-node001: no ${world.imagePath}`));
  assert.match(report.checks[2].fix ?? '', /^Deploy the image/);
  assert.equal(report.checks[7].status, 'pass');
  assert.equal(report.ok, false);
  const [jobId] = testJobIds(report);
  assert.ok(jobId > 0, text);
  assert.equal(report.cleanup.length, 1);
  assert.match(report.cleanup[0], new RegExp(`^test job ${jobId} (cancelled|had already ended)$`));
  assert.equal((await world.queuedJobIds()).includes(jobId), false);
});

test('(integration) verify: with the job template pointing at a wrong path, check 4 fails with the line to fix and no job is submitted', { timeout: 300_000 }, async () => {
  await world.deploy();
  const wrong = '/opt/apptainers/gedit.sif';
  world.writeTemplate(wrong);
  try {
    const report = await verify();
    const text = renderVerifyText(report);
    assert.deepEqual(statuses(report).slice(2, 6), ['3 pass', '4 fail', '5 skipped', '6 skipped'], text);
    assert.match(report.checks[3].summary, new RegExp(`runs ${wrong}, but the image is deployed at ${world.imagePath}`));
    assert.match(report.checks[3].fix ?? '', new RegExp(`^Set APPTAINER_IMAGE="${world.imagePath}" on line 13 of slurm_jobs/gedit_vnc_job.sh`));
    // Nothing was submitted, so there is nothing to cancel (the shared queue may hold other tests' jobs).
    assert.equal(report.checks[3].evidence.some((item) => item.kind === 'job'), false);
    assert.deepEqual(report.cleanup, []);
  } finally {
    world.writeTemplate(world.imagePath);
  }
});

test('(integration) verify: cancelled while the test job starts, the run stops and the job is cancelled all the same', { timeout: 300_000 }, async () => {
  await world.deploy();
  const source = new CancellationSource();
  const report = await verify(source.token, (event) => {
    if (event.kind === 'checked' && event.result.number === 4) source.cancel();
  });
  const text = renderVerifyText(report);
  assert.equal(report.cancelled, true);
  assert.deepEqual(statuses(report).slice(3), ['4 pass', '5 skipped', '6 skipped', '7 skipped', '8 skipped'], text);
  assert.match(report.checks[4].summary, /cancelled/);
  const [jobId] = testJobIds(report);
  assert.ok(jobId > 0, text);
  assert.match(report.cleanup.join('\n'), new RegExp(`test job ${jobId} (cancelled|had already ended)$`));
  assert.equal((await world.queuedJobIds()).includes(jobId), false);
});

/**
 * TEST DOUBLE of the seed's backend (kooCAEWebServer, not part of this project): POST
 * /api/app/sessions submits the app's job template with sbatch on the access host, as the real
 * one does, and answers with the job id.
 */
async function startBackendDouble(submitted: number[]): Promise<{ url: string; close(): void }> {
  const config = await world.config();
  const access = world.hosts(config).access.host;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        const request = JSON.parse(body) as { app_id: string; user_id: string };
        if (req.url !== '/api/app/sessions' || request.app_id !== 'gedit') return res.writeHead(404).end('{"error":"unknown app"}');
        const sessionId = `${request.user_id}-gedit-${randomBytes(4).toString('hex')}`;
        const { jobId } = await runSlurm(access, sbatchSubmit({ sessionId, vncPort: 6100 + (randomBytes(1)[0] % 60) }), { stdin: readFileSync(world.templateFile, 'utf8') });
        submitted.push(jobId);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ session: { session_id: sessionId, job_id: String(jobId) } }));
      })().catch((error: unknown) => res.writeHead(500).end(JSON.stringify({ error: String(error) })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test('(integration) verify: with a backend, check 7 passes and the job the backend submitted is cancelled with the test job', { timeout: 300_000 }, async () => {
  const submitted: number[] = [];
  const backend = await startBackendDouble(submitted);
  world.writeConfig(backend.url);
  try {
    // Without the deployed image the test job is only submitted: the run stays short.
    await world.deploy();
    await world.hosts(await world.config()).viz[0].host.remove(world.imagePath);
    const report = await verify();
    const text = renderVerifyText(report);
    assert.equal(report.checks[6].status, 'pass', text);
    assert.equal(submitted.length, 1);
    assert.match(report.checks[6].summary, new RegExp(`^POST ${backend.url}/api/app/sessions started job ${submitted[0]} for gedit$`));
    const [testJob] = testJobIds(report);
    assert.equal(report.cleanup.length, 2);
    assert.match(report.cleanup.join('\n'), new RegExp(`^test job ${testJob} (cancelled|had already ended)\ntest job ${submitted[0]} cancelled$`));
    const queued = await world.queuedJobIds();
    assert.equal(queued.includes(testJob) || queued.includes(submitted[0]), false);
  } finally {
    world.writeConfig();
    backend.close();
  }
});

test('(integration) verify CLI: appframework verify --json prints the report and exits 1 when a check fails', { timeout: 300_000 }, async () => {
  await world.deploy();
  world.writeTemplate('/opt/elsewhere/gedit.sif');
  try {
    let out = '';
    let err = '';
    const code = await main(['verify', 'gedit', world.root, '--json', '--ssh-config', world.cluster.sshConfig], { out: (t) => (out += t), err: (t) => (err += t) });
    assert.equal(code, 1, err);
    const report = JSON.parse(out) as VerifyReport;
    assert.deepEqual(statuses(report).slice(0, 4), ['1 pass', `2 ${apptainerHere ? 'fail' : 'skipped'}`, '3 pass', '4 fail']);
    assert.match(report.checks[3].fix ?? '', /^Set APPTAINER_IMAGE=/);
    assert.match(err, /^\[1\/8\] Definition parses and the image is built\.\.\.$/m, 'progress goes to stderr');
  } finally {
    world.writeTemplate(world.imagePath);
  }
});

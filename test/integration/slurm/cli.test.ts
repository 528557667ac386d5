import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCluster, repoRoot, type ClusterFacts } from '../../helpers/cluster';
import { eventually } from './sessionCluster';

// The CLI with the defaults of a project without appframework.yaml: everything on this machine,
// which is the Slurm node (the SSH route is covered by launch.test.ts).
let cluster: ClusterFacts;
let project: string;
let env: NodeJS.ProcessEnv;
const temporary: string[] = [];

before(async () => {
  cluster = await ensureCluster();
  const workspace = mkdtempSync(join(tmpdir(), 'af-cli-'));
  temporary.push(workspace);
  cpSync(join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  project = join(workspace, 'dashboard', 'app_5174');
  const fakeBin = mkdtempSync(join(tmpdir(), 'af-fake-apptainer-'));
  temporary.push(fakeBin);
  symlinkSync(join(repoRoot, 'test', 'helpers', 'fake-apptainer'), join(fakeBin, 'apptainer'));
  env = { ...process.env, ...cluster.slurmEnv, PATH: `${fakeBin}:${process.env.PATH ?? ''}` };
});

const cli = ['--import', 'tsx', join(repoRoot, 'src', 'cli', 'main.ts')];

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...cli, ...args], { cwd: repoRoot, env, timeout: 240_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let launched: number | undefined;
after(async () => {
  if (launched !== undefined) await run('cancel', String(launched), '--folder', project);
  for (const path of temporary) rmSync(path, { recursive: true, force: true });
});

test('(integration) cli: launch, jobs, logs --follow and cancel against the real Slurm', { timeout: 300_000 }, async () => {
  const launch = await run('launch', 'gedit', project, '--json');
  assert.equal(launch.code, 0, launch.stderr);
  const session = JSON.parse(launch.stdout) as { jobId: number; port: number; node: string; target: unknown; password: string; infoFile: string };
  launched = session.jobId;
  // The node is this machine: what the seed template leaves there goes with the test's folders.
  temporary.push(session.infoFile, `/tmp/gedit_vnc_${session.jobId}.out`, `/tmp/gedit_vnc_${session.jobId}.err`);
  assert.equal(session.node, cluster.node);
  assert.deepEqual(session.target, { kind: 'direct', host: '127.0.0.1', port: session.port });
  assert.equal(session.password, 'none');
  assert.match(launch.stderr, new RegExp(`job ${session.jobId} is running on ${cluster.node}\\n`));

  const jobs = await run('jobs', project);
  assert.equal(jobs.code, 0, jobs.stderr);
  assert.match(jobs.stdout, new RegExp(`^${session.jobId}\\s+session\\s+gedit\\s+RUNNING\\s+${cluster.node}\\b`, 'm'));

  const logs = await run('logs', String(session.jobId), '--folder', project);
  assert.equal(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, new RegExp(`websockify on 127\\.0\\.0\\.1:${session.port}`));

  // Follow, cancel from another process: the follow ends by itself when the job does.
  const follow = spawn(process.execPath, [...cli, 'logs', String(session.jobId), '--follow', '--folder', project], { cwd: repoRoot, env });
  let followed = '';
  follow.stdout.on('data', (chunk: Buffer) => (followed += chunk.toString()));
  const followEnd = new Promise<number | null>((resolve) => follow.on('close', (code) => resolve(code)));
  await eventually('the followed output', () => followed.includes('fake-apptainer: run'));
  const cancel = await run('cancel', String(session.jobId), '--folder', project);
  assert.equal(cancel.stdout, `job ${session.jobId} cancelled\n`);
  assert.equal(await followEnd, 0);
  launched = undefined;
  // Cancelled jobs pass through COMPLETING before they leave the list.
  await eventually('the job to leave the list', async () => {
    const after = await run('jobs', project, '--json');
    return after.code === 0 && !(JSON.parse(after.stdout) as { jobId: number }[]).some((job) => job.jobId === session.jobId);
  });
});

test('(integration) cli: usage errors exit 2 with a one-line reason', async () => {
  const bad = await run('cancel', 'abc');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^appframework cancel: "abc" is not a job id/);
  const unknown = await run('launch', 'nosuchapp', project);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no app "nosuchapp"/);
});

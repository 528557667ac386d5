import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecOptions, ExecResult } from '../../../src/core/hosts';
import type { Job, JobState } from '../../../src/core/slurm';
import {
  classifyJobs,
  describeJob,
  explainReason,
  formatDuration,
  markdownText,
  parseNodeSnapshot,
  renderDiagnosis,
  SessionWatcher,
  sessionsOfApp,
  SlurmQueue,
  type CommandRunner,
  type KnownSession,
} from '../../../src/core/jobs';
import { CAPTURE_NOW, CAPTURE_TOKEN, fixture } from '../slurm/fixtures';

function job(jobId: number, name: string, state: JobState, extra: Partial<Job> = {}): Job {
  return { id: String(jobId), jobId, name, user: 'alice', state, stateRaw: state, ...extra };
}

test('(unit) jobs formatDuration, describeJob and explainReason', () => {
  assert.equal(formatDuration(45), '45s');
  assert.equal(formatDuration(12 * 60 + 5), '12m');
  assert.equal(formatDuration(3900), '1h 05m');
  assert.equal(formatDuration(2 * 86400 + 3 * 3600), '2d 03h');
  assert.equal(describeJob(job(1, 'x', 'PENDING', { reason: 'Resources' })), 'PENDING (Resources)');
  assert.equal(describeJob(job(1, 'x', 'RUNNING', { nodes: 'vm', elapsedSeconds: 600, timeLeftSeconds: 6600 })), 'RUNNING on vm · 10m · 1h 50m left');
  assert.equal(describeJob(job(1, 'x', 'RUNNING', { nodes: 'vm', elapsedSeconds: 5, timeLeftSeconds: 'infinite' })), 'RUNNING on vm · 5s · no time limit');
  assert.match(explainReason('Resources') ?? '', /free CPUs/);
  assert.match(explainReason('AssocGrpCpuLimit') ?? '', /group limit/);
  assert.equal(explainReason('SomethingNew'), undefined);
});

test('(unit) jobs classifyJobs: launched sessions, template job names and the _vnc convention are app sessions', () => {
  const known = new Map<number, KnownSession>([[3, { jobId: 3, appId: 'paraview', sessionId: 'af-paraview-0123456789', host: 'af-access' }]]);
  const entries = classifyJobs(
    [job(1, 'gedit_vnc', 'RUNNING', { nodes: 'vm' }), job(2, 'mpi-solver', 'PENDING'), job(3, 'sbatch', 'RUNNING'), job(4, 'lsprepost_vnc', 'PENDING'), job(5, 'custom-name', 'RUNNING')],
    [{ appId: 'gedit', jobName: 'gedit_vnc' }, { appId: 'viewer', jobName: 'custom-name' }],
    known,
  );
  assert.deepEqual(
    entries.map((e) => (e.kind === 'session' ? `${e.job.jobId}:${e.appId}${e.known ? '*' : ''}` : `${e.job.jobId}:other`)),
    ['1:gedit', '2:other', '3:paraview*', '4:lsprepost', '5:viewer'],
  );
  assert.deepEqual(sessionsOfApp(entries, 'paraview'), [{ jobId: '3', state: 'RUNNING', sessionId: 'af-paraview-0123456789' }]);
  assert.deepEqual(sessionsOfApp(entries, 'gedit'), [{ jobId: '1', state: 'RUNNING', node: 'vm' }]);
});

test('(unit) jobs SessionWatcher: baseline first, then running, ending in 10 minutes (once) and ended', () => {
  const watcher = new SessionWatcher();
  const s = (jobId: number, state: JobState, timeLeftSeconds?: number) => ({ jobId, appId: 'gedit', state, node: 'vm', ...(timeLeftSeconds !== undefined ? { timeLeftSeconds } : {}) });
  assert.deepEqual(watcher.update([s(1, 'RUNNING', 3000), s(2, 'PENDING')]), []);
  assert.deepEqual(watcher.update([s(1, 'RUNNING', 2990), s(2, 'RUNNING', 7200)]).map((n) => `${n.kind}:${n.session.jobId}`), ['running:2']);
  const soon = watcher.update([s(1, 'RUNNING', 540), s(2, 'RUNNING', 7100)]);
  assert.deepEqual(soon.map((n) => (n.kind === 'endingSoon' ? `${n.kind}:${n.session.jobId}:${n.minutesLeft}` : n.kind)), ['endingSoon:1:9']);
  assert.deepEqual(watcher.update([s(1, 'RUNNING', 400), s(2, 'RUNNING', 7000)]), [], 'warned once');
  assert.deepEqual(watcher.update([s(2, 'COMPLETING', 6900)]).map((n) => `${n.kind}:${n.session.jobId}`), ['ended:1']);
  assert.deepEqual(watcher.update([]).map((n) => `${n.kind}:${n.session.jobId}`), ['ended:2']);
  // A session that appears already running after the baseline is news.
  assert.deepEqual(watcher.update([s(9, 'RUNNING', 7200)]).map((n) => `${n.kind}:${n.session.jobId}`), ['running:9']);
  // Baseline: a session already close to its end is not announced as ending.
  const fresh = new SessionWatcher();
  fresh.update([s(1, 'RUNNING', 100)]);
  assert.deepEqual(fresh.update([s(1, 'RUNNING', 90)]), []);
});


test('(unit) jobs parseNodeSnapshot splits the sections by the token only', () => {
  const t = '@@af-0123456789abcdef';
  const out = [
    `${t} info`,
    `${t} path /tmp/app_session_s1.info`,
    'JOB_ID=5',
    'NODE=vm',
    '@@af-forged ps',
    '',
    `${t} ps`,
    '  101 /usr/bin/python3 /usr/bin/websockify 127.0.0.1:6080 127.0.0.1:16080',
    '  102 Xvnc :6080 -rfbport 16080',
    `${t} ss`,
    'LISTEN 0 100 127.0.0.1:6080 0.0.0.0:*',
    '',
  ].join('\n');
  const snapshot = parseNodeSnapshot(out, t);
  assert.deepEqual(snapshot.info, { path: '/tmp/app_session_s1.info', text: 'JOB_ID=5\nNODE=vm\n@@af-forged ps\n' });
  assert.deepEqual(snapshot.processes, ['101 /usr/bin/python3 /usr/bin/websockify 127.0.0.1:6080 127.0.0.1:16080', '102 Xvnc :6080 -rfbport 16080']);
  assert.deepEqual(snapshot.sockets, [{ address: '127.0.0.1', port: 6080 }]);
  assert.equal(parseNodeSnapshot(`${t} info\n${t} ps\n`, t).info, undefined);
});

test('(unit) jobs renderDiagnosis lists every check with its fix and escapes remote text', () => {
  const text = renderDiagnosis({
    jobId: 7,
    appId: 'gedit',
    at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
    checks: [
      { title: 'Job state', status: 'pass', detail: 'RUNNING on vm' },
      { title: 'Session info file', status: 'fail', detail: 'no /tmp/app_session_*x*.info on vm', fix: 'Write it [now](http://x)' },
      { title: 'websockify process', status: 'skip', detail: 'needs the info file' },
    ],
  });
  assert.match(text, /^# Diagnose job 7 \(gedit\)$/m);
  assert.match(text, /- \*\*Job state\*\*: ✅ pass — RUNNING on vm/);
  assert.match(text, /- \*\*Session info file\*\*: ❌ fail — no \/tmp\/app\\_session\\_\\\*x\\\*\.info on vm\n {2}- Fix: Write it \\\[now\\\]\\\(http:\/\/x\\\)/);
  assert.match(text, /1 check failed/);
  assert.equal(markdownText('a`b<c>'), 'a\\`b\\<c\\>');
});

/**
 * Test double for an access host: answers `id -un` and squeue with what Slurm 22.05 printed
 * (test/fixtures/slurm/22.05: the text and JSON listings captured at the same moment), and records
 * what ran. With `knowsEveryField: false` its squeue answers the text format the way one lacking a
 * field does (captured: exit 0, that column empty, the refusal on stderr).
 */
class CapturedSlurm implements CommandRunner {
  readonly label = 'captured';
  readonly ran: string[][] = [];
  constructor(private readonly knowsEveryField: boolean) {}
  async exec(argv: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
    this.ran.push([...argv]);
    const answer = (stdout: string, stderr = '', exitCode = 0): ExecResult => ({ exitCode, stdout, stderr, truncated: false });
    if (argv[0] === 'id') return answer('root\n');
    if (argv.includes('--json')) return answer(fixture('22.05/squeue-array-running.json'));
    // Each call draws its own delimiter token: the captured records, under this call's token.
    const format = argv.find((a) => a.startsWith('--Format=JobArrayID:\x1f')) ?? '';
    const token = format.slice('--Format=JobArrayID:\x1f'.length, format.indexOf(','));
    assert.ok(token, `unexpected command ${argv.join(' ')}`);
    const captured = (name: string) => fixture(`22.05/${name}`).replaceAll(CAPTURE_TOKEN, token);
    if (!this.knowsEveryField) return answer(captured('squeue-format-unknown-field.txt'), fixture('22.05/squeue-format-unknown-field.stderr'));
    if (argv.some((a) => a.startsWith('--jobs='))) return answer('', fixture('22.05/squeue-format-invalid-id.stderr'), 1);
    return answer(captured('squeue-format-mixed-active.txt'));
  }
}

const ACTIVE = ['1', '4_1', '4_[2-3]', '5', '8'];
const ids = (jobs: Job[]) => jobs.map((j) => j.id).sort();
const ranJson = (host: CapturedSlurm) => host.ran.filter((argv) => argv.includes('--json')).length;
const ranText = (host: CapturedSlurm) => host.ran.filter((argv) => argv.some((a) => a.startsWith('--Format='))).length;

test('(unit) jobs SlurmQueue lists with the text format, and treats forgotten job ids as none', async () => {
  const host = new CapturedSlurm(true);
  const queue = new SlurmQueue(host, () => CAPTURE_NOW);
  assert.equal(queue.outputFormat, 'text');
  assert.deepEqual(ids(await queue.jobs({})), ACTIVE);
  assert.equal(queue.outputFormat, 'text');
  assert.equal(await queue.job(99), undefined);
  assert.equal(ranJson(host), 0, 'JSON is never asked for');
  assert.equal(await queue.currentUser(), 'root');
});

test('(unit) jobs SlurmQueue moves a host to JSON once its squeue refuses a field of the text format', async () => {
  const host = new CapturedSlurm(false);
  const queue = new SlurmQueue(host, () => CAPTURE_NOW);
  // The refused listing would parse (the column is only empty): the switch must not depend on that.
  assert.deepEqual(ids(await queue.jobs({})), ACTIVE);
  assert.equal(queue.outputFormat, 'json');
  assert.equal((await queue.job(7))?.id, '4_1');
  assert.deepEqual([ranText(host), ranJson(host)], [1, 2], 'the text format is tried once per host');
});

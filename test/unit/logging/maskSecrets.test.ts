import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCommand, loggedExec, maskArgv, maskEnv, type HostLogEvent } from '../../../src/core/logging';
import { AuthFailed } from '../../../src/core/hosts';

test('(unit) log masking: password-like assignments, options and URL credentials are masked; the rest is kept', () => {
  assert.deepEqual(
    maskArgv(['apptainer', 'run', '--env', 'VNC_PASSWORD=hunter2', '--env', 'VNC_PORT=5901', '--password', 'p@ss', '--token=abc', 'https://user:secret@example.invalid/x', '/opt/a.sif']),
    ['apptainer', 'run', '--env', 'VNC_PASSWORD=•••', '--env', 'VNC_PORT=5901', '--password', '•••', '--token=•••', 'https://user:•••@example.invalid/x', '/opt/a.sif'],
  );
  assert.deepEqual(maskEnv({ SBATCH_TIMELIMIT: '00:05:00', API_KEY: 'k', PASSWORD: 'x' }), ['SBATCH_TIMELIMIT=00:05:00', 'API_KEY=•••', 'PASSWORD=•••']);
  assert.deepEqual(maskArgv(['sbatch', '--parsable', '--export=ALL,SESSION_ID=af-gedit-1,VNC_PORT=6080']), ['sbatch', '--parsable', '--export=ALL,SESSION_ID=af-gedit-1,VNC_PORT=6080']);
});

test('(unit) log lines: sudo, env, cwd and stdin are shown the way a person reads a command; scripts are cut to their first line', () => {
  assert.equal(
    describeCommand({ argv: ['sbatch', '--parsable'], env: { SBATCH_TIMELIMIT: '00:05:00' }, cwd: '/home/u', sudo: true, stdin: true }),
    'sudo -n env SBATCH_TIMELIMIT=00:05:00 sbatch --parsable (in /home/u) < (input not shown)',
  );
  assert.equal(describeCommand({ argv: ['sh', '-c', "set -e\nprintf '%s' \"$1\"\nexit 0", 'sh', 'it is'] }), "sh -c 'set -e …(3 lines)' sh 'it is'");
  assert.match(describeCommand({ argv: ['echo', 'x'.repeat(500)] }), /^echo x{159}…$/);
});

test('(unit) logged commands: reported before and after, with connection failures told apart from failed commands', async () => {
  const events: HostLogEvent[] = [];
  const ok = { label: 'af-access', exec: async () => ({ exitCode: 3, stdout: '', stderr: '', truncated: false }) };
  const result = await loggedExec(ok, ['squeue', '-h'], { env: { TOKEN: 't' } }, (e) => events.push(e), true);
  assert.equal(result.exitCode, 3);
  assert.deepEqual(
    events.map((e) => [e.kind, 'line' in e ? e.line : '']),
    [['command', 'env TOKEN=••• squeue -h'], ['reachable', ''], ['ended', 'env TOKEN=••• squeue -h']],
  );
  events.length = 0;
  const down = { label: 'af-access', exec: () => Promise.reject(new AuthFailed('af-access', 'alice', ['publickey (agent)'], ['publickey'])) };
  await assert.rejects(loggedExec(down, ['true'], undefined, (e) => events.push(e)), AuthFailed);
  assert.deepEqual(events.map((e) => e.kind), ['command', 'unreachable', 'failed']);
});

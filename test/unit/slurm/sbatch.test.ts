import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSbatchParsable, sbatchSubmit, SlurmCommandError, SlurmInputError, SlurmParseError } from '../../../src/core/slurm';
import { fixture } from './fixtures';

test('(unit) sbatch: argv exports SESSION_ID and VNC_PORT the way the seed backend does', () => {
  const op = sbatchSubmit({
    script: '/home/alice/slurm_jobs/gedit_vnc_job.sh',
    sessionId: 'af-gedit-k3j9x2m4p1',
    vncPort: 6090,
    jobName: 'gedit_vnc',
    partition: 'viz',
    time: '2:00:00',
    output: '/tmp/gedit_vnc_%j.out',
    error: '/home/alice/work dir/gedit_%j.err',
  });
  assert.deepEqual(op.argv, [
    'sbatch',
    '--parsable',
    '--export=ALL,SESSION_ID=af-gedit-k3j9x2m4p1,VNC_PORT=6090',
    '--job-name=gedit_vnc',
    '--partition=viz',
    '--time=2:00:00',
    '--output=/tmp/gedit_vnc_%j.out',
    '--error=/home/alice/work dir/gedit_%j.err',
    '/home/alice/slurm_jobs/gedit_vnc_job.sh',
  ]);
  assert.deepEqual(sbatchSubmit({ script: 'job.sh' }).argv, ['sbatch', '--parsable', 'job.sh']);
  assert.deepEqual(sbatchSubmit({ script: 'job.sh', time: 90 }).argv, ['sbatch', '--parsable', '--time=90', 'job.sh']);
});

test('(unit) sbatch: hostile values are refused before they reach argv', () => {
  const base = { script: '/home/alice/job.sh' };
  const refused: Array<[Record<string, unknown>, RegExp]> = [
    [{ sessionId: 'a,VNC_PORT=22' }, /Invalid session id/],
    [{ sessionId: 'x;reboot' }, /Invalid session id/],
    [{ sessionId: '../../etc/passwd' }, /Invalid session id/],
    [{ sessionId: '-rf' }, /Invalid session id/],
    [{ sessionId: 'a'.repeat(65) }, /Invalid session id/],
    [{ vncPort: 22 }, /Invalid VNC port/],
    [{ vncPort: 70000 }, /Invalid VNC port/],
    [{ vncPort: 6080.5 }, /Invalid VNC port/],
    [{ vncPort: '6080' }, /Invalid VNC port/],
    [{ partition: 'viz debug' }, /Invalid partition/],
    [{ partition: 'viz;id' }, /Invalid partition/],
    [{ partition: '' }, /Invalid partition/],
    [{ jobName: 'a b' }, /Invalid job name/],
    [{ jobName: '$(id)' }, /Invalid job name/],
    [{ jobName: '-x' }, /Invalid job name/],
    [{ time: '2 hours' }, /Invalid time limit/],
    [{ time: 0 }, /Invalid time limit/],
    [{ time: '1:2:3:4' }, /Invalid time limit/],
    [{ output: '/tmp/a\nb' }, /Invalid output path.*control characters/],
    [{ error: '--wrap=id' }, /Invalid error path/],
    [{ script: '--wrap=reboot' }, /Invalid job script/],
    [{ script: '' }, /Invalid job script/],
  ];
  for (const [extra, message] of refused) {
    assert.throws(() => sbatchSubmit({ ...base, ...extra } as never), (e: unknown) => e instanceof SlurmInputError && message.test(e.message), JSON.stringify(extra));
  }
  // The message is one line even for a value with a line break.
  assert.throws(() => sbatchSubmit({ ...base, sessionId: 'a\nb' }), (e: unknown) => e instanceof Error && !e.message.includes('\n'));
});

test('(unit) sbatch: --parsable output, captured and with a cluster', () => {
  assert.deepEqual(parseSbatchParsable(fixture('22.05/sbatch-parsable.txt')), { jobId: 1 });
  assert.deepEqual(parseSbatchParsable(fixture('22.05/sbatch-parsable-session.txt')), { jobId: 12 });
  assert.deepEqual(parseSbatchParsable('4242;hpc\n'), { jobId: 4242, cluster: 'hpc' });
  for (const [text, message] of [
    ['', /no job id printed/],
    ['Submitted batch job 12\n', /expected "<job id>"/],
    ['12\n13\n', /expected one line, got 2/],
    ['12;bad cluster\n', /unexpected cluster name/],
    ['0\n', /expected "<job id>"/],
  ] as const) {
    assert.throws(() => parseSbatchParsable(text), (e: unknown) => e instanceof SlurmParseError && message.test(e.message), text);
  }
});

test('(unit) sbatch: a refused submission is a SlurmCommandError with sbatch\'s reason', () => {
  const op = sbatchSubmit({ script: '/home/alice/job.sh', partition: 'nope' });
  assert.throws(
    () => op.parse('', { stderr: fixture('22.05/sbatch-invalid-partition.stderr'), exitCode: 1 }),
    (e: unknown) => e instanceof SlurmCommandError && e.message === 'sbatch exited with 1: sbatch: error: Batch job submission failed: Invalid partition name specified',
  );
  assert.deepEqual(op.parse('77\n', { stderr: 'sbatch: warning: something\n', exitCode: 0 }), { jobId: 77 });
});

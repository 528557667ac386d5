import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isAccountingDisabled,
  parseSacct,
  sacctJobs,
  scancelJob,
  scontrolShowJob,
  SlurmCommandError,
  SlurmInputError,
  SlurmParseError,
  srunReadFile,
  srunArgv,
  stepRefusal,
} from '../../../src/core/slurm';
import { fixture } from './fixtures';

test('(unit) scancel: argv, validated id, already-gone jobs are a result', () => {
  assert.deepEqual(scancelJob(12).argv, ['scancel', '12']);
  assert.deepEqual(scancelJob('4_1').argv, ['scancel', '4_1']);
  assert.deepEqual(scancelJob('4_[2-3]').argv, ['scancel', '4_[2-3]']);
  for (const bad of ['abc', '12;reboot', '-1', '0', '', '12 13', '--signal=KILL', 1.5]) {
    assert.throws(() => scancelJob(bad as never), SlurmInputError, String(bad));
  }
  const op = scancelJob(12);
  assert.deepEqual(op.parse(''), { kind: 'cancelled' });
  assert.deepEqual(op.parse('', { stderr: '', exitCode: 0 }), { kind: 'cancelled' });
  assert.deepEqual(op.parse('', { stderr: 'scancel: error: Kill job error on job id 12: Invalid job id specified\n', exitCode: 1 }), { kind: 'alreadyGone' });
  assert.deepEqual(op.parse('', { stderr: 'scancel: error: Kill job error on job id 12: Job/step already completing or completed\n', exitCode: 1 }), { kind: 'alreadyGone' });
  assert.throws(() => op.parse('', { stderr: fixture('22.05/scancel-invalid.stderr'), exitCode: 1 }), /scancel exited with 1: scancel: error: Invalid job id abc/);
  assert.throws(() => op.parse('', { stderr: 'scancel: error: Access/permission denied\n', exitCode: 1 }), SlurmCommandError);
});

test('(unit) srun: reads a file on the job node, with the normal failures as results', () => {
  const op = srunReadFile(12, '/tmp/app_session_af-gedit-q7w2e9.info');
  assert.deepEqual(op.argv, ['srun', '--overlap', '--jobid=12', '--nodes=1', '--ntasks=1', '--quiet', 'cat', '--', '/tmp/app_session_af-gedit-q7w2e9.info']);
  const info = fixture('22.05/srun-cat-info.stdout');
  assert.deepEqual(op.parse(info, { stderr: '', exitCode: 0 }), { kind: 'ok', text: info });
  assert.deepEqual(op.parse('', { stderr: fixture('22.05/srun-cat-missing.stderr'), exitCode: 1 }), { kind: 'notFound' });
  assert.deepEqual(op.parse('', { stderr: fixture('22.05/srun-job-pending.stderr'), exitCode: 1 }), { kind: 'jobPending' });
  assert.deepEqual(op.parse('', { stderr: fixture('22.05/srun-job-ended.stderr'), exitCode: 1 }), { kind: 'jobGone' });
  assert.deepEqual(op.parse('', { stderr: fixture('22.05/srun-job-invalid.stderr'), exitCode: 1 }), { kind: 'jobGone' });
  assert.deepEqual(op.parse('', { stderr: 'cat: /tmp/x: Permission denied\n', exitCode: 1 }), { kind: 'permissionDenied' });
  // Waiting for the file: one step that polls on the node, the path and tenths of a second as arguments.
  const waiting = srunReadFile(12, '/tmp/app_session_x.info', 10);
  assert.deepEqual(waiting.argv.slice(0, 8), ['srun', '--overlap', '--jobid=12', '--nodes=1', '--ntasks=1', '--quiet', 'sh', '-c']);
  assert.deepEqual(waiting.argv.slice(9), ['sh', '/tmp/app_session_x.info', '100']);
  // As this cluster's srun reports a job that ended while the step waited.
  const endedWhileWaiting = 'slurmstepd-vm: error: *** STEP 149.0 ON vm CANCELLED AT 2026-11-30T22:17:18 ***\nsrun: error: vm: task 0: Terminated\n';
  assert.deepEqual(waiting.parse('', { stderr: endedWhileWaiting, exitCode: 143 }), { kind: 'jobGone' });
  assert.throws(() => srunReadFile(12, '/tmp/x', 1.5), RangeError);
  assert.throws(() => op.parse('', { stderr: 'srun: error: Unable to contact slurm controller\n', exitCode: 1 }), SlurmCommandError);
  for (const [id, path] of [
    ['4_1', '/tmp/x'],
    ['12;id', '/tmp/x'],
    [12, 'relative/path'],
    [12, '-n'],
    [12, '/tmp/a\nb'],
    [12, ''],
  ] as const) {
    assert.throws(() => srunReadFile(id, path), SlurmInputError, `${id} ${JSON.stringify(path)}`);
  }
});

test('(unit) scontrol: -o records split at known keys; values keep spaces and =', () => {
  const op = scontrolShowJob(12);
  assert.deepEqual(op.argv, ['env', 'SLURM_TIME_FORMAT=%s', 'scontrol', 'show', 'job', '-o', '12']);
  const result = op.parse(fixture('22.05/scontrol-show-job-session-running.txt'), { stderr: '', exitCode: 0 });
  assert.equal(result.kind, 'ok');
  if (result.kind !== 'ok') return;
  const [job] = result.jobs;
  assert.equal(result.jobs.length, 1);
  assert.equal(job.jobId, 12);
  assert.equal(job.name, 'gedit_vnc');
  assert.equal(job.user, 'root');
  assert.equal(job.state, 'RUNNING');
  assert.equal(job.reason, undefined);
  assert.equal(job.command, '/tmp/slurm-f/work dir/with space/gedit_vnc_job.sh');
  assert.equal(job.workDir, '/tmp/slurm-f/work dir/with space');
  assert.equal(job.stdoutPath, '/tmp/slurm-f/work dir/with space/gedit_12.out');
  assert.equal(job.stderrPath, '/tmp/slurm-f/work dir/with space/gedit_12.err');
  assert.equal(job.stdinPath, '/dev/null');
  assert.equal(job.nodes, 'vm');
  assert.equal(job.batchHost, 'vm');
  assert.equal(job.partition, 'viz');
  assert.equal(job.timeLimit, 60);
  assert.equal(job.startTimeMs, 1796064912_000);
  assert.deepEqual(job.exitCode, { code: 0, signal: 0 });
  assert.equal(job.fields.get('TRES'), 'cpu=1,node=1,billing=1');
  assert.equal(job.fields.get('AllocNode:Sid'), 'localhost:6704');
  assert.equal(job.fields.get('Power'), '');
});

test('(unit) scontrol: arrays give several records; failed jobs; a line break in a name', () => {
  const array = scontrolShowJob(4).parse(fixture('22.05/scontrol-show-job-4.txt'));
  assert.equal(array.kind, 'ok');
  if (array.kind !== 'ok') return;
  assert.deepEqual(array.jobs.map((j) => j.id), ['4_[2-3]', '4_1']);
  assert.equal(array.jobs[1].jobId, 7);
  assert.equal(array.jobs[1].arrayTaskId, 1);
  assert.equal(array.jobs[0].arrayTasks, '2-3');
  assert.equal(array.jobs[0].timeLimit, 'infinite');
  assert.deepEqual(array.jobs[1].exitCode, { code: 0, signal: 15 });

  const failed = scontrolShowJob(8).parse(fixture('22.05/scontrol-show-job-8.txt'));
  assert.equal(failed.kind === 'ok' && failed.jobs[0].state, 'FAILED');
  assert.deepEqual(failed.kind === 'ok' && failed.jobs[0].exitCode, { code: 3, signal: 0 });

  const hostile = scontrolShowJob(6).parse(fixture('22.05/scontrol-show-job-6-hostile-name.txt'));
  assert.equal(hostile.kind, 'ok');
  if (hostile.kind !== 'ok') return;
  assert.equal(hostile.jobs.length, 1);
  assert.equal(hostile.jobs[0].name, 'we\x1fird|na\nme');
  assert.equal(hostile.jobs[0].user, 'root');
  assert.equal(hostile.jobs[0].state, 'CANCELLED');
  assert.equal(hostile.jobs[0].command, '/tmp/slurm-f/hog.sh');

  const one = scontrolShowJob(1).parse(fixture('22.05/scontrol-show-job-1.txt'));
  assert.equal(one.kind === 'ok' && one.jobs[0].command, '/tmp/slurm-f/work dir/with space/gedit_vnc_job.sh');
});

test('(unit) scontrol: values with spaces and "=" and unknown future keys', () => {
  const record =
    'JobId=77 JobName=a b=c UserId=alice(1000) JobState=PENDING NewKey=x y Reason=Priority Comment=session=af-x note=keep Command=/opt/my apps/run.sh --flag=1 WorkDir=/home/alice/a b StdOut=/tmp/out file.log Partition=viz';
  const [job] = scontrolShowJobsFrom(record);
  assert.equal(job.name, 'a b=c');
  assert.equal(job.user, 'alice');
  assert.equal(job.fields.get('NewKey'), 'x y');
  assert.equal(job.comment, 'session=af-x note=keep');
  assert.equal(job.command, '/opt/my apps/run.sh --flag=1');
  assert.equal(job.workDir, '/home/alice/a b');
  assert.equal(job.stdoutPath, '/tmp/out file.log');
  assert.equal(job.partition, 'viz');
  assert.equal(job.reason, 'Priority');
});

function scontrolShowJobsFrom(text: string) {
  const result = scontrolShowJob(77).parse(text);
  if (result.kind !== 'ok') throw new Error('expected ok');
  return result.jobs;
}

test('(unit) scontrol: unknown job is a result, surprises are SlurmParseError', () => {
  const op = scontrolShowJob(999);
  assert.deepEqual(op.parse('', { stderr: fixture('22.05/scontrol-show-job-invalid.stderr'), exitCode: 1 }), { kind: 'notFound' });
  assert.throws(() => op.parse('', { stderr: 'slurm_load_jobs error: Unable to contact slurm controller\n', exitCode: 1 }), SlurmCommandError);
  assert.throws(() => op.parse(''), (e: unknown) => e instanceof SlurmParseError && /no output/.test(e.message));
  assert.throws(() => op.parse('No jobs in the system\n'), (e: unknown) => e instanceof SlurmParseError && /expected "JobId=/.test(e.message));
  assert.throws(() => op.parse('JobId=x JobState=RUNNING'), /JobId: expected a job id/);
  assert.throws(() => op.parse('JobId=5 JobName=x'), /JobState: missing/);
  assert.throws(() => op.parse('JobId=5 JobState=RUNNING StartTime=2026-11-30T18:52:20'), /StartTime: expected epoch seconds/);
  assert.throws(() => scontrolShowJob('5 6'), SlurmInputError);
});

const TOKEN = 'aabbccddeeff0011';
const D = `\x1f${TOKEN}`;

test('(unit) sacct: accounting disabled (captured) is a result, not an error', () => {
  const op = sacctJobs({ jobIds: [12], token: TOKEN });
  assert.deepEqual(op.argv, [
    'env', 'SLURM_TIME_FORMAT=%s', 'sacct', '--parsable2', '--noheader', '--allocations', `--delimiter=${D}`,
    '--format=JobID,JobIDRaw,JobName,User,State,Partition,NodeList,Submit,Start,End,ElapsedRaw,TimelimitRaw,ExitCode,Reason,WorkDir',
    '--jobs=12',
  ]);
  const stderr = fixture('22.05/sacct-disabled.stderr');
  assert.ok(isAccountingDisabled(stderr));
  assert.deepEqual(op.parse('', { stderr, exitCode: 1 }), { kind: 'accountingDisabled' });
  assert.throws(() => op.parse('', { stderr: 'sacct: error: Problem talking to the database: Connection refused\n', exitCode: 1 }), SlurmCommandError);
});

test('(unit) sacct: records, including a job name with the old delimiter and a line break', () => {
  const row = (...v: string[]) => v.join(D);
  const out = [
    row('12', '12', 'gedit_vnc', 'alice', 'COMPLETED', 'viz', 'viz-node001', '1796064740', '1796064745', '1796068345', '3600', '120', '0:0', 'None', '/home/alice'),
    row('4_1', '7', 'we|ird\nname', 'bob', 'CANCELLED by 1000', 'viz', 'viz-node002', '1796064740', '1796064784', '1796064858', '74', 'UNLIMITED', '0:15', 'None', '/home/bob'),
    row('13', '13', 'pend', 'alice', 'PENDING', 'viz', 'None assigned', '1796064740', 'Unknown', 'Unknown', '0', 'Partition_Limit', '0:0', 'Priority', '/home/alice'),
  ].join('\n') + '\n';
  const result = sacctJobs({ token: TOKEN }).parse(out, { stderr: '', exitCode: 0 });
  assert.equal(result.kind, 'ok');
  if (result.kind !== 'ok') return;
  const [done, cancelled, pending] = result.jobs;
  assert.equal(result.jobs.length, 3);
  assert.equal(done.state, 'COMPLETED');
  assert.equal(done.elapsedSeconds, 3600);
  assert.equal(done.timeLimit, 120);
  assert.equal(done.endTimeMs, 1796068345_000);
  assert.equal(cancelled.id, '4_1');
  assert.equal(cancelled.jobId, 7);
  assert.equal(cancelled.arrayJobId, 4);
  assert.equal(cancelled.name, 'we|ird\nname');
  assert.equal(cancelled.state, 'CANCELLED');
  assert.equal(cancelled.stateRaw, 'CANCELLED by 1000');
  assert.equal(cancelled.timeLimit, 'infinite');
  assert.deepEqual(cancelled.exitCode, { code: 0, signal: 15 });
  assert.equal(pending.nodes, undefined);
  assert.equal(pending.startTimeMs, undefined);
  assert.equal(pending.timeLimit, undefined);
  assert.equal(pending.reason, 'Priority');
  assert.throws(() => parseSacct(row('12', 'x', ...Array(13).fill('')) + '\n', D), /JobIDRaw: expected a job id/);
  assert.throws(() => parseSacct(row('12', '12', 'n', 'u', 'RUNNING', 'viz', 'n1', 'yesterday', '', '', '', '', '', '', '') + '\n', D), /Submit: expected epoch seconds/);
  assert.throws(() => parseSacct('12' + D + '12\n', D), /incomplete last record/);
  assert.deepEqual(parseSacct('', D), []);
  assert.throws(() => sacctJobs({ since: 'yesterday; id' }), SlurmInputError);
  assert.deepEqual(sacctJobs({ since: 'now-7days', user: 'alice', token: TOKEN }).argv.slice(-2), ['--user=alice', '--starttime=now-7days']);
});

test('(unit) srun: argv for a step on the job\'s node, and what srun refusing one means', () => {
  assert.deepEqual(srunArgv(12, ['cat', '/tmp/x']), ['srun', '--overlap', '--jobid=12', '--nodes=1', '--ntasks=1', '--quiet', 'cat', '/tmp/x']);
  assert.throws(() => srunArgv('12; rm -rf /', ['true']), /job id/);
  assert.throws(() => srunArgv(12, ['--help']), /program name/);
  assert.equal(stepRefusal('srun: error: Unable to create step for job 5: Job/step already completing or completed'), 'ended');
  assert.equal(stepRefusal('srun: error: Unable to confirm allocation for job 5: Invalid job id specified'), 'ended');
  assert.equal(stepRefusal('srun: error: Unable to create step for job 5: Job is pending execution'), 'pending');
  assert.equal(stepRefusal('slurmstepd: error: *** STEP 5.2 ON vm CANCELLED AT 2026-12-01T01:17:27 ***'), 'ended');
  assert.equal(stepRefusal('cat: /tmp/x: No such file or directory'), undefined);
});

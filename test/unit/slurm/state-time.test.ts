import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultOutputPath,
  expandOutputPattern,
  firstNode,
  isActiveState,
  completeJob,
  parseDurationSeconds,
  stateFromName,
  stateFromNames,
  validateJobRef,
  validateNodeName,
  validatePath,
  validateTimeLimit,
  type PrintedJob,
} from '../../../src/core/slurm';

test('(unit) slurm states: names, flag names, arrays and sacct forms normalise', () => {
  assert.equal(stateFromName('RUNNING'), 'RUNNING');
  assert.equal(stateFromName('COMPLETING'), 'COMPLETING');
  assert.equal(stateFromName('CANCELLED by 1000'), 'CANCELLED');
  assert.equal(stateFromName('REQUEUE_HOLD'), 'PENDING');
  assert.equal(stateFromName('STOPPED'), 'SUSPENDED');
  assert.equal(stateFromName('SOMETHING_NEW'), 'UNKNOWN');
  assert.equal(stateFromNames(['RUNNING']), 'RUNNING');
  assert.equal(stateFromNames(['COMPLETED', 'COMPLETING']), 'COMPLETING');
  assert.equal(stateFromNames(['RUNNING', 'CONFIGURING']), 'CONFIGURING');
  assert.equal(stateFromNames(['PENDING', 'REQUEUED']), 'PENDING');
  assert.equal(stateFromNames(['FUTURE_FLAG', 'FAILED']), 'FAILED');
  assert.equal(stateFromNames(['FUTURE_BASE']), 'UNKNOWN');
  assert.ok(isActiveState('COMPLETING'));
  assert.ok(isActiveState('UNKNOWN'));
  assert.ok(!isActiveState('TIMEOUT'));
});

test('(unit) slurm durations: every form squeue and scontrol print', () => {
  assert.equal(parseDurationSeconds('0:00'), 0);
  assert.equal(parseDurationSeconds('29:45'), 29 * 60 + 45);
  assert.equal(parseDurationSeconds('1:59:45'), 3600 + 59 * 60 + 45);
  assert.equal(parseDurationSeconds('02:00:00'), 7200);
  assert.equal(parseDurationSeconds('1-00:00:00'), 86400);
  assert.equal(parseDurationSeconds('2-03'), 2 * 86400 + 3 * 3600);
  assert.equal(parseDurationSeconds('2-03:04'), 2 * 86400 + 3 * 3600 + 4 * 60);
  assert.equal(parseDurationSeconds('45'), 45);
  assert.equal(parseDurationSeconds('UNLIMITED'), undefined);
  assert.equal(parseDurationSeconds('1:2:3:4'), undefined);
});

test('(unit) job times: one rule for pending, running, unlimited and ended; printed figures kept', () => {
  const printed = (state: PrintedJob['state'], timeLimit: PrintedJob['timeLimit'], more: Partial<PrintedJob> = {}): PrintedJob => ({
    id: '9', jobId: 9, arrayJobId: undefined, arrayTaskId: undefined, arrayTasks: undefined, name: 'n', user: 'u', state, stateRaw: state,
    reason: undefined, nodes: undefined, partition: undefined, submitTimeMs: undefined, startTimeMs: state === 'PENDING' ? undefined : 1_000_000,
    endTimeMs: state === 'PENDING' ? undefined : 1_000_000 + 3600_000, timeLimit, elapsedSeconds: undefined, timeLeftSeconds: undefined,
    comment: undefined, stdoutPath: undefined, stderrPath: undefined, workDir: undefined, cluster: undefined, ...more,
  });
  const times = (job: PrintedJob, nowMs: number) => {
    const { elapsedSeconds, timeLeftSeconds } = completeJob(job, nowMs);
    return { elapsedSeconds, timeLeftSeconds };
  };
  assert.deepEqual(times(printed('PENDING', 60), 0), { elapsedSeconds: 0, timeLeftSeconds: 3600 });
  assert.deepEqual(times(printed('PENDING', 'infinite', { elapsedSeconds: 5, timeLeftSeconds: 7 }), 0), { elapsedSeconds: 0, timeLeftSeconds: 'infinite' });
  assert.deepEqual(times(printed('RUNNING', 60), 1_000_000 + 600_000), { elapsedSeconds: 600, timeLeftSeconds: 3000 });
  assert.deepEqual(times(printed('RUNNING', 'infinite'), 1_000_000 + 600_000), { elapsedSeconds: 600, timeLeftSeconds: 'infinite' });
  assert.deepEqual(times(printed('RUNNING', 60), 1_000_000 + 7200_000), { elapsedSeconds: 7200, timeLeftSeconds: 0 });
  assert.deepEqual(times(printed('RUNNING', 60, { elapsedSeconds: 601, timeLeftSeconds: 2999 }), 1_000_000 + 600_000), { elapsedSeconds: 601, timeLeftSeconds: 2999 });
  assert.deepEqual(times(printed('COMPLETED', 60), 9e12), { elapsedSeconds: 3600, timeLeftSeconds: undefined });
  assert.deepEqual(times(printed('COMPLETED', 60, { timeLeftSeconds: 12 }), 9e12), { elapsedSeconds: 3600, timeLeftSeconds: undefined });
});

test('(unit) completed job: output patterns filled, the default file where none was given', () => {
  const base = { id: '4_1', jobId: 7, arrayJobId: 4, arrayTaskId: 1, arrayTasks: undefined, name: 'arr', user: 'bob', state: 'RUNNING', stateRaw: 'RUNNING',
    reason: undefined, nodes: 'viz-node002', partition: undefined, submitTimeMs: undefined, startTimeMs: undefined, endTimeMs: undefined, timeLimit: undefined,
    elapsedSeconds: undefined, timeLeftSeconds: undefined, comment: undefined, workDir: '/w', cluster: undefined } as const;
  const given = completeJob({ ...base, stdoutPath: '/w/%x_%A_%a.out', stderrPath: undefined }, 0);
  assert.equal(given.stdoutPath, '/w/arr_4_1.out');
  assert.equal(given.stderrPath, '/w/arr_4_1.out');
  const implicit = completeJob({ ...base, stdoutPath: undefined, stderrPath: '/w/e-%j-%N' }, 0);
  assert.equal(implicit.stdoutPath, '/w/slurm-4_1.out');
  assert.equal(implicit.stderrPath, '/w/e-7-viz-node002');
  assert.equal(completeJob({ ...base, workDir: undefined, stdoutPath: undefined, stderrPath: undefined }, 0).stdoutPath, undefined);
});

test('(unit) output paths: Slurm patterns and the default file', () => {
  const job = { jobId: 7, arrayJobId: 4, arrayTaskId: 1, name: 'arr', user: 'bob', nodes: 'viz-node[003-005]' };
  assert.equal(expandOutputPattern('/tmp/%x_%A_%a-%j.%u.%N.log', job), '/tmp/arr_4_1-7.bob.viz-node003.log');
  assert.equal(expandOutputPattern('/tmp/%4a_%%j_%z', job), '/tmp/0001_%j_%z');
  assert.equal(expandOutputPattern('/tmp/%a', { ...job, arrayTaskId: undefined }), '/tmp/%a');
  assert.equal(expandOutputPattern('%5q%j%', job), '%5q7%');
  assert.equal(expandOutputPattern('%3x-%03A-%%%u', job), 'arr-004-%bob');
  assert.equal(expandOutputPattern('no patterns', job), 'no patterns');
  assert.equal(expandOutputPattern('%N', { ...job, nodes: undefined }), '%N');
  assert.equal(firstNode('viz-node001'), 'viz-node001');
  assert.equal(firstNode('n[1-3],m5'), 'n1');
  assert.equal(defaultOutputPath('/home/a/', 12), '/home/a/slurm-12.out');
  assert.equal(defaultOutputPath('/home/a', 7, 4, 1), '/home/a/slurm-4_1.out');
});

test('(unit) slurm validation: hostile values never pass', () => {
  for (const bad of ['0', '-5', '5;id', '5 6', '5_', '5_[1-', '5_[]', '$(id)', '99999999999']) assert.throws(() => validateJobRef(bad), /Invalid job id/, bad);
  for (const good of ['5', '5_1', '5_[1-3]', '5_[1,4-6]']) assert.equal(validateJobRef(good), good);
  for (const bad of ['', '-n', 'a b', 'a;b', 'host\n', '.x', 'x.']) assert.throws(() => validateNodeName(bad), /Invalid node name/, bad);
  for (const bad of ['', '-rf', 'a\u0000b', 'a\u001bb']) assert.throws(() => validatePath(bad), /Invalid path/, bad);
  assert.throws(() => validatePath('rel', 'path', { absolute: true }), /absolute/);
  for (const good of ['30', '2:00:00', '1-12:00', '1-00:00:00', '5:30']) assert.equal(validateTimeLimit(good), good);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultOutputPath,
  expandOutputPattern,
  firstNode,
  isActiveState,
  jobTimes,
  parseDurationSeconds,
  stateFromName,
  stateFromNames,
  validateJobRef,
  validateNodeName,
  validatePath,
  validateTimeLimit,
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

test('(unit) job times: one rule for pending, running, unlimited and ended', () => {
  const start = new Date(1_000_000);
  const end = new Date(1_000_000 + 3600_000);
  assert.deepEqual(jobTimes('PENDING', undefined, undefined, 60, 0), { elapsedSeconds: 0, timeLeftSeconds: 3600 });
  assert.deepEqual(jobTimes('PENDING', undefined, undefined, 'infinite', 0), { elapsedSeconds: 0, timeLeftSeconds: 'infinite' });
  assert.deepEqual(jobTimes('RUNNING', start, end, 60, 1_000_000 + 600_000), { elapsedSeconds: 600, timeLeftSeconds: 3000 });
  assert.deepEqual(jobTimes('RUNNING', start, end, 'infinite', 1_000_000 + 600_000), { elapsedSeconds: 600, timeLeftSeconds: 'infinite' });
  assert.deepEqual(jobTimes('RUNNING', start, end, 60, 1_000_000 + 7200_000), { elapsedSeconds: 7200, timeLeftSeconds: 0 });
  assert.deepEqual(jobTimes('COMPLETED', start, end, 60, 9e12), { elapsedSeconds: 3600 });
});

test('(unit) output paths: Slurm patterns and the default file', () => {
  const job = { jobId: 7, arrayJobId: 4, arrayTaskId: 1, name: 'arr', user: 'bob', nodes: 'viz-node[003-005]' };
  assert.equal(expandOutputPattern('/tmp/%x_%A_%a-%j.%u.%N.log', job), '/tmp/arr_4_1-7.bob.viz-node003.log');
  assert.equal(expandOutputPattern('/tmp/%4a_%%j_%z', job), '/tmp/0001_%j_%z');
  assert.equal(expandOutputPattern('/tmp/%a', { ...job, arrayTaskId: undefined }), '/tmp/%a');
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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSqueueJson, squeueJson, SlurmCommandError, SlurmParseError, type Job } from '../../../src/core/slurm';
import { readAllJobs, readIndentedJobs } from '../../../src/core/slurm/squeue-json';
import { CAPTURE_NOW, SPEC_NOW, fixture } from './fixtures';

const all = { includeEnded: true };
const byId = (jobs: Job[]) => new Map(jobs.map((j) => [j.id, j]));

test('(unit) squeue json 22.05: running and pending jobs, array shown as 4_[1-3]', () => {
  const jobs = byId(parseSqueueJson(fixture('22.05/squeue-pending-running.json'), all, CAPTURE_NOW));
  assert.deepEqual([...jobs.keys()].sort(), ['1', '2', '3', '4_[1-3]', '5']);
  const session = jobs.get('1')!;
  assert.equal(session.state, 'RUNNING');
  assert.equal(session.name, 'gedit_vnc');
  assert.equal(session.user, 'root');
  assert.equal(session.nodes, 'vm');
  assert.equal(session.partition, 'viz');
  assert.equal(session.timeLimit, 120);
  assert.equal(session.startTimeMs, 1796064740_000);
  assert.equal(session.endTimeMs, 1796071940_000);
  assert.equal(session.workDir, '/tmp/slurm-f/work dir/with space');
  // Patterns in --output are expanded.
  assert.equal(session.stdoutPath, '/tmp/slurm-f/gedit_vnc_1.out');
  assert.equal(session.stderrPath, '/tmp/slurm-f/gedit_vnc_1.err');
  assert.equal(session.elapsedSeconds, (CAPTURE_NOW - 1796064740_000) / 1000);
  assert.equal(session.timeLeftSeconds, (1796071940_000 - CAPTURE_NOW) / 1000);

  const hog = jobs.get('2')!;
  assert.equal(hog.name, 'hog job');
  assert.equal(hog.comment, 'af:app=ls-prepost session=af-lsp-1');
  // 22.05 leaves the default output file empty; it is slurm-%j.out in the working directory.
  assert.equal(hog.stdoutPath, '/tmp/slurm-f/work dir/with space/slurm-2.out');

  const array = jobs.get('4_[1-3]')!;
  assert.equal(array.jobId, 4);
  assert.equal(array.arrayJobId, 4);
  assert.equal(array.arrayTaskId, undefined);
  assert.equal(array.arrayTasks, '1-3');
  assert.equal(array.state, 'PENDING');
  assert.equal(array.reason, 'Priority');
  // 22.05 writes null for an unlimited time limit.
  assert.equal(array.timeLimit, 'infinite');
  assert.equal(array.timeLeftSeconds, 'infinite');
  assert.equal(array.elapsedSeconds, 0);
  assert.equal(array.startTimeMs, undefined);

  assert.equal(jobs.get('3')!.reason, 'Resources');
  assert.equal(jobs.get('5')!.reason, 'JobHeldUser');
  assert.equal(jobs.get('5')!.partition, 'debug');
  assert.equal(jobs.get('5')!.timeLeftSeconds, 240 * 60);
});

test('(unit) squeue json 22.05: a running array task gets id 4_1, ended jobs only on request', () => {
  const text = fixture('22.05/squeue-array-running.json');
  const active = byId(parseSqueueJson(text, {}, CAPTURE_NOW));
  assert.deepEqual([...active.keys()].sort(), ['1', '4_1', '4_[2-3]', '5', '8']);
  const task = active.get('4_1')!;
  assert.equal(task.jobId, 7);
  assert.equal(task.arrayJobId, 4);
  assert.equal(task.arrayTaskId, 1);
  assert.equal(task.state, 'RUNNING');
  assert.equal(task.timeLeftSeconds, 'infinite');
  assert.equal(task.stdoutPath, '/tmp/slurm-f/work dir/with space/slurm-4_1.out');

  const everything = byId(parseSqueueJson(text, all, CAPTURE_NOW));
  assert.equal(everything.get('2')!.state, 'CANCELLED');
  assert.equal(everything.get('2')!.timeLeftSeconds, undefined);
  assert.equal(everything.get('2')!.elapsedSeconds, 44);
  // A hostile name comes through as data.
  assert.equal(everything.get('6')!.name, 'we\x1fird|na\nme');
});

test('(unit) squeue json 22.05: ended states, reasons and the user/job filters applied by the parser', () => {
  const text = fixture('22.05/squeue-ended.json');
  const jobs = byId(parseSqueueJson(text, all, CAPTURE_NOW));
  assert.equal(jobs.get('8')!.state, 'FAILED');
  assert.equal(jobs.get('8')!.reason, 'NonZeroExitCode');
  assert.equal(jobs.get('9')!.state, 'COMPLETED');
  assert.equal(jobs.get('10')!.reason, 'PartitionConfig');
  assert.equal(jobs.get('11')!.reason, 'PartitionTimeLimit');
  assert.equal(jobs.get('11')!.timeLimit, 5940);
  // 22.05 ignores squeue's filters with --json, so the parser applies them.
  assert.deepEqual(parseSqueueJson(text, {}, CAPTURE_NOW).map((j) => j.id).sort(), ['10', '11', '5']);
  assert.deepEqual(parseSqueueJson(text, { user: 'nobody', includeEnded: true }, CAPTURE_NOW), []);
  assert.deepEqual(parseSqueueJson(text, { jobIds: [4], includeEnded: true }, CAPTURE_NOW).map((j) => j.id).sort(), ['4_1', '4_[2-3]']);
});

test('(unit) squeue json 24.11: array state, {set,infinite,number} numbers, flags and arrays', () => {
  const jobs = byId(parseSqueueJson(fixture('24.11/squeue-mixed.json'), all, SPEC_NOW));
  assert.deepEqual([...jobs.keys()], ['101', '102', '103_[2-4]', '103_1', '105', '106', '107', '108', '109', '110']);
  const session = jobs.get('101')!;
  assert.equal(session.state, 'RUNNING');
  assert.equal(session.stateRaw, 'RUNNING');
  assert.equal(session.user, 'alice');
  assert.equal(session.nodes, 'viz-node001');
  assert.equal(session.timeLimit, 120);
  assert.equal(session.startTimeMs, 1764000005_000);
  assert.equal(session.comment, 'af:app=gedit session=af-gedit-k3j9x2m4p1');
  assert.equal(session.stdoutPath, '/tmp/gedit_vnc_101.out');
  assert.equal(session.stderrPath, '/tmp/gedit_vnc_101.err');
  assert.equal(session.cluster, 'hpc');

  const pendingTasks = jobs.get('103_[2-4]')!;
  assert.equal(pendingTasks.arrayTasks, '2-4');
  assert.equal(pendingTasks.timeLimit, 'infinite');
  assert.equal(pendingTasks.startTimeMs, undefined);
  const task = jobs.get('103_1')!;
  assert.equal(task.jobId, 104);
  assert.equal(task.arrayTaskId, 1);
  assert.equal(task.timeLeftSeconds, 'infinite');

  assert.equal(jobs.get('105')!.state, 'COMPLETING');
  assert.equal(jobs.get('105')!.stateRaw, 'CANCELLED,COMPLETING');
  assert.equal(jobs.get('108')!.state, 'CONFIGURING');
  assert.equal(jobs.get('107')!.state, 'FAILED');
  assert.equal(jobs.get('106')!.user, 'carol');
  assert.equal(jobs.get('110')!.reason, 'ReqNodeNotAvail: UnavailableNodes:viz-node005');

  const hostile = jobs.get('109')!;
  assert.equal(hostile.name, 'we"ird\\na\nme|\x1f');
  assert.equal(hostile.comment, 'multi\nline|com\x1ement "quoted" \\ back');
  assert.equal(hostile.workDir, '/home/alice/work dir/with space');
  assert.equal(hostile.stdoutPath, '/home/alice/work dir/with space/out 109.log');
});

test('(unit) squeue json: the fast reader and JSON.parse agree on every fixture and layout', () => {
  for (const [file, now] of [
    ['22.05/squeue-pending-running.json', CAPTURE_NOW],
    ['22.05/squeue-array-running.json', CAPTURE_NOW],
    ['22.05/squeue-ended.json', CAPTURE_NOW],
    ['22.05/squeue-session-running.json', CAPTURE_NOW],
    ['24.11/squeue-mixed.json', SPEC_NOW],
    ['24.11/squeue-empty.json', SPEC_NOW],
  ] as const) {
    const text = fixture(file);
    // squeue's own indented output takes the fast reader, and it reads what JSON.parse reads.
    const fast = readIndentedJobs(text);
    assert.ok(fast, `fast reader declined ${file}`);
    assert.deepEqual(fast, readAllJobs(text), file);
    const indented = parseSqueueJson(text, all, now);
    // Compact JSON, other indentation and a different key order cannot use the fast reader's
    // assumptions the same way; all must give the same jobs.
    const doc = JSON.parse(text);
    const compact = parseSqueueJson(JSON.stringify(doc), all, now);
    const fourSpaces = parseSqueueJson(JSON.stringify(doc, null, 4), all, now);
    const reversed = { ...doc, jobs: doc.jobs.map((j: Record<string, unknown>) => Object.fromEntries(Object.entries(j).reverse())) };
    const reorderedKeys = parseSqueueJson(JSON.stringify(reversed, null, 2), all, now);
    assert.equal(readIndentedJobs(JSON.stringify(doc)), undefined, 'compact JSON is not the indented layout');
    assert.deepEqual(compact, indented, file);
    assert.deepEqual(fourSpaces, indented, file);
    assert.deepEqual(reorderedKeys, indented, file);
    assert.ok(indented.length > 0 || file.includes('empty'), file);
  }
});

test('(unit) squeue json: values that look like keys or job ends cannot fool the fast reader', () => {
  const doc = JSON.parse(fixture('24.11/squeue-mixed.json'));
  doc.jobs[0].name = '\n      "job_id": 999,\n      "user_name": "mallory"';
  doc.jobs[0].comment = '"\n    },\n    {\n      "job_id": 998';
  doc.jobs[1].current_working_directory = '\\"\\';
  const text = JSON.stringify(doc, null, 2);
  const fast = readIndentedJobs(text);
  assert.ok(fast);
  assert.deepEqual(fast, readAllJobs(text));
  const jobs = parseSqueueJson(text, all, SPEC_NOW);
  assert.equal(jobs.length, 10);
  assert.equal(jobs[0].jobId, 101);
  assert.equal(jobs[0].user, 'alice');
  assert.equal(jobs[0].name, doc.jobs[0].name);
  assert.equal(jobs[1].workDir, '\\"\\');
});

test('(unit) squeue json: 23.02-style documents (state a string, numbers as structs) parse too', () => {
  const doc = JSON.parse(fixture('24.11/squeue-mixed.json'));
  for (const job of doc.jobs) job.job_state = job.job_state[0];
  const jobs = parseSqueueJson(JSON.stringify(doc, null, 2), all, SPEC_NOW);
  assert.equal(jobs.find((j) => j.id === '101')!.state, 'RUNNING');
  assert.equal(jobs.find((j) => j.id === '105')!.state, 'CANCELLED');
});

test('(unit) squeue json: surprises become SlurmParseError naming the place', () => {
  const doc = JSON.parse(fixture('24.11/squeue-mixed.json'));
  const bad = (mutate: (d: typeof doc) => void) => {
    const copy = JSON.parse(JSON.stringify(doc));
    mutate(copy);
    return JSON.stringify(copy, null, 2);
  };
  const cases: Array<[string, RegExp]> = [
    [bad((d) => (d.jobs[2].job_state = 7)), /jobs\[2\]\.job_state.*expected a state name/],
    [bad((d) => (d.jobs[0].job_state = [])), /jobs\[0\]\.job_state/],
    [bad((d) => (d.jobs[1].job_id = 'x')), /jobs\[1\]\.job_id.*expected a number/],
    [bad((d) => delete d.jobs[1].job_id), /jobs\[1\]\.job_id.*a job id/],
    [bad((d) => (d.jobs[3].time_limit = { set: true, number: 5 })), /jobs\[3\]\.time_limit/],
    [bad((d) => (d.jobs[0].start_time = '2024-01-01')), /jobs\[0\]\.start_time/],
    [bad((d) => (d.jobs[0].name = 42)), /jobs\[0\]\.name.*expected a string/],
    [bad((d) => (d.jobs = { a: 1 })), /"jobs" is an object, expected an array/],
    [bad((d) => (d.jobs[4] = 'job')), /jobs\[4\].*expected an object/],
    ['[1, 2]', /expected an object, got an array/],
    ['', /no output/],
    ['{"jobs": [', /not JSON/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseSqueueJson(text, all, SPEC_NOW), (e: unknown) => e instanceof SlurmParseError && message.test(e.message), String(message));
  }
  // A document cut short must not pass for a complete one.
  const full = fixture('24.11/squeue-mixed.json');
  assert.throws(() => parseSqueueJson(full.slice(0, full.length - 200), all, SPEC_NOW), SlurmParseError);
});

test('(unit) squeue json: errors reported in the document become SlurmCommandError', () => {
  assert.throws(
    () => parseSqueueJson(fixture('24.11/squeue-error.json'), all, SPEC_NOW),
    (e: unknown) => e instanceof SlurmCommandError && /Invalid user: nosuchuser/.test(e.message),
  );
  assert.deepEqual(parseSqueueJson(fixture('24.11/squeue-empty.json'), all, SPEC_NOW), []);
});

test('(unit) squeue json builder: argv, validated filters, exit status', () => {
  assert.deepEqual(squeueJson().argv, ['squeue', '--json']);
  assert.deepEqual(squeueJson({ user: 'alice', jobIds: [12, 13], includeEnded: true }).argv, ['squeue', '--json', '--user=alice', '--jobs=12,13', '--states=all']);
  assert.throws(() => squeueJson({ user: 'alice;rm -rf /' }), /Invalid user name/);
  assert.throws(() => squeueJson({ user: '--all' }), /Invalid user name/);
  assert.throws(() => squeueJson({ jobIds: [1.5] }), /Invalid job id/);
  const op = squeueJson({ clock: () => CAPTURE_NOW });
  assert.equal(op.parse(fixture('22.05/squeue-pending-running.json')).length, 5);
  assert.throws(() => op.parse('', { stderr: 'squeue: error: Invalid user: nosuchuser\n', exitCode: 1 }), (e: unknown) => e instanceof SlurmCommandError && /exited with 1: squeue: error: Invalid user: nosuchuser/.test(e.message));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  delimitersFor,
  isFormatUnsupported,
  parseSqueueFormatted,
  parseSqueueJson,
  squeueFormatted,
  SQUEUE_FORMAT_FIELDS,
  SlurmCommandError,
  SlurmParseError,
  type Job,
} from '../../../src/core/slurm';
import { BUSY_NOW, bigDocument24, bigTextDocument } from '../../bench/squeue-document';
import { CAPTURE_NOW, CAPTURE_TOKEN, SPEC_NOW, fixture } from './fixtures';

const delimiters = delimitersFor(CAPTURE_TOKEN);
const all = true;
const byId = (jobs: Job[]) => new Map(jobs.map((j) => [j.id, j]));

test('(unit) squeue format: builder asks for epoch times and a fresh delimiter each time', () => {
  const a = squeueFormatted();
  const b = squeueFormatted();
  assert.deepEqual(a.argv.slice(0, 4), ['env', 'SLURM_TIME_FORMAT=%s', 'squeue', '--noheader']);
  const format = a.argv[a.argv.length - 1];
  assert.ok(format.startsWith('--Format=JobArrayID:\x1f'));
  assert.match(format.slice('--Format=JobArrayID:\x1f'.length), /^[0-9a-f]{16},JobID:/);
  assert.equal(format.split(',').length, SQUEUE_FORMAT_FIELDS.length);
  assert.ok(format.endsWith(`STDERR:\x1e${format.slice('--Format=JobArrayID:\x1f'.length, '--Format=JobArrayID:\x1f'.length + 16)}`));
  assert.notEqual(a.argv[a.argv.length - 1], b.argv[b.argv.length - 1]);
  const fixed = squeueFormatted({ token: CAPTURE_TOKEN, user: 'root', includeEnded: true });
  assert.deepEqual(fixed.argv.slice(3, 6), ['--noheader', '--user=root', '--states=all']);
  assert.throws(() => squeueFormatted({ token: 'not-hex' }), /token/);
  assert.throws(() => squeueFormatted({ user: 'a b' }), /Invalid user name/);
});

test('(unit) squeue format 22.05: captured output with arrays, hostile names and ended jobs', () => {
  const jobs = byId(parseSqueueFormatted(fixture('22.05/squeue-format-mixed-all.txt'), delimiters, all, CAPTURE_NOW));
  assert.deepEqual([...jobs.keys()].sort(), ['1', '2', '3', '4_1', '4_[2-3]', '5', '6', '8']);
  const session = jobs.get('1')!;
  assert.equal(session.state, 'RUNNING');
  assert.equal(session.startTimeMs, 1796064740_000);
  assert.equal(session.timeLimit, 120);
  assert.equal(session.elapsedSeconds, 118);
  assert.equal(session.timeLeftSeconds, 7082);
  assert.equal(session.stdoutPath, '/tmp/slurm-f/gedit_vnc_1.out');
  const task = jobs.get('4_1')!;
  assert.equal(task.jobId, 7);
  assert.equal(task.arrayJobId, 4);
  assert.equal(task.arrayTaskId, 1);
  assert.equal(task.timeLeftSeconds, 'infinite');
  const pending = jobs.get('4_[2-3]')!;
  assert.equal(pending.arrayTasks, '2-3');
  assert.equal(pending.startTimeMs, undefined);
  assert.equal(pending.reason, 'Resources');
  // The name holds a '|', a \x1f and a line break; the comment a line break and \x1e.
  assert.equal(jobs.get('6')!.name, 'we\x1fird|na\nme');
  assert.equal(jobs.get('2')!.comment, 'af:app=ls-prepost session=af-lsp-1');
  assert.equal(jobs.get('3')!.comment, undefined);
  assert.equal(jobs.get('2')!.state, 'CANCELLED');

  const active = parseSqueueFormatted(fixture('22.05/squeue-format-mixed-active.txt'), delimiters, false, CAPTURE_NOW);
  assert.deepEqual(active.map((j) => j.id).sort(), ['1', '4_1', '4_[2-3]', '5', '8']);
});

test('(unit) squeue format and squeue json describe the same jobs (captured together)', () => {
  for (const [json, text] of [
    ['22.05/squeue-session-running.json', '22.05/squeue-format-session-running.txt'],
    ['22.05/squeue-array-running.json', '22.05/squeue-format-mixed-active.txt'],
  ]) {
    const fromJson = byId(parseSqueueJson(fixture(json), {}, CAPTURE_NOW));
    const fromText = byId(parseSqueueFormatted(fixture(text), delimiters, false, CAPTURE_NOW));
    assert.deepEqual([...fromText.keys()].sort(), [...fromJson.keys()].sort(), json);
    for (const [id, a] of fromText) {
      const b = fromJson.get(id)!;
      for (const key of ['jobId', 'arrayJobId', 'arrayTaskId', 'arrayTasks', 'name', 'user', 'state', 'reason', 'nodes', 'partition', 'timeLimit', 'comment', 'workDir'] as const) {
        assert.deepEqual(a[key], b[key], `${json} ${id} ${key}`);
      }
      assert.equal(a.submitTimeMs, b.submitTimeMs, `${id} submitTime`);
      assert.equal(a.startTimeMs, b.startTimeMs, `${id} startTime`);
      assert.equal(a.stdoutPath, b.stdoutPath, `${id} stdoutPath`);
      assert.equal(a.stderrPath, b.stderrPath, `${id} stderrPath`);
    }
  }
});

test('(unit) squeue format: session job running, as the launch flow sees it', () => {
  const jobs = byId(parseSqueueFormatted(fixture('22.05/squeue-format-session-running.txt'), delimiters, false, CAPTURE_NOW));
  const session = jobs.get('12')!;
  assert.equal(session.state, 'RUNNING');
  assert.equal(session.nodes, 'vm');
  assert.equal(session.timeLimit, 60);
  assert.equal(session.stdoutPath, '/tmp/slurm-f/work dir/with space/gedit_12.out');
  assert.equal(session.stderrPath, '/tmp/slurm-f/work dir/with space/gedit_12.err');
  assert.equal(jobs.get('10')!.reason, 'PartitionConfig');
  assert.equal(jobs.get('10')!.timeLimit, 'infinite');
});

test('(unit) squeue format: surprises become SlurmParseError', () => {
  const good = fixture('22.05/squeue-format-session-running.txt');
  const { field, record } = delimiters;
  const first = good.slice(0, good.indexOf(`${record}\n`));
  const values = first.split(field);
  const withValue = (index: number, value: string) => {
    const copy = [...values];
    copy[index] = value;
    return `${copy.join(field)}${record}\n`;
  };
  const cases: Array<[string, RegExp]> = [
    [`${values.slice(1).join(field)}${record}\n`, /record 1: expected 20 fields, got 19/],
    [withValue(1, 'abc'), /record 1 JobID: expected a job id/],
    [withValue(5, ''), /record 1 State: empty/],
    [withValue(13, '2026-11-30T18:52:20'), /SubmitTime: expected epoch seconds.*SLURM_TIME_FORMAT/],
    [withValue(10, 'soon'), /TimeLimit: expected a duration/],
    [`${good}trailing garbage`, /text after the last record/],
    [good.split(`${record}\n`).join('\n'), /text after the last record/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseSqueueFormatted(text, delimiters, all, CAPTURE_NOW), (e: unknown) => e instanceof SlurmParseError && message.test(e.message), String(message));
  }
  assert.deepEqual(parseSqueueFormatted('', delimiters, all, CAPTURE_NOW), []);
  const op = squeueFormatted({ token: CAPTURE_TOKEN });
  assert.throws(() => op.parse('', { stderr: "squeue: unrecognized option '--Format'\n", exitCode: 1 }), SlurmCommandError);
});

test('(unit) squeue format: a value holding the delimiter of another call does not split', () => {
  // A job name crafted with a token seen in an earlier call is plain text in the next one.
  const other = delimitersFor('0123456789abcdef');
  const values = ['21', '21', '21', 'N/A', `evil${other.field}name${other.record}`, 'RUNNING', 'bob', 'viz-node001', '1:00', '59:00', '1:00:00', 'None', 'viz', '1796064740', '1796064740', '1796068340', '(null)', '/home/bob', '/home/bob/out.log', '/home/bob/err.log'];
  const jobs = parseSqueueFormatted(`${values.join(delimiters.field)}${delimiters.record}\n`, delimiters, all, CAPTURE_NOW);
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].name, `evil${other.field}name${other.record}`);
  assert.equal(jobs[0].elapsedSeconds, 60);
  assert.equal(jobs[0].timeLeftSeconds, 3540);
});

test('(unit) squeue format 22.05: sbatch --wrap jobs, array with a task limit, held and pending on Resources', () => {
  const now = 1796076738_000;
  const jobs = byId(parseSqueueFormatted(fixture('22.05/squeue-format-wrap-jobs.txt'), delimiters, all, now));
  assert.deepEqual([...jobs.keys()].sort(), ['139', '140_1', '140_[2-3%1]', '141', '142']);
  const pending = jobs.get('140_[2-3%1]')!;
  assert.equal(pending.arrayTasks, '2-3%1');
  assert.equal(pending.reason, 'JobArrayTaskLimit');
  assert.equal(pending.name, 'render frames (long name with spaces and | pipe)');
  const task = jobs.get('140_1')!;
  assert.deepEqual([task.jobId, task.arrayJobId, task.arrayTaskId, task.timeLimit, task.elapsedSeconds, task.timeLeftSeconds], [143, 140, 1, 30, 3, 1797]);
  // squeue 22.05 printed its own default, slurm-143.out; Slurm wrote slurm-140_1.out (seen on the node).
  assert.equal(task.stdoutPath, '/tmp/af-capture/work dir/slurm-140_1.out');
  assert.equal(task.stderrPath, task.stdoutPath);
  assert.equal(jobs.get('141')!.reason, 'JobHeldUser');
  assert.equal(jobs.get('141')!.timeLimit, 1440);
  assert.equal(jobs.get('142')!.timeLeftSeconds, 'infinite');
  const session = jobs.get('139')!;
  assert.equal(session.comment, 'af:app=lsprepost session=af-lsprepost-0123456789');
  assert.equal(session.stdoutPath, '/tmp/af-capture/work dir/lsprepost_139.out');
  assert.equal(session.stderrPath, '/tmp/af-capture/work dir/lsprepost_139.err');
});

test('(unit) squeue: telling "this squeue cannot print the text format" from other failures', () => {
  // Captured: a field squeue does not know is an error on stderr, yet it exits 0 and prints the
  // column empty, so the output alone parses as if nothing were wrong.
  const refused = fixture('22.05/squeue-format-unknown-field.stderr');
  assert.ok(isFormatUnsupported(refused));
  const quiet = byId(parseSqueueFormatted(fixture('22.05/squeue-format-unknown-field.txt'), delimiters, all, CAPTURE_NOW));
  assert.equal(quiet.get('139')!.stdoutPath, '/tmp/af-capture/work dir/slurm-139.out', 'the empty STDOUT column reads as the default path');
  assert.ok(isFormatUnsupported("squeue: unrecognized option '--Format'\nTry \"squeue --help\" for more information\n"));
  assert.ok(!isFormatUnsupported(fixture('22.05/squeue-format-invalid-id.stderr')));
  assert.ok(!isFormatUnsupported('squeue: error: Invalid user: nosuchuser\n'));
  assert.ok(!isFormatUnsupported('slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n'));
});

/** A value's form: what squeue's printing decides, not the particular text. */
function shape(value: string): string {
  if (['', 'N/A', 'NONE', '(null)', 'UNLIMITED', 'None'].includes(value)) return value;
  if (/^\d{10}$/.test(value)) return 'epoch';
  if (/^\d+$/.test(value)) return 'number';
  if (/^\d+_\d+$/.test(value)) return 'id_task';
  if (/^\d+_\[[\d,%-]+\]$/.test(value)) return 'id_[tasks]';
  if (/^\d+-\d+(%\d+)?$/.test(value)) return 'task range';
  if (/^(\d+-\d\d:\d\d:\d\d|\d+:\d\d:\d\d|\d+:\d\d)$/.test(value)) return 'duration';
  if (value.startsWith('/')) return 'path';
  if (/^[A-Z]+$/.test(value)) return 'STATE';
  if (/^[A-Z][A-Za-z]+$/.test(value)) return 'Word';
  return 'text';
}

function shapesByField(stdout: string): Map<string, Set<string>> {
  const shapes = new Map<string, Set<string>>(SQUEUE_FORMAT_FIELDS.map((f) => [f, new Set<string>()]));
  for (const record of stdout.split(`${delimiters.record}\n`).filter((r) => r !== '')) {
    record.split(delimiters.field).forEach((value, i) => shapes.get(SQUEUE_FORMAT_FIELDS[i])!.add(shape(value)));
  }
  return shapes;
}

const kind = (value: unknown) => (value instanceof Date ? 'date' : value === 'infinite' ? 'infinite' : typeof value);

test('(unit) squeue format: the benchmark document has the shapes of real squeue output', () => {
  const captured = ['mixed-all', 'ended-all', 'session-running', 'wrap-jobs'].map((name) => fixture(`22.05/squeue-format-${name}.txt`));
  const generated = bigTextDocument(2000, delimiters);
  // Every generated value has a form real squeue printed in that column.
  const real = shapesByField(captured.join(''));
  for (const [field, shapes] of shapesByField(generated)) {
    for (const s of shapes) assert.ok(real.get(field)!.has(s), `${field}: generated "${s}", captured ${[...real.get(field)!].join(', ')}`);
  }
  // ... and parses to jobs whose fields have the kinds real output gives.
  const realKinds = new Map<string, Set<string>>();
  for (const text of captured) {
    for (const job of parseSqueueFormatted(text, delimiters, all, CAPTURE_NOW)) {
      for (const [key, value] of Object.entries(job)) realKinds.set(key, (realKinds.get(key) ?? new Set()).add(kind(value)));
    }
  }
  const jobs = parseSqueueFormatted(generated, delimiters, all, BUSY_NOW * 1000);
  assert.equal(jobs.length, 2000);
  for (const job of jobs) {
    for (const [key, value] of Object.entries(job)) assert.ok(realKinds.get(key)?.has(kind(value)), `${job.id} ${key}: ${kind(value)}`);
  }
  // The text and the JSON benchmark documents describe the same jobs.
  const fromJson = parseSqueueJson(bigDocument24(2000), { includeEnded: true }, SPEC_NOW);
  assert.equal(fromJson.length, jobs.length);
  jobs.forEach((a, i) => {
    const b = fromJson[i];
    for (const key of ['id', 'jobId', 'arrayJobId', 'arrayTaskId', 'arrayTasks', 'name', 'user', 'state', 'reason', 'nodes', 'partition', 'timeLimit', 'comment', 'workDir'] as const) {
      assert.deepEqual(a[key], b[key], `${a.id} ${key}`);
    }
    // The JSON generator writes an array task's default output path as squeue 22.05 prints it.
    if (a.arrayTaskId === undefined) assert.deepEqual([a.stdoutPath, a.stderrPath], [b.stdoutPath, b.stderrPath], `${a.id} output paths`);
    for (const key of ['submitTimeMs', 'startTimeMs', 'endTimeMs'] as const) assert.equal(a[key], b[key], `${a.id} ${key}`);
  });
});

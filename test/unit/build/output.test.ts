// Build errors placed in the definition file, checked against Apptainer 1.4's own messages: the
// recorded verdicts of the definition corpus, and a real failed build's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { mapBuildProblems, reasonOf, summarizeBuildOutput } from '../../../src/core/build';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'test', 'fixtures'))) dir = path.dirname(dir);
  return dir;
}

const root = repositoryRoot();
const here = path.join(root, 'test', 'unit', 'build', 'fixtures');

interface Verdict {
  accepted: boolean;
  error?: string;
  line?: number;
  causeLine?: number;
}

test('(unit) build output: every rejection Apptainer recorded with a line lands on that line of the definition', () => {
  const verdicts = JSON.parse(readFileSync(path.join(root, 'test', 'fixtures', 'defs', 'verdicts.json'), 'utf8')) as Record<string, Verdict>;
  let checked = 0;
  for (const [file, verdict] of Object.entries(verdicts)) {
    const want = verdict.line ?? verdict.causeLine;
    if (verdict.accepted || !verdict.error || want === undefined) continue;
    const text = readFileSync(path.join(root, 'test', 'fixtures', 'defs', file), 'utf8');
    const output = `INFO:    Starting build...\nFATAL:   ${verdict.error}\n`;
    const problems = mapBuildProblems(output, text);
    assert.equal(problems.length, 1, file);
    assert.equal(problems[0].range.start.line + 1, want, `${file}: ${verdict.error}`);
    assert.equal(problems[0].severity, 'error');
    assert.ok(problems[0].message.startsWith('apptainer build: '), problems[0].message);
    checked++;
  }
  assert.ok(checked >= 20, `only ${checked} verdicts with a line`);
});

test('(unit) build output: a failing %post command (real Apptainer 1.4 output) points at its line', () => {
  const output = readFileSync(path.join(here, 'post-failure.out'), 'utf8');
  const definition = readFileSync(path.join(here, 'post-failure.def'), 'utf8');
  const summary = summarizeBuildOutput(output);
  assert.equal(summary.fatal, 'While performing build: while running engine: while running %post section: exit status 2');
  assert.deepEqual(summary.traces, ['echo building', 'true', 'ls /nonexistent-dir']);
  const [problem] = mapBuildProblems(output, definition);
  const lines = definition.split('\n');
  assert.equal(lines[problem.range.start.line].trim(), 'true && ls /nonexistent-dir');
  assert.equal(problem.message, 'apptainer build: while running %post section: exit status 2');
});

test('(unit) build output: a download failure points at the source line of the header; colours are ignored', () => {
  const definition = 'Bootstrap: debootstrap\nOSVersion: bookworm\nMirrorURL: http://mirror.invalid/debian\n\n%post\n  true\n';
  const output = '\x1b[34mINFO:   \x1b[0m Starting build...\n\x1b[31mFATAL:  \x1b[0m While performing build: conveyor failed to get: debootstrap failed: exit status 1\n';
  const [problem] = mapBuildProblems(output, definition);
  assert.equal(problem.range.start.line, 2);
  assert.equal(problem.message, 'apptainer build: debootstrap failed: exit status 1');
  assert.deepEqual(mapBuildProblems('INFO:    Build complete: /w/x.sif\n', definition), []);
});

test('(unit) build output: Apptainer\'s wrappers are taken off the reason', () => {
  assert.equal(reasonOf('Unable to build from a/x.def: while parsing definition: a/x.def: invalid section(s) specified: bogus'), 'invalid section(s) specified: bogus');
  assert.equal(reasonOf('Unable to create build: unable to get conveyorpacker: invalid build source Docker'), 'invalid build source Docker');
});

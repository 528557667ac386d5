// The build runner with a real process standing in for apptainer (a TEST DOUBLE: apptainer is not
// installed on this machine's PATH; the real one runs in the (apptainer) tier through
// test/apptainer/enter.sh). The double records its argv, streams output slowly, fails like
// Apptainer does, or sleeps until it is cancelled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildArgv, runBuild } from '../../../src/core/build';
import { CancellationSource, LocalHost } from '../../../src/core/hosts';

let work: string;
let double: string;
const host = new LocalHost();

before(() => {
  work = mkdtempSync(join(tmpdir(), 'af-build-double-'));
  double = join(work, 'apptainer-test-double');
  // Behaviour chosen by the definition file's name; argv is written one per line to argv.txt.
  writeFileSync(
    double,
    `#!/bin/sh
printf '%s\\n' "$@" > "${work}/argv.txt"
def=$(eval "printf %s \\"\\\${$#}\\"")
echo "INFO:    Starting build..."
case "$def" in
  *fails.def)
    echo "+ apt-get update" >&2
    echo "+ apt-get install -y gedit" >&2
    echo "E: Unable to locate package gedit" >&2
    echo "FATAL:   While performing build: while running engine: while running %post section: exit status 100" >&2
    exit 255 ;;
  *slow.def)
    echo $$ > "${work}/pid"
    i=0
    while [ $i -lt 300 ]; do echo "step $i"; sleep 0.1; i=$((i + 1)); done
    exit 0 ;;
  *)
    for i in 1 2 3; do echo "INFO:    step $i"; sleep 0.2; done
    echo "INFO:    Build complete: $(eval "printf %s \\"\\\${$(($# - 1))}\\"")"
    exit 0 ;;
esac
`,
  );
  chmodSync(double, 0o755);
});

after(() => rmSync(work, { recursive: true, force: true }));

/** The build argv with the test double in apptainer's place. */
function argvFor(definition: string, image = join(work, 'out dir', "gedit's.sif")): string[] {
  const argv = buildArgv({ image, definition, fakeroot: true });
  return [double, ...argv.slice(1)];
}

test('(unit) build run (test double for apptainer): argv arrives verbatim, output streams while it runs, success is reported', async () => {
  const chunks: { at: number; text: string }[] = [];
  const started = Date.now();
  const definition = join(work, 'gedit.def');
  const result = await runBuild({ host, argv: argvFor(definition) }, (text) => chunks.push({ at: Date.now() - started, text }));
  assert.equal(result.status, 'succeeded');
  assert.equal(result.exitCode, 0);
  assert.deepEqual(readFileSync(join(work, 'argv.txt'), 'utf8').split('\n').slice(0, -1), ['build', '--force', '--fakeroot', join(work, 'out dir', "gedit's.sif"), definition]);
  const all = chunks.map((c) => c.text).join('');
  assert.match(all, /INFO: {4}step 1\n[\s\S]*Build complete: .*gedit's\.sif/);
  // Live: the first step arrived well before the last.
  const first = chunks.find((c) => c.text.includes('step 1'));
  const last = chunks.find((c) => c.text.includes('Build complete'));
  assert.ok(first && last && last.at - first.at >= 300, `chunks at ${chunks.map((c) => c.at).join(', ')} ms`);
  assert.ok(result.durationMs >= 500);
});

test('(unit) build run (test double for apptainer): a failure gives Apptainer\'s reason and the def line of the failing command', async () => {
  const definition = join(work, 'fails.def');
  const text = 'Bootstrap: debootstrap\nOSVersion: bookworm\nMirrorURL: http://mirror.invalid/debian\n\n%post\n    apt-get update\n    apt-get install -y gedit\n';
  writeFileSync(definition, text);
  const result = await runBuild({ host, argv: argvFor(definition), definitionText: text }, () => undefined);
  assert.equal(result.status, 'failed');
  assert.equal(result.exitCode, 255);
  assert.match(result.message, /^apptainer-test-double build failed on local: While performing build: .*while running %post section: exit status 100$/);
  assert.equal(result.problems.length, 1);
  assert.equal(result.problems[0].range.start.line, 6);
});

test('(unit) build run (test double for apptainer): cancelling stops the build process itself', async () => {
  const source = new CancellationSource();
  const output: string[] = [];
  const running = runBuild({ host, argv: argvFor(join(work, 'slow.def')) }, (text) => {
    output.push(text);
    if (output.join('').includes('step 3')) source.cancel();
  }, source.token);
  const result = await running;
  assert.equal(result.status, 'cancelled');
  assert.match(result.message, /was cancelled$/);
  const pid = Number(readFileSync(join(work, 'pid'), 'utf8'));
  // The process (and its sleep) is gone, well before its 30 s were up.
  assert.equal(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '), false);
  assert.ok(result.durationMs < 10_000);
});

test('(unit) build run: a missing apptainer is said in those words', async () => {
  const result = await runBuild({ host, argv: ['apptainer-not-installed-here', 'build', '/w/x.sif', '/w/x.def'] }, () => undefined);
  assert.equal(result.status, 'failed');
  assert.equal(result.message, 'apptainer-not-installed-here is not installed on local (or not on its PATH)');
});

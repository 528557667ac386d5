// The real Apptainer 1.4 (in the Debian sid root of setup.sh, entered with enter.sh) builds an
// app with exactly the argv the Build command plans, streaming its output; the image then
// inspects and runs. Slow tier: a debootstrap build takes minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../src/core/config';
import { inspectArgv, parseInspect, planBuild, runArgv, runBuild } from '../../src/core/build';
import { LocalHost, type Host } from '../../src/core/hosts';

const here = findHere();
const enter = join(here, 'enter.sh');
let work: string;

function findHere(): string {
  // From test/apptainer (tsx) or out/test/apptainer (compiled): the scripts live in the source tree.
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'apptainer');
    if (existsSync(join(candidate, 'enter.sh')) && existsSync(join(dir, 'package.json'))) return candidate;
  }
  throw new Error('test/apptainer/enter.sh not found');
}

/** A host that runs every command inside the Apptainer root, with the work folder mounted at its own path. */
function apptainerRoot(folder: string): Host {
  const local = new LocalHost();
  return new Proxy(local, {
    get(target, property, receiver) {
      if (property === 'exec') {
        return (argv: readonly string[], options: Parameters<Host['exec']>[1] = {}) =>
          target.exec([enter, ...argv], { ...options, env: { ...options.env, APPFRAMEWORK_APPTAINER_WORK: folder }, cwd: undefined });
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

before(() => {
  // Prepares the root on a machine that has none yet (idempotent, fast when it exists).
  execFileSync('bash', [join(here, 'setup.sh')], { stdio: 'ignore', timeout: 30 * 60_000 });
  work = mkdtempSync(join(tmpdir(), 'af-apptainer-build-'));
  // The build runs as the root's ordinary user.
  chmodSync(work, 0o777);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('(apptainer) build: the Build command\'s argv builds a real image with --fakeroot, output streamed; it inspects and runs', async () => {
  const mirror = execFileSync('bash', ['-c', `source ${JSON.stringify(join(here, 'lib.sh'))} && debian_mirror`], { encoding: 'utf8' }).trim();
  const config = { ...defaultConfig(work), build: { sudo: false, fakeroot: true } };
  mkdirSync(config.paths.definitions, { recursive: true, mode: 0o777 });
  chmodSync(config.paths.definitions, 0o777);
  const definition = [
    'Bootstrap: debootstrap',
    'OSVersion: bookworm',
    `MirrorURL: ${mirror}`,
    '',
    '%post',
    '    echo "built by appframework" > /etc/appframework-test',
    '',
    '%runscript',
    '    cat /etc/appframework-test',
    '    echo "VNC_PORT=$VNC_PORT"',
    '',
  ].join('\n');
  writeFileSync(join(config.paths.definitions, 'tiny.def'), definition);

  const host = apptainerRoot(work);
  const plan = planBuild(config, { appId: 'tiny' }, host, definition);
  assert.deepEqual(plan.argv, ['apptainer', 'build', '--force', '--fakeroot', join(work, 'tiny.sif'), join(work, 'apptainer', 'tiny.def')]);
  assert.equal(plan.sudo, false);

  // Streamed, not buffered: the first output arrives long before the build ends.
  let firstOutputAt: number | undefined;
  let output = '';
  const result = await runBuild(plan, (text) => {
    firstOutputAt ??= Date.now();
    output += text;
  });
  const endedAt = Date.now();
  assert.equal(result.status, 'succeeded', `${result.message}\n${output.slice(-2000)}`);
  assert.ok(firstOutputAt !== undefined && endedAt - firstOutputAt > result.durationMs / 2, 'build output was not streamed');
  assert.match(output, /INFO: +Running post scriptlet/);
  assert.match(output, /INFO: +Build complete: .*tiny\.sif/);
  assert.ok(existsSync(join(work, 'tiny.sif')));
  console.log(`# built in ${(result.durationMs / 1000).toFixed(0)} s`);

  const inspected = await host.exec(inspectArgv(join(work, 'tiny.sif')));
  assert.equal(inspected.exitCode, 0, inspected.stderr);
  const inspection = parseInspect(inspected.stdout);
  assert.match(inspection.runscript ?? '', /cat \/etc\/appframework-test/);
  assert.match(inspection.deffile ?? '', /Bootstrap: debootstrap/);

  const run = await host.exec(runArgv({ image: join(work, 'tiny.sif'), env: { VNC_PORT: '5907' } }));
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, 'built by appframework\nVNC_PORT=5907\n');
});

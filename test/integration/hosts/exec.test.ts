import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationSource, LocalHost, SshPool, isHostError, runChecked, type Host } from '../../../src/core/hosts';
import { clusterSshConfig, ensureCluster, processState } from '../../helpers/cluster';

let pool: SshPool;
const hosts: Record<string, () => Host> = {
  local: () => new LocalHost(),
  'ssh af-access': () => pool.host('af-access'),
  'ssh viz-node001 (ProxyJump)': () => pool.host('viz-node001'),
};

before(async () => {
  const cluster = await ensureCluster();
  pool = new SshPool({ config: clusterSshConfig(cluster) });
});
after(() => pool.dispose());

/** Polls until `check` holds (commands end asynchronously), failing after `ms`. */
async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Starts `sh` printing its own pid and a child's, and resolves with both once printed. */
function startTree(host: Host, options: { token?: CancellationSource['token']; timeoutMs?: number; sudo?: boolean }) {
  let out = '';
  let gotPids: (pids: number[]) => void = () => undefined;
  const pids = new Promise<number[]>((resolve) => (gotPids = resolve));
  const run = host.exec(['sh', '-c', 'sleep 300 & echo "$! $$"; wait'], {
    ...options,
    onStdout: (chunk) => {
      out += chunk.toString();
      const match = /^(\d+) (\d+)\n/.exec(out);
      if (match) gotPids([Number(match[1]), Number(match[2])]);
    },
  });
  return { run, pids };
}

for (const [name, make] of Object.entries(hosts)) {
  test(`(integration) hosts exec on ${name}: hostile arguments reach the command verbatim and run nothing`, async () => {
    const host = make();
    const marker = join(tmpdir(), `af-hostile-${randomBytes(6).toString('hex')}`);
    const hostile = [
      `; touch ${marker}`,
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `' ; touch ${marker}; '`,
      `" ; touch ${marker}; "`,
      `a\nb; touch ${marker}`,
      `| touch ${marker} &`,
      'ünïcødé ✓ 日本語',
      '',
      '*',
      '~',
      '$HOME',
      '\\',
    ];
    for (const sudo of [false, true]) {
      const result = await host.exec(['printf', '%s\\0', ...hostile], { sudo });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.deepEqual(result.stdout.split('\0').slice(0, -1), hostile);
      assert.equal(existsSync(marker), false, 'a hostile argument ran a command');
    }
    const env = await host.exec(['sh', '-c', 'printf %s "$AF_VALUE"'], { env: { AF_VALUE: `$(touch ${marker}) '"` } });
    assert.equal(env.stdout, `$(touch ${marker}) '"`);
    assert.equal(existsSync(marker), false);
  });

  test(`(integration) hosts exec on ${name}: exit codes, stderr, stdin, cwd and CommandFailed`, async () => {
    const host = make();
    const result = await host.exec(['sh', '-c', 'echo out; echo "oops: $1" >&2; exit 7', 'sh', 'detail']);
    assert.equal(result.exitCode, 0 + 7);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'oops: detail\n');
    assert.equal((await host.exec(['cat'], { stdin: 'fed through stdin' })).stdout, 'fed through stdin');
    assert.equal((await host.exec(['pwd'], { cwd: '/usr/share' })).stdout, '/usr/share\n');
    const missing = await host.exec(['af-no-such-command-here']);
    assert.equal(missing.exitCode, 127);
    await assert.rejects(runChecked(host, ['sh', '-c', 'echo "disk full" >&2; exit 3']), (error: unknown) => {
      assert.ok(isHostError(error) && error.kind === 'command-failed');
      assert.equal(error.exitCode, 3);
      assert.match(error.message, /exited with 3: disk full/);
      return true;
    });
  });

  test(`(integration) hosts exec on ${name}: 50 MB of output arrives streamed and intact`, async () => {
    const host = make();
    const line = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\n';
    const size = 50 * 1024 * 1024;
    const expected = createHash('sha256').update(Buffer.from(line.repeat(Math.ceil(size / line.length))).subarray(0, size)).digest('hex');
    const hash = createHash('sha256');
    let bytes = 0;
    let chunks = 0;
    const result = await host.exec(['sh', '-c', `yes ${line.trim()} | head -c ${size}`], {
      onStdout: (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
        chunks++;
      },
    });
    assert.equal(result.exitCode, 0);
    assert.equal(bytes, size);
    assert.equal(hash.digest('hex'), expected);
    assert.ok(chunks > 10, `output came in ${chunks} chunks`);
    assert.ok(result.stdout.length <= 64 * 1024, 'streamed output is not also buffered whole');
  });

  test(`(integration) hosts exec on ${name}: cancellation kills the command and its children`, async () => {
    const host = make();
    const source = new CancellationSource();
    const { run, pids } = startTree(host, { token: source.token });
    const [child, shell] = await pids;
    assert.equal(processState(child), 'running');
    source.cancel();
    await assert.rejects(run, (error: unknown) => isHostError(error) && error.kind === 'cancelled');
    assert.ok(await eventually(() => processState(shell) === 'gone'), `shell ${shell} still runs`);
    assert.ok(await eventually(() => processState(child) === 'gone'), `child ${child} still runs`);
  });

  test(`(integration) hosts exec on ${name}: a timeout kills the command (also under sudo)`, async () => {
    const host = make();
    const { run, pids } = startTree(host, { timeoutMs: 1500, sudo: true });
    const [child, shell] = await pids;
    const started = Date.now();
    await assert.rejects(run, (error: unknown) => {
      assert.ok(isHostError(error) && error.kind === 'timed-out');
      assert.match(error.message, /did not finish within 1\.5 s/);
      return true;
    });
    assert.ok(Date.now() - started < 30_000);
    assert.ok(await eventually(() => processState(shell) === 'gone' && processState(child) === 'gone'));
  });
}

test('(integration) hosts exec: a token cancelled before the call never starts the command', async () => {
  const source = new CancellationSource();
  source.cancel();
  const marker = join(tmpdir(), `af-never-${randomBytes(6).toString('hex')}`);
  await assert.rejects(pool.host('af-access').exec(['touch', marker], { token: source.token }), /cancelled/);
  await assert.rejects(new LocalHost().exec(['touch', marker], { token: source.token }), /cancelled/);
  assert.equal(existsSync(marker), false);
});

test('(integration) hosts exec: invalid command names and paths are refused before anything runs', async () => {
  const host = pool.host('af-access');
  await assert.rejects(host.exec(['-rf']), /Invalid command/);
  await assert.rejects(host.exec(['A=b', 'sh']), /Invalid command/);
  await assert.rejects(host.exec(['true'], { cwd: '../etc' }), /Invalid path/);
  await assert.rejects(host.exec(['true'], { env: { 'BAD NAME': 'x' } }), /Invalid environment variable name/);
});

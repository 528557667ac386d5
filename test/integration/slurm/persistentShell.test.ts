import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationSource, LocalHost, SshPool, isHostError, type Host } from '../../../src/core/hosts';
import { execOnJobNode, PersistentShell, runSlurm } from '../../../src/core/jobs';
import { scancelJob } from '../../../src/core/slurm';
import { clusterSshConfig, ensureCluster } from '../../helpers/cluster';

let pool: SshPool;
before(async () => {
  pool = new SshPool({ config: clusterSshConfig(await ensureCluster()) });
});
after(() => pool.dispose());

const hosts: Record<string, () => Host> = { local: () => new LocalHost(), 'ssh af-access': () => pool.host('af-access') };

for (const [name, make] of Object.entries(hosts)) {
  test(`(integration) jobs PersistentShell on ${name}: output, exit status and stderr of each command, stdin closed, hostile text inert`, { timeout: 60_000 }, async () => {
    const shell = new PersistentShell(make());
    try {
      const pid = await shell.exec(['sh', '-c', 'echo $PPID']);
      assert.deepEqual(await shell.exec(['printf', '%s', 'no newline']), { exitCode: 0, stdout: 'no newline', stderr: '', truncated: false });
      assert.deepEqual(await shell.exec(['printf', 'two\\nlines\\n\\n']), { exitCode: 0, stdout: 'two\nlines\n\n', stderr: '', truncated: false });
      const failing = await shell.exec(['sh', '-c', 'echo out; echo err >&2; exit 7']);
      assert.deepEqual(failing, { exitCode: 7, stdout: 'out\n', stderr: 'err\n', truncated: false });
      // A command that reads stdin gets end-of-file, not the next commands.
      assert.equal((await shell.exec(['cat'])).stdout, '');
      const hostile = ["'; exit 3; '", '$(echo no)', '__af_0000000000000000 0', '\n'];
      assert.deepEqual((await shell.exec(['printf', '%s|', ...hostile])).stdout, hostile.map((h) => `${h}|`).join(''));
      const again = await shell.exec(['sh', '-c', 'echo $PPID']);
      assert.equal(again.stdout, pid.stdout, 'every command ran in the same shell');
    } finally {
      shell.dispose();
    }
  });

  test(`(integration) jobs PersistentShell on ${name}: a timeout or cancel ends the shell and the next command starts a new one`, { timeout: 60_000 }, async () => {
    const shell = new PersistentShell(make());
    try {
      const first = (await shell.exec(['sh', '-c', 'echo $PPID'])).stdout;
      await assert.rejects(shell.exec(['sleep', '30'], { timeoutMs: 300 }), (error) => isHostError(error) && error.kind === 'timed-out');
      const second = (await shell.exec(['sh', '-c', 'echo $PPID'])).stdout;
      assert.notEqual(second, first);
      const cancel = new CancellationSource();
      const sleeping = shell.exec(['sleep', '30'], { token: cancel.token });
      cancel.cancel();
      await assert.rejects(sleeping, (error) => isHostError(error) && error.kind === 'cancelled');
      assert.equal((await shell.exec(['echo', 'ok'])).stdout, 'ok\n');
    } finally {
      shell.dispose();
    }
  });
}

// Type checks only, never called: `npm run lint` (tsc) fails if a line marked @ts-expect-error compiles.
export function shellOptionsRefusedByTheCompiler(shell: PersistentShell, host: Host): void {
  // @ts-expect-error one shared shell cannot feed stdin
  void shell.exec(['cat'], { stdin: 'text' });
  // @ts-expect-error nor set an environment
  void runSlurm(shell, scancelJob(1), { env: { A: '1' } });
  // @ts-expect-error nor stream output
  void execOnJobNode(shell, 1, ['tail'], { onStdout: () => undefined });
  // A whole host can.
  void runSlurm(host, scancelJob(1), { env: { A: '1' } });
  void execOnJobNode(host, 1, ['tail'], { onStdout: () => undefined });
}

test('(integration) jobs PersistentShell: what a login script prints before the shell starts is not taken for output', { timeout: 30_000 }, async () => {
  const local = new LocalHost();
  // A host whose shell greets first, as a chatty ~/.bashrc does over SSH.
  const chatty = {
    label: 'chatty',
    exec: (argv: readonly string[], options?: Parameters<Host['exec']>[1]) =>
      local.exec(argv[0] === 'sh' && argv.length === 1 ? ['sh', '-c', 'echo "Welcome"; echo "module: loaded" >&2; printf partial; exec sh'] : argv, options),
  } as unknown as Host;
  const shell = new PersistentShell(chatty);
  try {
    assert.deepEqual(await shell.exec(['sh', '-c', 'echo out; echo err >&2']), { exitCode: 0, stdout: 'out\n', stderr: 'err\n', truncated: false });
    assert.deepEqual(await shell.exec(['echo', 'second']), { exitCode: 0, stdout: 'second\n', stderr: '', truncated: false });
  } finally {
    shell.dispose();
  }
});

test('(integration) jobs PersistentShell: an idle shell ends by itself and comes back on the next command', { timeout: 30_000 }, async () => {
  const shell = new PersistentShell(new LocalHost(), 200);
  try {
    const first = Number((await shell.exec(['sh', '-c', 'echo $PPID'])).stdout);
    const deadline = Date.now() + 10_000;
    // Poll until the idle shell process is gone.
    for (;;) {
      try {
        process.kill(first, 0);
      } catch {
        break;
      }
      assert.ok(Date.now() < deadline, 'the idle shell did not end');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.notEqual(Number((await shell.exec(['sh', '-c', 'echo $PPID'])).stdout), first);
  } finally {
    shell.dispose();
  }
});

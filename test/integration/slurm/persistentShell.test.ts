import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationSource, LocalHost, SshPool, isHostError, type Host } from '../../../src/core/hosts';
import { PersistentShell } from '../../../src/core/jobs';
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

test('(integration) jobs PersistentShell: options one shared shell cannot honour are refused, not dropped', { timeout: 30_000 }, async () => {
  const shell = new PersistentShell(new LocalHost());
  try {
    await assert.rejects(shell.exec(['cat'], { stdin: 'text' }), /cannot run cat with stdin/);
    await assert.rejects(shell.exec(['env'], { env: { A: '1' }, cwd: '/' }), /cannot run env with env, cwd/);
    await assert.rejects(shell.exec(['tail'], { onStdout: () => undefined }), /with onStdout/);
    assert.equal((await shell.exec(['echo', 'still usable'])).stdout, 'still usable\n');
  } finally {
    shell.dispose();
  }
});

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

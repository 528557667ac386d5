// SlurmQueue against the sandbox cluster's squeue: the delimited text format first, and
// `squeue --json` once squeue refuses a field of the text format.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SshPool, runChecked, type ExecOptions, type ExecResult, type Host } from '../../../src/core/hosts';
import { PersistentShell, SlurmQueue, type CommandRunner } from '../../../src/core/jobs';
import type { Job } from '../../../src/core/slurm';
import { clusterSshConfig, ensureCluster } from '../../helpers/cluster';

let pool: SshPool;
let access: Host;
before(async () => {
  pool = new SshPool({ config: clusterSshConfig(await ensureCluster()) });
  access = pool.host('af-access');
});
after(() => pool.dispose());

/**
 * Test double around the real access host, standing in for an older squeue: the text format's
 * request reaches the real squeue with a field name it does not know in place of STDOUT.
 */
class SqueueLackingAField implements CommandRunner {
  readonly ran: string[][] = [];
  constructor(private readonly host: CommandRunner) {}
  get label(): string {
    return this.host.label;
  }
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    this.ran.push([...argv]);
    return this.host.exec(argv.map((a) => (a.startsWith('--Format=') ? a.replace(',STDOUT:', ',NoSuchField:') : a)), options);
  }
}

/** Held jobs: they stay pending, so both listings see them alike. */
async function submitHeld(...args: string[]): Promise<number> {
  const { stdout } = await runChecked(access, ['sbatch', '--parsable', '--hold', '--chdir=/tmp', ...args, '--wrap', 'sleep 300']);
  return Number(stdout.trim().split(';')[0]);
}

const FIELDS = ['id', 'jobId', 'arrayJobId', 'arrayTaskId', 'arrayTasks', 'name', 'user', 'state', 'reason', 'partition', 'timeLimit', 'comment', 'workDir'] as const;

test('(integration) jobs SlurmQueue: text format first, JSON after squeue refuses a field, the same jobs either way', { timeout: 120_000 }, async () => {
  const ids: number[] = [];
  const shell = new PersistentShell(access);
  try {
    ids.push(await submitHeld('-J', 'queue test | name with spaces', '--comment=af:app=gedit session=af-gedit-queuetest1', '-t', '30', '-o', '/tmp/queue-test_%j.out'));
    ids.push(await submitHeld('-J', 'queue-test-array', '--array=1-3', '-t', '1-00:00:00'));
    const [single, array] = ids;

    const queue = new SlurmQueue(shell);
    const user = await queue.currentUser();
    const pick = (jobs: Job[]) => jobs.filter((j) => ids.includes(j.jobId)).sort((a, b) => a.jobId - b.jobId);
    const fromText = pick(await queue.jobs({ user }));
    assert.equal(queue.outputFormat, 'text');
    assert.deepEqual(fromText.map((j) => j.id), [String(single), `${array}_[1-3]`]);
    const [held, tasks] = fromText;
    assert.equal(held.name, 'queue test | name with spaces');
    assert.equal(held.state, 'PENDING');
    assert.equal(held.reason, 'JobHeldUser');
    assert.equal(held.comment, 'af:app=gedit session=af-gedit-queuetest1');
    assert.equal(held.timeLimit, 30);
    assert.equal(held.stdoutPath, `/tmp/queue-test_${single}.out`);
    assert.equal(tasks.arrayTasks, '1-3');
    assert.equal(tasks.timeLimit, 1440);
    // An id the controller does not know: squeue fails on it in the text format; none listed.
    assert.equal(await queue.job(67_000_000), undefined);
    assert.equal((await queue.job(single))?.name, held.name);

    const older = new SqueueLackingAField(shell);
    const fallback = new SlurmQueue(older);
    const fromJson = pick(await fallback.jobs({ user }));
    assert.equal(fallback.outputFormat, 'json');
    assert.equal(fromJson.length, fromText.length);
    fromText.forEach((a, i) => {
      for (const key of FIELDS) assert.deepEqual(fromJson[i][key], a[key], `${a.id} ${key}`);
      assert.equal(fromJson[i].submitTimeMs, a.submitTimeMs, `${a.id} submitTime`);
    });
    assert.equal(fromJson[0].stdoutPath, held.stdoutPath);
    await fallback.jobs({ user });
    const ranText = older.ran.filter((argv) => argv.some((a) => a.startsWith('--Format='))).length;
    const ranJson = older.ran.filter((argv) => argv.includes('--json')).length;
    assert.deepEqual([ranText, ranJson], [1, 2], 'the text format is tried once per host');
  } finally {
    if (ids.length > 0) await access.exec(['scancel', ...ids.map(String)]);
    shell.dispose();
  }
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { CancellationSource, LocalHost, SshPool, isHostError, type Host, type TransferProgress } from '../../../src/core/hosts';
import { clusterSshConfig, ensureCluster } from '../../helpers/cluster';

let pool: SshPool;
let work: string;
let bigFile: string;
let bigHash: string;
const SIZE = 100 * 1024 * 1024;

before(async () => {
  const cluster = await ensureCluster();
  pool = new SshPool({ config: clusterSshConfig(cluster) });
  work = mkdtempSync(join(tmpdir(), 'af-files-'));
  bigFile = join(work, 'big.bin');
  const data = randomBytes(SIZE);
  writeFileSync(bigFile, data);
  bigHash = createHash('sha256').update(data).digest('hex');
});
after(async () => {
  await pool.dispose();
  rmSync(work, { recursive: true, force: true });
});

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function checkProgress(events: TransferProgress[], total: number): void {
  assert.ok(events.length > 10, `${events.length} progress events`);
  for (let i = 1; i < events.length; i++) assert.ok(events[i].bytes >= events[i - 1].bytes, 'progress never goes back');
  assert.deepEqual(events[events.length - 1], { bytes: total, total });
}

const hosts: Record<string, () => Host> = {
  local: () => new LocalHost(),
  'ssh af-access': () => pool.host('af-access'),
  'ssh viz-node001 (ProxyJump)': () => pool.host('viz-node001'),
};

for (const [name, make] of Object.entries(hosts)) {
  test(`(integration) hosts files on ${name}: 100 MB upload and download keep their sha256, with progress`, async (t) => {
    const host = make();
    const remote = join(work, `remote-${name.replace(/\W+/g, '-')}.bin`);
    const up: TransferProgress[] = [];
    const uploaded = await host.upload(bigFile, remote, { onProgress: (p) => up.push(p), mode: 0o640 });
    checkProgress(up, SIZE);
    assert.equal(uploaded.bytes, SIZE);
    const remoteSum = await host.exec(['sha256sum', remote]);
    assert.equal(remoteSum.stdout.split(' ')[0], bigHash);
    assert.equal((await host.stat(remote))?.mode, 0o640);

    const back = join(work, `back-${name.replace(/\W+/g, '-')}.bin`);
    const down: TransferProgress[] = [];
    const downloaded = await host.download(remote, back, { onProgress: (p) => down.push(p) });
    checkProgress(down, SIZE);
    assert.equal(await sha256File(back), bigHash);
    const rate = (r: { bytes: number; ms: number }) => `${(r.bytes / 1048576 / (r.ms / 1000)).toFixed(0)} MB/s`;
    t.diagnostic(`upload ${rate(uploaded)}, download ${rate(downloaded)}`);
    await host.remove(remote);
    assert.equal(await host.stat(remote), undefined);
  });

  test(`(integration) hosts files on ${name}: streams in and out, and a cancelled upload stops`, async () => {
    const host = make();
    const remote = join(work, `stream-${name.replace(/\W+/g, '-')}.txt`);
    const lines = Array.from({ length: 20000 }, (_, i) => `line ${i}\n`);
    await host.upload(Readable.from(lines), remote);
    const received: Buffer[] = [];
    await host.download(remote, new Writable({ write: (chunk: Buffer, _e, done) => void (received.push(chunk), done()) }));
    assert.equal(Buffer.concat(received).toString(), lines.join(''));

    const source = new CancellationSource();
    const endless = new Readable({ read() { this.push(randomBytes(64 * 1024)); } });
    const upload = host.upload(endless, `${remote}.partial`, { onProgress: (p) => p.bytes > 4 * 1024 * 1024 && source.cancel(), token: source.token });
    await assert.rejects(upload, (error: unknown) => isHostError(error) && error.kind === 'cancelled');
    endless.destroy();
    await host.remove(`${remote}.partial`);
  });

  test(`(integration) hosts files on ${name}: read, write, stat, list, mkdir, rename, remove`, async () => {
    const host = make();
    const dir = join(work, `ops-${name.replace(/\W+/g, '-')}`);
    await host.mkdir(join(dir, 'a', 'b'), { recursive: true });
    await host.mkdir(join(dir, 'a'), { recursive: true });
    await host.writeFile(join(dir, 'a', 'b', 'f.txt'), 'first');
    await host.writeFile(join(dir, 'a', 'g.txt'), 'second', { mode: 0o600 });
    assert.equal((await host.readFile(join(dir, 'a', 'b', 'f.txt'))).toString(), 'first');
    const stat = await host.stat(join(dir, 'a', 'g.txt'));
    assert.equal(stat?.type, 'file');
    assert.equal(stat?.size, 6);
    assert.equal(stat?.mode, 0o600);
    assert.ok(stat && Math.abs(stat.mtimeMs - Date.now()) < 120_000);
    assert.deepEqual((await host.list(join(dir, 'a'))).map((e) => [e.name, e.stat.type]), [['b', 'directory'], ['g.txt', 'file']]);
    // Rename replaces an existing target (deploy relies on it).
    await host.rename(join(dir, 'a', 'g.txt'), join(dir, 'a', 'b', 'f.txt'));
    assert.equal((await host.readFile(join(dir, 'a', 'b', 'f.txt'))).toString(), 'second');
    assert.equal(await host.stat(join(dir, 'a', 'g.txt')), undefined);
    await assert.rejects(host.readFile(join(dir, 'missing')), (e: unknown) => isHostError(e) && e.kind === 'not-found' && e.message.includes('missing'));
    await host.remove(join(dir, 'a'), { recursive: true });
    await host.remove(join(dir, 'a'));
    assert.equal(await host.stat(join(dir, 'a')), undefined);
    await assert.rejects(host.readFile('relative/path'), /Invalid path/);
  });
}

for (const [name, make] of Object.entries(hosts)) {
  test(`(integration) hosts files on ${name}: a file nobody may write is PermissionDenied`, async () => {
    // Even root may not create files in sysfs: the kernel answers EACCES, SFTP "permission denied".
    await assert.rejects(make().writeFile('/sys/af-permission-test', 'x'), (error: unknown) => {
      assert.ok(isHostError(error) && error.kind === 'permission-denied', String(error));
      assert.match(error.message, /^Permission denied on .+: \/sys\/af-permission-test\.$/);
      return true;
    });
  });
}

test('(integration) hosts files: a download into a stream respects backpressure', async () => {
  const host = pool.host('af-access');
  let written = 0;
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      setImmediate(done);
    },
  });
  await host.download(bigFile, slow);
  assert.equal(written, SIZE);
});

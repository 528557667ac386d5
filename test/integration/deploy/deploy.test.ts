// Deploy on the loopback cluster: viz-node001 is reached through ProxyJump af-access, as a laptop
// reaches a real viz node. The node's filesystem is this machine's, so tests also look at it directly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, utimesSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SshPool, CancellationSource } from '../../../src/core/hosts';
import {
  deployedImage,
  ChecksumCache,
  appTarget,
  deployImage,
  vncTarget,
  type DeployNode,
  type DeploySettings,
  type NodeOutcome,
} from '../../../src/core/deploy';
import { clusterSshConfig, ensureCluster, type ClusterFacts } from '../../helpers/cluster';
import {
  TEST_USER,
  ensureTestUser,
  eventually,
  makeImage,
  mountTmpfs,
  partials,
  remoteSha256,
  removeFolder,
  unmount,
  uploadSessionPid,
  workFolder,
} from './fixture';

let cluster: ClusterFacts;
let pool: SshPool;
let work: string;
let viz: DeployNode;
const mounts: string[] = [];

const ROOT_SETTINGS: DeploySettings = { owner: 'nobody:nogroup', mode: '750', sudo: 'auto' };

before(async () => {
  cluster = await ensureCluster();
  pool = new SshPool({ config: clusterSshConfig(cluster) });
  work = workFolder('deploy');
  viz = { label: 'viz-node001', host: pool.host('viz-node001'), relay: { options: [], host: 'viz-node001-direct' } };
});

after(async () => {
  await pool.dispose();
  for (const dir of mounts) unmount(dir);
  removeFolder(work);
});

function only(outcomes: readonly NodeOutcome[]): NodeOutcome {
  assert.equal(outcomes.length, 1);
  return outcomes[0];
}

function failure(outcome: NodeOutcome) {
  assert.equal(outcome.status, 'failed', `expected a failure, got ${outcome.status}`);
  return outcome.status === 'failed' ? outcome.error : assert.fail();
}

test('(integration) deploy: an app image reaches viz-node001 through ProxyJump with owner, mode and a verified checksum; the second deploy is skipped', async () => {
  const image = makeImage(work, 'gedit.sif', 24 * 1024 * 1024);
  const root = join(work, 'apps');
  const target = appTarget(root, 'gedit');
  const checksums = new ChecksumCache();
  const progress: number[] = [];
  const first = only(
    (await deployImage({ source: { kind: 'local', file: image.file }, target, nodes: [viz], settings: ROOT_SETTINGS, checksums, onProgress: (_n, p) => p.phase === 'uploading' && progress.push(p.bytes) })).outcomes,
  );
  assert.equal(first.status, 'deployed', first.status === 'failed' ? first.error.message : '');
  assert.equal(target.path, join(root, 'gedit', 'gedit.sif'));
  // Checked by the node itself, and by looking at the file.
  assert.equal(await remoteSha256(viz.host, target.path), image.sha256);
  const stat = statSync(target.path);
  assert.equal(stat.mode & 0o7777, 0o750);
  assert.equal(stat.uid, Number(readFileSync('/etc/passwd', 'utf8').match(/^nobody:x:(\d+):/m)?.[1]));
  assert.equal(stat.size, 24 * 1024 * 1024);
  assert.deepEqual(partials(target.path), []);
  assert.ok(progress.length >= 2 && progress[progress.length - 1] === stat.size, `progress ${progress.join(',')}`);
  // The checksum record that lets later deploys and listings skip hashing.
  assert.equal(readFileSync(join(root, 'gedit', '.gedit.sif.sha256'), 'utf8'), `${image.sha256} ${stat.size} ${Math.floor(stat.mtimeMs / 1000)} ${stat.uid} ${stat.gid} nobody:nogroup\n`);
  // What Update App checks afterwards: the record, read over SFTP, vouches for the new bytes.
  assert.equal((await deployedImage(viz.host, target.path))?.sha256, image.sha256);

  const second = only((await deployImage({ source: { kind: 'local', file: image.file }, target, nodes: [viz], settings: ROOT_SETTINGS, checksums })).outcomes);
  assert.equal(second.status, 'unchanged');
  assert.equal(second.status === 'unchanged' && second.bytes, 0);
  // Not even touched: same inode and time.
  const after = statSync(target.path);
  assert.equal(after.ino, stat.ino);
  assert.equal(after.mtimeMs, stat.mtimeMs);

  // A fresh cache (another machine, a restarted editor) still skips, hashing only locally.
  const fresh = only((await deployImage({ source: { kind: 'local', file: image.file }, target, nodes: [viz], settings: ROOT_SETTINGS, checksums: new ChecksumCache() })).outcomes);
  assert.equal(fresh.status, 'unchanged');

  // Someone changed the mode by hand: the next deploy repairs it without uploading.
  chmodSync(target.path, 0o600);
  // The record describes size, time and ownership, not the mode: it still vouches.
  assert.equal((await deployedImage(viz.host, target.path))?.sha256, image.sha256);
  const repaired = only((await deployImage({ source: { kind: 'local', file: image.file }, target, nodes: [viz], settings: ROOT_SETTINGS, checksums })).outcomes);
  assert.equal(repaired.status === 'unchanged' && repaired.repaired, true);
  assert.equal(statSync(target.path).mode & 0o7777, 0o750);
  assert.equal(statSync(target.path).ino, stat.ino);
});

test('(integration) deploy: a general VNC image goes into the VNC images folder; a new build replaces the file by rename', async () => {
  const folder = join(work, 'vnc');
  const first = makeImage(work, 'vnc_desktop.sif', 4 * 1024 * 1024);
  const target = vncTarget(folder, 'vnc_desktop.sif');
  const settings: DeploySettings = { owner: 'root:root', mode: '755', sudo: 'auto' };
  const checksums = new ChecksumCache();
  assert.equal(only((await deployImage({ source: { kind: 'local', file: first.file }, target, nodes: [viz], settings, checksums })).outcomes).status, 'deployed');
  const before = statSync(target.path);
  const second = makeImage(work, 'vnc_desktop.sif', 5 * 1024 * 1024);
  assert.equal(only((await deployImage({ source: { kind: 'local', file: second.file }, target, nodes: [viz], settings, checksums })).outcomes).status, 'deployed');
  assert.equal(await remoteSha256(viz.host, target.path), second.sha256);
  // A new inode: a session that had the old file open keeps reading the old one.
  assert.notEqual(statSync(target.path).ino, before.ino);
  assert.equal(statSync(target.path).mode & 0o7777, 0o755);
});

test('(integration) deploy: the connection killed mid-upload 10 times in a row leaves a complete old or new image every time, never a partial one', async () => {
  const root = join(work, 'killed');
  const target = appTarget(root, 'lsprepost');
  const settings: DeploySettings = { owner: 'root:root', mode: '755', sudo: 'auto' };
  const checksums = new ChecksumCache();
  const size = 32 * 1024 * 1024;
  const old = makeImage(work, 'old.sif', size);
  assert.equal(only((await deployImage({ source: { kind: 'local', file: old.file }, target, nodes: [viz], settings, checksums })).outcomes).status, 'deployed');

  const killedAt: string[] = [];
  const outcomes: string[] = [];
  let current = old;
  for (let round = 0; round < 10; round++) {
    const next = makeImage(work, `new-${round}.sif`, size);
    // Kill points spread over the upload, from its first bytes to its last.
    const fraction = 0.05 + (0.9 * round) / 9;
    let killed = false;
    const outcome = only(
      (
        await deployImage({
          source: { kind: 'local', file: next.file },
          target,
          nodes: [viz],
          settings,
          checksums,
          onProgress: (_node, p) => {
            if (killed || p.phase !== 'uploading' || p.bytes < fraction * size) return;
            const pid = uploadSessionPid(target.path);
            if (pid === undefined) return;
            killed = true;
            process.kill(pid, 'SIGKILL');
            killedAt.push(`${Math.round((100 * p.bytes) / size)}%`);
          },
        })
      ).outcomes,
    );
    assert.ok(killed, `round ${round}: the upload was never caught in flight`);
    // A kill that lands after the node's rename is a finished deploy; any other is a dropped connection.
    if (outcome.status !== 'deployed') assert.equal(failure(outcome).kind, 'unreachable', `round ${round}`);
    // The image path holds a complete image: the old one, or the new one if the kill came after
    // its rename. Never anything in between.
    const now = await remoteSha256(viz.host, target.path);
    assert.ok(now === current.sha256 || now === next.sha256, `round ${round}: the image path holds neither the old nor the new image`);
    if (outcome.status === 'deployed') assert.equal(now, next.sha256, `round ${round}: reported deployed`);
    if (now === next.sha256) current = next;
    outcomes.push(now === next.sha256 ? 'new' : 'old');
    assert.equal(statSync(target.path).size, size);
    // The node removes the half-received temporary by itself once the connection is gone.
    assert.ok(await eventually(() => partials(target.path).length === 0), `round ${round}: ${partials(target.path).join(', ')} left`);
  }
  const last = makeImage(work, 'last.sif', size);
  const done = only((await deployImage({ source: { kind: 'local', file: last.file }, target, nodes: [viz], settings, checksums })).outcomes);
  assert.equal(done.status, 'deployed', done.status === 'failed' ? done.error.message : '');
  assert.equal(await remoteSha256(viz.host, target.path), last.sha256);
  // Nothing half-written is left behind.
  assert.deepEqual(partials(target.path), []);
  console.log(`# killed at ${killedAt.join(', ')} of the upload; the image path then held the ${outcomes.join(', ')} image`);
});

test('(integration) deploy: a stale temporary from an interrupted deploy is removed by the next deploy; a fresh one is kept', async () => {
  const root = join(work, 'stale');
  const target = appTarget(root, 'gedit');
  mkdirSync(join(root, 'gedit'), { recursive: true });
  const stale = join(root, 'gedit', '.gedit.sif.0123456789ab.partial');
  const fresh = join(root, 'gedit', '.gedit.sif.ba9876543210.partial');
  writeFileSync(stale, 'half an image');
  writeFileSync(fresh, 'another upload in progress');
  const hourAgo = Date.now() / 1000 - 3600;
  utimesSync(stale, hourAgo, hourAgo);
  const image = makeImage(work, 'stale.sif', 1024 * 1024);
  const outcome = only((await deployImage({ source: { kind: 'local', file: image.file }, target, nodes: [viz], settings: { owner: 'root:root', mode: '755', sudo: false }, checksums: new ChecksumCache() })).outcomes);
  assert.equal(outcome.status, 'deployed');
  assert.deepEqual(partials(target.path), ['.gedit.sif.ba9876543210.partial']);
});

test('(integration) deploy: an image on the remote build host goes to the node with the build host\'s own ssh, not through this process', async () => {
  const image = makeImage(work, 'relay.sif', 64 * 1024 * 1024);
  const target = appTarget(join(work, 'relay'), 'relay');
  const written = () => Number(/^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
  const before = written();
  const outcome = only(
    (
      await deployImage({
        source: { kind: 'remote', host: pool.host('af-access'), file: image.file },
        target,
        nodes: [viz],
        // The access node's own ssh reads the cluster's config (on a real cluster: its ~/.ssh/config).
        settings: { owner: 'root:root', mode: '755', sudo: 'auto', relaySshOptions: ['-F', cluster.sshConfig] },
        checksums: new ChecksumCache(),
      })
    ).outcomes,
  );
  assert.equal(outcome.status, 'deployed', outcome.status === 'failed' ? outcome.error.message : '');
  assert.equal(await remoteSha256(viz.host, target.path), image.sha256);
  // Everything this process wrote (sockets included) is a small fraction of the image.
  const sent = written() - before;
  assert.ok(sent < 8 * 1024 * 1024, `this process wrote ${sent} bytes for a 64 MiB image`);
});

test('(integration) deploy: permission denied and sudo needing a password are reported as such, and nothing is written', async () => {
  ensureTestUser();
  const locked = join(work, 'locked');
  mkdirSync(locked, { mode: 0o755 });
  const image = makeImage(work, 'perm.sif', 1024 * 1024);
  const node: DeployNode = { label: 'viz-node001', host: pool.host(`${TEST_USER}@viz-node001`) };
  const target = appTarget(locked, 'gedit');
  const deploy = (settings: DeploySettings) =>
    deployImage({ source: { kind: 'local', file: image.file }, target, nodes: [node], settings, checksums: new ChecksumCache() }).then((r) => only(r.outcomes));

  const denied = failure(await deploy({ owner: TEST_USER, mode: '755', sudo: false }));
  assert.equal(denied.kind, 'permission-denied');
  assert.match(denied.message, new RegExp(`^Permission denied on viz-node001: ${TEST_USER} cannot write a parent of ${locked}/gedit; `));

  const sudo = failure(await deploy({ owner: 'root:root', mode: '755', sudo: 'auto' }));
  assert.equal(sudo.kind, 'sudo-password', sudo.message);
  assert.match(sudo.message, /^sudo on viz-node001 needs a password/);

  // Writable folder, but only root may give the image to root.
  const own = join(work, 'own');
  mkdirSync(own, { mode: 0o777 });
  chmodSync(own, 0o777);
  const chown = failure(await deployImage({ source: { kind: 'local', file: image.file }, target: appTarget(own, 'gedit'), nodes: [node], settings: { owner: 'root:root', mode: '755', sudo: false }, checksums: new ChecksumCache() }).then((r) => only(r.outcomes)));
  assert.equal(chown.kind, 'permission-denied');
  assert.match(chown.message, /only root can give the image to root:root/);
  assert.throws(() => statSync(join(locked, 'gedit')));
});

test('(integration) deploy: no space left on the node is reported clearly, before and during the upload, and the old image stays', async () => {
  const small = join(work, 'small');
  mountTmpfs(small, '40m');
  mounts.push(small);
  const target = appTarget(small, 'gedit');
  const settings: DeploySettings = { owner: 'root:root', mode: '755', sudo: 'auto' };
  const checksums = new ChecksumCache();
  const first = makeImage(work, 'space-1.sif', 16 * 1024 * 1024);
  assert.equal(only((await deployImage({ source: { kind: 'local', file: first.file }, target, nodes: [viz], settings, checksums })).outcomes).status, 'deployed');

  // Too big for what is free: refused by the node before a byte is written.
  const big = makeImage(work, 'space-big.sif', 30 * 1024 * 1024);
  const early = failure(only((await deployImage({ source: { kind: 'local', file: big.file }, target, nodes: [viz], settings, checksums })).outcomes));
  assert.equal(early.kind, 'no-space');
  assert.match(early.message, /^No space left on viz-node001: 24 MiB free where .+gedit\.sif goes, the image needs 30 MiB\.$/);

  // Fits when checked, but the disk fills up while it travels: the kernel's ENOSPC, reported as such.
  const second = makeImage(work, 'space-2.sif', 20 * 1024 * 1024);
  const filler = join(small, 'filler');
  let filled = false;
  // Watches the node's disk (this machine's): once the temporary holds 1 MiB, something else takes the space.
  const watcher = setInterval(() => {
    const [partial] = partials(target.path);
    if (filled || !partial || statSync(join(small, 'gedit', partial)).size < 1024 * 1024) return;
    filled = true;
    writeFileSync(filler, Buffer.alloc(16 * 1024 * 1024));
  }, 2);
  let late;
  try {
    late = failure(only((await deployImage({ source: { kind: 'local', file: second.file }, target, nodes: [viz], settings, checksums })).outcomes));
  } finally {
    clearInterval(watcher);
  }
  assert.ok(filled);
  assert.equal(late.kind, 'no-space', late.message);
  assert.match(late.message, /^No space left on viz-node001 while writing .+: .*No space left on device/);
  assert.equal(await remoteSha256(viz.host, target.path), first.sha256);
  assert.deepEqual(partials(target.path), []);
});

test('(integration) deploy: a cancelled deploy stops the upload and leaves the old image', async () => {
  const target = appTarget(join(work, 'cancel'), 'gedit');
  const settings: DeploySettings = { owner: 'root:root', mode: '755', sudo: false };
  const old = makeImage(work, 'cancel-old.sif', 1024 * 1024);
  assert.equal(only((await deployImage({ source: { kind: 'local', file: old.file }, target, nodes: [viz], settings, checksums: new ChecksumCache() })).outcomes).status, 'deployed');
  const big = makeImage(work, 'cancel-new.sif', 48 * 1024 * 1024);
  const source = new CancellationSource();
  const outcome = only(
    (await deployImage({ source: { kind: 'local', file: big.file }, target, nodes: [viz], settings, checksums: new ChecksumCache(), token: source.token, onProgress: (_n, p) => p.phase === 'uploading' && p.bytes > 4 * 1024 * 1024 && source.cancel() })).outcomes,
  );
  assert.equal(failure(outcome).kind, 'cancelled');
  assert.equal(await remoteSha256(viz.host, target.path), old.sha256);
  assert.deepEqual(partials(target.path), []);
});

test('(integration) deploy: several nodes in parallel, one of them unreachable, each with its own outcome', async () => {
  const image = makeImage(work, 'multi.sif', 4 * 1024 * 1024);
  const target = appTarget(join(work, 'multi'), 'gedit');
  const nowhere: DeployNode = { label: 'viz-node002', host: pool.host('root@127.0.0.1:1') };
  const direct: DeployNode = { label: 'viz-node001-direct', host: pool.host('viz-node001-direct') };
  const report = await deployImage({ source: { kind: 'local', file: image.file }, target, nodes: [viz, nowhere, direct], settings: { owner: 'root:root', mode: '755', sudo: 'auto' }, checksums: new ChecksumCache() });
  assert.deepEqual(report.outcomes.map((o) => o.node), ['viz-node001', 'viz-node002', 'viz-node001-direct']);
  // viz-node001 and its direct alias are the same machine: one deploys, the other finds it there
  // (or both deploy, racing); either way both end with the image in place.
  assert.ok(['deployed', 'unchanged'].includes(report.outcomes[0].status));
  assert.ok(['deployed', 'unchanged'].includes(report.outcomes[2].status));
  assert.equal(failure(report.outcomes[1]).kind, 'unreachable');
  assert.match(failure(report.outcomes[1]).message, /^Cannot reach /);
  assert.equal(await remoteSha256(viz.host, target.path), image.sha256);
});

// The one-command image listing, run for real (sh on this machine stands for a node) on a tree
// like /opt/apptainers, and its parser held to what the script prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostUnreachable, LocalHost, type ExecOptions, type ExecResult, type Host } from '../../../src/core/hosts';
import { listNodeImages, matchLocalBuild, parseImageList, type DeployedImage } from '../../../src/core/images';

let root: string;
const sha = 'c'.repeat(64);

before(() => {
  root = mkdtempSync(join(tmpdir(), 'af-images-'));
  mkdirSync(join(root, 'apps', 'gedit'), { recursive: true });
  mkdirSync(join(root, 'apps', 'lsprepost'), { recursive: true });
  writeFileSync(join(root, 'vnc_desktop.sif'), Buffer.alloc(2048));
  writeFileSync(join(root, 'notes.txt'), 'not an image');
  writeFileSync(join(root, 'apps', 'gedit', 'gedit.sif'), Buffer.alloc(4096));
  writeFileSync(join(root, 'apps', 'lsprepost', 'lsprepost.sif'), Buffer.alloc(1000));
  chmodSync(join(root, 'apps', 'gedit', 'gedit.sif'), 0o755);
  const stat = statSync(join(root, 'apps', 'gedit', 'gedit.sif'));
  // A record that describes gedit.sif, and a stale one for lsprepost.sif (wrong size).
  writeFileSync(join(root, 'apps', 'gedit', '.gedit.sif.sha256'), `${sha} 4096 ${Math.floor(stat.mtimeMs / 1000)} ${stat.uid} ${stat.gid} root:root\n`);
  writeFileSync(join(root, 'apps', 'lsprepost', '.lsprepost.sif.sha256'), `${sha} 999 1 0 0 root:root\n`);
});
after(() => rmSync(root, { recursive: true, force: true }));

class CountingHost extends LocalHost {
  count = 0;
  override exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    this.count++;
    return super.exec(argv, options);
  }
}

test('(unit) images: one command lists VNC and app images with size, owner, mode and the checksums their records vouch for', async () => {
  const host = new CountingHost();
  const listed = await listNodeImages('viz1', host, { vncImages: root, root: join(root, 'apps') });
  assert.equal(host.count, 1);
  assert.equal(listed.kind, 'ok');
  if (listed.kind !== 'ok') return;
  assert.deepEqual(listed.images.map((i) => [i.kind, i.name, i.appId, i.size]), [
    ['vnc', 'vnc_desktop.sif', undefined, 2048],
    ['app', 'gedit.sif', 'gedit', 4096],
    ['app', 'lsprepost.sif', 'lsprepost', 1000],
  ]);
  const gedit = listed.images[1];
  assert.equal(gedit.mode, '755');
  assert.equal(gedit.sha256, sha);
  assert.equal(listed.images[2].sha256, undefined, 'a stale record vouches for nothing');
  assert.deepEqual(listed.folders, { [root]: 'ok', [join(root, 'apps')]: 'ok' });
  assert.equal(typeof listed.apptainer, 'boolean');
});

test('(unit) images: missing folders and unreachable nodes are results, not failures of the whole listing', async () => {
  const missing = await listNodeImages('viz1', new LocalHost(), { vncImages: join(root, 'nope'), root: join(root, 'nope', 'apps') });
  assert.equal(missing.kind, 'ok');
  assert.deepEqual(missing.kind === 'ok' && missing.folders, { [join(root, 'nope')]: 'missing', [join(root, 'nope', 'apps')]: 'missing' });
  // A host whose every command fails the way an unreachable SshHost's does.
  const unreachable = { label: 'viz9', exec: () => Promise.reject(new HostUnreachable('viz9', 'nothing listens on 127.0.0.1:1')) } as unknown as Host;
  const down = await listNodeImages('viz9', unreachable, { vncImages: '/opt/apptainers', root: '/opt/apptainers/apps' });
  assert.deepEqual(down, { kind: 'unreachable', node: 'viz9', message: 'Cannot reach viz9: nothing listens on 127.0.0.1:1.' });
});

test('(unit) images: listing lines are checked; paths that could not reach a command are dropped', () => {
  const out = '--- appframework images\nfolder|ok|/opt/apptainers\nimage|vnc|10|1|0|0|root|root|644||/opt/apptainers/a.sif\nimage|vnc|10|1|0|0|root|root|644||relative.sif\napptainer|no\n';
  const parsed = parseImageList(out);
  assert.deepEqual(parsed.images.map((i) => i.path), ['/opt/apptainers/a.sif']);
  assert.throws(() => parseImageList('--- appframework images\nsomething else\n'), /unexpected line in the listing/);
  assert.throws(() => parseImageList('no marker'), /did not answer/);
});

test('(unit) images: matching the local build compares checksums only when sizes agree and a record exists', async () => {
  const image = { kind: 'app', path: '/a/gedit/gedit.sif', name: 'gedit.sif', appId: 'gedit', size: 10, mtimeMs: 0, uid: 0, gid: 0, user: 'root', group: 'root', mode: '755', sha256: sha } satisfies DeployedImage;
  let hashed = 0;
  const build = (size: number, value: string) => ({ size, checksum: async () => (hashed++, value) });
  assert.equal(await matchLocalBuild(image, undefined), 'no-build');
  assert.equal(await matchLocalBuild(image, build(11, sha)), 'different');
  assert.equal(hashed, 0, 'different sizes need no hashing');
  assert.equal(await matchLocalBuild(image, build(10, sha)), 'same');
  assert.equal(await matchLocalBuild(image, build(10, 'd'.repeat(64))), 'different');
  assert.equal(await matchLocalBuild({ ...image, sha256: undefined }, build(10, sha)), 'unknown');
});

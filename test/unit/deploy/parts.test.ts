import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  ChecksumCache,
  DeployError,
  ProbeParseError,
  appTarget,
  checkMode,
  checkOwner,
  classifyStderr,
  jsonFileStore,
  parseProbe,
  parseRecord,
  recordMatches,
  recordPath,
  relayArgv,
  relayDestination,
  temporaryPath,
  toDeployError,
  vncTarget,
  remoteSha256,
  scriptArgv,
  HASH,
} from '../../../src/core/deploy';
import { AuthFailed, HostUnreachable, LocalHost, PermissionDenied } from '../../../src/core/hosts';

const PROBE = [
  'Welcome to viz-node001 (printed by a login script)',
  '--- appframework probe',
  'user alice 1000 1000 users',
  'dir present writable',
  'image 834666496 1764003600 1234 0 0 root root 755 file',
  'free 52428800',
  'partial 1',
  '',
].join('\n');

test('(unit) deploy probe: the answer after the marker is read; what a login script printed before it is not', () => {
  assert.deepEqual(parseProbe(PROBE), {
    user: { name: 'alice', uid: 1000, gid: 1000, group: 'users' },
    folder: { exists: true, writable: true },
    image: { type: 'file', size: 834666496, mtime: 1764003600, inode: 1234, uid: 0, gid: 0, user: 'root', group: 'root', mode: '755' },
    freeKiB: 52428800,
    partials: 1,
  });
  assert.throws(() => parseProbe('user alice 1000 1000 users\n'), ProbeParseError);
  assert.throws(() => parseProbe(PROBE.replace('partial 1', 'partial many')), /unexpected answer from the node: "partial many"/);
  assert.throws(() => parseProbe(PROBE.replace('dir present writable', 'dir here writable')), ProbeParseError);
  assert.throws(() => parseProbe(PROBE.replace('free 52428800', 'surprise')), ProbeParseError);
});

test('(unit) deploy record: valid only while size, mtime and ownership are those it was written for', () => {
  const sha = 'a'.repeat(64);
  const record = parseRecord(`${sha} 100 1764003600 0 0 root:root\n`);
  assert.deepEqual(record, { sha256: sha, size: 100, mtime: 1764003600, uid: 0, gid: 0, owner: 'root:root' });
  assert.equal(recordMatches(record, { size: 100, mtimeMs: 1764003600_999, uid: 0, gid: 0 }), true);
  assert.equal(recordMatches(record, { size: 101, mtimeMs: 1764003600_000, uid: 0, gid: 0 }), false);
  assert.equal(recordMatches(record, { size: 100, mtimeMs: 1764003601_000, uid: 0, gid: 0 }), false);
  assert.equal(recordMatches(record, { size: 100, mtimeMs: 1764003600_000, uid: 1000, gid: 0 }), false);
  assert.equal(parseRecord('not a record'), undefined);
  assert.equal(parseRecord(`${sha} 100 1764003600 0 0`), undefined);
});

test('(unit) deploy targets: app and VNC paths, temporaries and records beside the image, values checked', () => {
  assert.deepEqual(appTarget('/opt/apptainers/apps', 'gedit'), { kind: 'app', path: '/opt/apptainers/apps/gedit/gedit.sif' });
  assert.deepEqual(vncTarget('/opt/apptainers', 'vnc_gnome.sif'), { kind: 'vnc', path: '/opt/apptainers/vnc_gnome.sif' });
  assert.equal(recordPath('/opt/apptainers/apps/gedit/gedit.sif'), '/opt/apptainers/apps/gedit/.gedit.sif.sha256');
  assert.equal(temporaryPath('/opt/apptainers/apps/gedit/gedit.sif', () => '0123456789ab'), '/opt/apptainers/apps/gedit/.gedit.sif.0123456789ab.partial');
  assert.match(temporaryPath('/x/y.sif'), /^\/x\/\.y\.sif\.[0-9a-f]{12}\.partial$/);
  assert.throws(() => appTarget('/opt/apptainers/apps', '../etc'), /Invalid app id/);
  assert.throws(() => appTarget('opt/apps', 'gedit'), /Invalid path/);
  assert.throws(() => vncTarget('/opt/apptainers', 'x.img'), /ending in \.sif/);
  assert.throws(() => vncTarget('/opt/apptainers', '-rf.sif'), /Invalid image file name/);
  assert.equal(checkOwner('root:root'), 'root:root');
  assert.equal(checkOwner('1000'), '1000');
  assert.throws(() => checkOwner('root;rm'), /Invalid owner/);
  assert.equal(checkMode('0755'), '0755');
  assert.throws(() => checkMode('u+x'), /Invalid mode/);
});

test('(unit) deploy errors: no space, permission, sudo and unreachable are told apart', () => {
  const space = classifyStderr('viz1', 'writing /x/.a.sif.1.partial', 'head: error writing \'/x/.a.sif.1.partial\': No space left on device\n');
  assert.equal(space.kind, 'no-space');
  assert.equal(space.message, "No space left on viz1 while writing /x/.a.sif.1.partial: head: error writing '/x/.a.sif.1.partial': No space left on device.");
  assert.equal(classifyStderr('viz1', 'installing', "chown: changing ownership of '/x': Operation not permitted\n").kind, 'permission-denied');
  assert.equal(classifyStderr('viz1', 'installing', 'sudo: a password is required\n').kind, 'sudo-password');
  const other = classifyStderr('viz1', 'installing /x', 'mv: cannot move: Input/output error\n');
  assert.equal(other.kind, 'failed');
  assert.equal(other.message, 'Installing /x failed on viz1: mv: cannot move: Input/output error.');
  assert.equal(toDeployError('viz1', new HostUnreachable('viz1', 'nothing listens on 127.0.0.1:1'), false).kind, 'unreachable');
  assert.equal(toDeployError('viz1', new AuthFailed('viz1', 'alice', [], ['publickey']), false).kind, 'unreachable');
  assert.equal(toDeployError('viz1', new PermissionDenied('viz1', 'sudo -n sh needs a password or is not allowed'), true).kind, 'sudo-password');
  assert.equal(toDeployError('viz1', new PermissionDenied('viz1', '/opt/x'), false).kind, 'permission-denied');
  assert.ok(toDeployError('viz1', new Error('boom'), false) instanceof DeployError);
});

test('(unit) deploy relay: the build host\'s ssh gets the image and its checksum line on stdin, the receive command quoted once', () => {
  const sha = 'b'.repeat(64);
  const argv = relayArgv('/home/u/.cache/appframework/build/gedit.sif', sha, relayDestination({ kind: 'address', text: 'u@viz1:2222', user: 'u', host: 'viz1', port: 2222 }), ['sh', '-c', 'echo "$1"', 'sh', "it's"]);
  assert.deepEqual(argv.slice(0, 6), ['sh', '-c', 'f=$1; sum=$2; shift 2; { cat -- "$f" && printf \'%s\\n\' "$sum"; } | "$@"', 'sh', '/home/u/.cache/appframework/build/gedit.sif', sha]);
  assert.deepEqual(argv.slice(6), ['ssh', '-o', 'BatchMode=yes', '-o', 'ServerAliveInterval=15', '-p', '2222', '--', 'u@viz1', `sh -c 'echo "$1"' sh 'it'\\''s'`]);
  assert.deepEqual(relayDestination({ kind: 'alias', text: 'viz-node001', alias: 'viz-node001' }), { options: [], host: 'viz-node001' });
  assert.throws(() => relayDestination({ kind: 'local', text: 'local' }), /ssh alias or user@host/);
  assert.throws(() => relayArgv('/x.sif', 'nope', { options: [], host: 'viz' }, ['true']), /Invalid sha256/);
});

test('(unit) deploy checksums: computed once, kept by size and mtime, persisted, recomputed after a change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'af-checksum-'));
  try {
    const file = join(dir, 'x.sif');
    writeFileSync(file, 'first');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const store = jsonFileStore(join(dir, 'cache', 'checksums.json'));
    const cache = new ChecksumCache(store);
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const [a, b] = await Promise.all([cache.local(file), cache.local(file)]);
    assert.equal(a, sha('first'));
    assert.equal(b, a);
    // A new cache reads the stored value: the file is not hashed again (proved by changing it without changing size or mtime).
    writeFileSync(file, 'FIRST');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    assert.equal(await new ChecksumCache(store).local(file), sha('first'));
    // A real change (new mtime) is noticed.
    utimesSync(file, 1_700_000_100, 1_700_000_100);
    assert.equal(await new ChecksumCache(store).local(file), sha('FIRST'));
    assert.ok(JSON.parse(readFileSync(join(dir, 'cache', 'checksums.json'), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) deploy hashing on a node: OpenSSL where it is installed, sha256sum where it is not, the same sha256 either way', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'af-hash-'));
  try {
    const file = join(dir, 'image.sif');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 7));
    const expected = createHash('sha256').update(readFileSync(file)).digest('hex');
    const host = new LocalHost();
    assert.equal(await remoteSha256(host, file), expected);
    // A node with coreutils but no openssl on its PATH.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of ['sh', 'sha256sum']) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
    const result = await host.exec(scriptArgv(HASH, [file]), { env: { PATH: bin } });
    assert.equal(result.stdout, `sha256 ${expected}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

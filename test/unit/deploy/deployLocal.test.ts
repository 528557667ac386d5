// Deploy on this machine (LocalHost runs the same sh scripts a node runs): skip, repair, replace,
// and a link that damages the bytes. Owner is the current user, so no root is needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import { ChecksumCache, appTarget, deployImage, summarizeOutcome, type DeploySettings, type NodeOutcome } from '../../../src/core/deploy';
import { LocalHost, type ExecOptions, type ExecResult, type Host } from '../../../src/core/hosts';

let work: string;
let settings: DeploySettings;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'af-deploy-unit-'));
  const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  settings = { owner: `${userInfo().username}:${group}`, mode: '750', sudo: false };
});
after(() => rmSync(work, { recursive: true, force: true }));

/** LocalHost that counts commands, and can damage what it is sent (a double for a bad link). */
class CountingHost extends LocalHost {
  commands: string[] = [];
  damage = false;
  override exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    this.commands.push(argv[0]);
    if (this.damage && options.stdin && typeof options.stdin === 'object' && 'pipe' in options.stdin) {
      let flipped = false;
      const corrupt = new Transform({
        transform(chunk: Buffer, _e, done) {
          if (!flipped && chunk.length > 100) {
            flipped = true;
            chunk = Buffer.from(chunk);
            chunk[50] ^= 0xff;
          }
          done(null, chunk);
        },
      });
      return super.exec(argv, { ...options, stdin: (options.stdin as Readable).pipe(corrupt) });
    }
    return super.exec(argv, options);
  }
}

function image(name: string, size: number): { file: string; sha256: string } {
  const file = join(work, name);
  const data = randomBytes(size);
  writeFileSync(file, data);
  return { file, sha256: createHash('sha256').update(data).digest('hex') };
}

async function deployOnce(host: Host, file: string, root: string, checksums: ChecksumCache, extra: Partial<DeploySettings> = {}): Promise<NodeOutcome> {
  const report = await deployImage({ source: { kind: 'local', file }, target: appTarget(root, 'gedit'), nodes: [{ label: 'local', host }], settings: { ...settings, ...extra }, checksums });
  return report.outcomes[0];
}

test('(unit) deploy on this machine: installs with mode and record, then skips without running a single command', async () => {
  const host = new CountingHost();
  const root = join(work, 'skip');
  const first = image('a.sif', 3 * 1024 * 1024 + 17);
  const checksums = new ChecksumCache();
  const deployed = await deployOnce(host, first.file, root, checksums);
  assert.equal(deployed.status, 'deployed', summarizeOutcome(deployed));
  const path = join(root, 'gedit', 'gedit.sif');
  assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), first.sha256);
  assert.equal(statSync(path).mode & 0o7777, 0o750);
  assert.match(readFileSync(join(root, 'gedit', '.gedit.sif.sha256'), 'utf8'), new RegExp(`^${first.sha256} ${3 * 1024 * 1024 + 17} \\d+ \\d+ \\d+ ${settings.owner}\\n$`));
  assert.deepEqual(host.commands, ['sh'], 'one command: receive, verify and install');

  host.commands = [];
  const again = await deployOnce(host, first.file, root, checksums);
  assert.equal(again.status, 'unchanged');
  assert.deepEqual(host.commands, [], 'an unchanged image costs no command');
  assert.match(summarizeOutcome(again), /^local: unchanged \(same sha256 [0-9a-f]{12}…\)$/);
});

test('(unit) deploy on this machine: a changed mode is repaired in place; new content replaces the file by rename', async () => {
  const host = new CountingHost();
  const root = join(work, 'repair');
  const first = image('b.sif', 1024 * 1024);
  const checksums = new ChecksumCache();
  assert.equal((await deployOnce(host, first.file, root, checksums)).status, 'deployed');
  const path = join(root, 'gedit', 'gedit.sif');
  const inode = statSync(path).ino;
  chmodSync(path, 0o600);
  const repaired = await deployOnce(host, first.file, root, checksums);
  assert.equal(repaired.status === 'unchanged' && repaired.repaired, true);
  assert.equal(statSync(path).mode & 0o7777, 0o750);
  assert.equal(statSync(path).ino, inode, 'repaired in place, not uploaded');

  const second = image('b2.sif', 1024 * 1024);
  assert.equal((await deployOnce(host, second.file, root, checksums)).status, 'deployed');
  assert.notEqual(statSync(path).ino, inode);
  assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), second.sha256);
});

test('(unit) deploy on this machine: bytes damaged on the way are caught by the node\'s sha256 and nothing is replaced', async () => {
  const host = new CountingHost();
  const root = join(work, 'damaged');
  const good = image('c.sif', 2 * 1024 * 1024);
  const checksums = new ChecksumCache();
  assert.equal((await deployOnce(host, good.file, root, checksums)).status, 'deployed');
  const next = image('c2.sif', 2 * 1024 * 1024 + 1);
  host.damage = true;
  const outcome = await deployOnce(host, next.file, root, checksums);
  assert.equal(outcome.status, 'failed');
  assert.equal(outcome.status === 'failed' && outcome.error.kind, 'checksum-mismatch');
  assert.match(outcome.status === 'failed' ? outcome.error.message : '', /^The image arrived damaged on local .*nothing was replaced\.$/);
  assert.equal(createHash('sha256').update(readFileSync(join(root, 'gedit', 'gedit.sif'))).digest('hex'), good.sha256);
  assert.deepEqual(readdirSync(join(root, 'gedit')).filter((n) => n.endsWith('.partial')), []);
});

test('(unit) deploy on this machine: a directory in the image\'s place and a missing image are clear errors', async () => {
  const host = new LocalHost();
  const root = join(work, 'dir');
  mkdirSync(join(root, 'gedit', 'gedit.sif'), { recursive: true });
  const img = image('d.sif', 1024);
  const outcome = await deployOnce(host, img.file, root, new ChecksumCache());
  assert.equal(outcome.status === 'failed' && outcome.error.kind, 'invalid');
  assert.match(outcome.status === 'failed' ? outcome.error.message : '', /gedit\.sif on local is a directory, not an image file\.$/);
  await assert.rejects(deployOnce(host, join(work, 'missing.sif'), root, new ChecksumCache()), /The image .*missing\.sif does not exist: build it first\./);
});

// `appframework deploy` and `appframework images` on a project whose appframework.yaml names the
// loopback viz node (reached through ProxyJump), as a terminal user runs them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { ensureCluster, type ClusterFacts } from '../../helpers/cluster';
import { makeImage, remoteSha256, removeFolder, workFolder } from './fixture';
import { SshPool } from '../../../src/core/hosts';
import { clusterSshConfig } from '../../helpers/cluster';

let cluster: ClusterFacts;
let project: string;
let deployRoot: string;
let cacheHome: string | undefined;
let privateCache: string;

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, text: () => ({ out, err }) };
}

before(async () => {
  cluster = await ensureCluster();
  project = workFolder('cli-project');
  deployRoot = workFolder('cli-nodes');
  mkdirSync(join(project, 'apptainer'));
  writeFileSync(join(project, 'apptainer', 'gedit.def'), 'Bootstrap: debootstrap\nOSVersion: bookworm\nMirrorURL: http://mirror.invalid/debian\n');
  writeFileSync(
    join(project, 'appframework.yaml'),
    `hosts:\n  access: local\n  viz: [viz-node001]\ndeploy:\n  root: ${deployRoot}/apps\n  vncImages: ${deployRoot}\n  owner: root:root\n  mode: "755"\n  sudo: auto\n`,
  );
  // The CLI keeps checksums in the user's cache folder: a private one for the test.
  cacheHome = process.env.XDG_CACHE_HOME;
  privateCache = workFolder('cli-cache');
  process.env.XDG_CACHE_HOME = privateCache;
});

after(() => {
  if (cacheHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = cacheHome;
  removeFolder(project);
  removeFolder(deployRoot);
  removeFolder(privateCache);
});

test('(integration) cli: appframework deploy sends the built image once, then reports it unchanged; appframework images shows it current', async () => {
  const image = makeImage(project, 'gedit.sif', 8 * 1024 * 1024);
  const args = [project, '--ssh-config', cluster.sshConfig];

  const first = capture();
  assert.equal(await main(['deploy', 'gedit', ...args], first.io), 0, first.text().err);
  assert.match(first.text().out, new RegExp(`^viz-node001: deployed 8\\.0 MiB to ${deployRoot}/apps/gedit/gedit\\.sif in [\\d.]+ s \\(.+/s\\)\\n$`));
  const pool = new SshPool({ config: clusterSshConfig(cluster) });
  try {
    assert.equal(await remoteSha256(pool.host('viz-node001'), join(deployRoot, 'apps', 'gedit', 'gedit.sif')), image.sha256);
  } finally {
    await pool.dispose();
  }
  assert.equal(statSync(join(deployRoot, 'apps', 'gedit', 'gedit.sif')).mode & 0o777, 0o755);

  const second = capture();
  assert.equal(await main(['deploy', 'gedit', ...args], second.io), 0);
  assert.match(second.text().out, /^viz-node001: unchanged \(same sha256 [0-9a-f]{12}…\)\n$/);

  const listed = capture();
  assert.equal(await main(['images', ...args], listed.io), 0, listed.text().err);
  const lines = listed.text().out.split('\n');
  assert.match(lines[0], /^viz-node001/);
  assert.match(listed.text().out, /^ {2}app +gedit\/gedit\.sif +8\.0 MiB +\S+ \S+ +root:root +755 +current$/m);

  const json = capture();
  assert.equal(await main(['images', ...args, '--json'], json.io), 0);
  const parsed = JSON.parse(json.text().out) as { node: string; images: { name: string; local?: string; sha256?: string }[] }[];
  assert.equal(parsed[0].node, 'viz-node001');
  assert.deepEqual(parsed[0].images.map((i) => [i.name, i.local, i.sha256]), [['gedit.sif', 'same', image.sha256]]);
});

test('(integration) cli: appframework deploy explains what is missing and exits non-zero', async () => {
  const missing = capture();
  assert.equal(await main(['deploy', 'lsprepost', project, '--ssh-config', cluster.sshConfig], missing.io), 2);
  assert.match(missing.text().err, /^appframework deploy: .*lsprepost\.sif does not exist: build it first \(or add --build\)\n$/);
  const usage = capture();
  assert.equal(await main(['deploy'], usage.io), 2);
  assert.match(usage.text().err, /Usage: appframework deploy <app>/);
  const badNode = capture();
  assert.equal(await main(['deploy', 'gedit', project, '--nodes', 'viz-node009', '--ssh-config', cluster.sshConfig], badNode.io), 2);
  assert.match(badNode.text().err, /"viz-node009" is not one of the configured nodes: viz-node001/);
});

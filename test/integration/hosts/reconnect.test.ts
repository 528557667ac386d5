import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as net from 'node:net';
import { join } from 'node:path';
import { SshPool, isHostError, type ConnectionState, type SshConfigSources } from '../../../src/core/hosts';
import { clusterSshConfig, ensureCluster, restartComponent, type ClusterFacts } from '../../helpers/cluster';

let cluster: ClusterFacts;
let pool: SshPool;

before(async () => {
  cluster = await ensureCluster();
  pool = new SshPool({ config: clusterSshConfig(cluster) });
});
after(() => pool.dispose());

const sshdPid = () => readFileSync(join(cluster.dir, 'run', 'sshd-access.pid'), 'utf8').trim();

test('(integration) hosts reconnect: after the access sshd restarts, the next call reconnects and succeeds', async () => {
  const states: string[] = [];
  pool.onStateChange((host: string, state: ConnectionState) => states.push(`${host} ${state}`));
  const access = pool.host('af-access');
  const viz = pool.host('viz-node001');
  assert.equal((await access.exec(['echo', 'before'])).stdout, 'before\n');
  assert.equal((await viz.exec(['echo', 'before'])).stdout, 'before\n');
  const before = sshdPid();

  // Ends the listener and every connection it accepted, then starts it again.
  await restartComponent('sshd-access');
  assert.notEqual(sshdPid(), before);

  assert.equal((await access.exec(['echo', 'after'])).stdout, 'after\n');
  // The viz connection went through the access node: it comes back too.
  assert.equal((await viz.exec(['echo', 'after'])).stdout, 'after\n');
  assert.ok(states.includes('af-access disconnected'), states.join(', '));
  assert.equal(states.filter((s) => s === 'af-access connected').length, 2, states.join(', '));
});

test('(integration) hosts reconnect: a port nobody listens on is HostUnreachable, directly and through ProxyJump', async () => {
  const port = await unusedPort();
  await assert.rejects(pool.host(`root@127.0.0.1:${port}`).exec(['true']), (error: unknown) => {
    assert.ok(isHostError(error) && error.kind === 'unreachable');
    assert.equal(error.message, `Cannot reach root@127.0.0.1:${port}: nothing listens on 127.0.0.1:${port}.`);
    return true;
  });
  await assert.rejects(pool.host(`root@127.0.0.1:${port}`, { proxyJump: 'af-access' }).exec(['true']), (error: unknown) => {
    assert.ok(isHostError(error) && error.kind === 'unreachable');
    assert.equal(error.message, `Cannot reach root@127.0.0.1:${port}: af-access could not connect to 127.0.0.1:${port} (Channel open failure: Connection refused).`);
    return true;
  });
});

test('(integration) hosts reconnect: a host reached with a wrong ssh config is reached once the config is right, without a new pool', async () => {
  // As in the editor: the config file comes from a setting that may arrive (or change) later.
  const dir = mkdtempSync(join(tmpdir(), 'af-ssh-config-'));
  try {
    const wrong = join(dir, 'config');
    writeFileSync(wrong, `Host af-access\n  HostName 127.0.0.1\n  Port ${await unusedPort()}\n`);
    let sources: SshConfigSources = { userConfig: wrong, systemConfig: null };
    const late = new SshPool({ config: () => sources });
    try {
      const access = late.host('af-access');
      await assert.rejects(access.exec(['true']), (error: unknown) => isHostError(error) && error.kind === 'unreachable');
      sources = clusterSshConfig(cluster);
      assert.equal((await access.exec(['echo', 'reached'])).stdout, 'reached\n');
      assert.deepEqual(await late.host('viz-node001').route(), ['af-access', 'viz-node001']);
    } finally {
      await late.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

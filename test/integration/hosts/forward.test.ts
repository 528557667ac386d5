import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { CancellationSource, LocalHost, SshPool, isHostError, type Host } from '../../../src/core/hosts';
import { clusterSshConfig, ensureCluster } from '../../helpers/cluster';

let pool: SshPool;

before(async () => {
  const cluster = await ensureCluster();
  pool = new SshPool({ config: clusterSshConfig(cluster) });
});
after(() => pool.dispose());

/** A TCP echo server started on the host itself; resolves with its port once it listens. */
function startEchoServer(host: Host, token: CancellationSource['token']) {
  const script = `
    const server = require('net').createServer((s) => s.pipe(s));
    server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));`;
  let out = '';
  let listening: (port: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => (listening = resolve));
  // The sandbox's nodes are this machine, so the node running the test exists there too.
  const run = host.exec([process.execPath, '-e', script], {
    token,
    onStdout: (chunk) => {
      out += chunk.toString();
      const match = /port (\d+)/.exec(out);
      if (match) listening(Number(match[1]));
    },
  });
  return { run, port };
}

function echo(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.on('data', (data) => {
      received += data.toString();
      if (received.length >= text.length) {
        socket.end();
        resolve(received);
      }
    });
    socket.on('error', reject);
  });
}

test('(integration) hosts forward: a local port reaches an echo server on viz-node001 through ProxyJump', async () => {
  const viz = pool.host('viz-node001');
  assert.deepEqual(await viz.route(), ['af-access', 'viz-node001']);
  const stop = new CancellationSource();
  const server = startEchoServer(viz, stop.token);
  const remotePort = await server.port;
  const forward = await viz.forward('127.0.0.1', remotePort);
  try {
    assert.notEqual(forward.localPort, remotePort);
    assert.equal(await echo(forward.localPort, 'hello through af-access'), 'hello through af-access');
    // Several connections at once, each with its own channel.
    const texts = Array.from({ length: 5 }, (_, i) => `connection ${i} `.repeat(1000));
    assert.deepEqual(await Promise.all(texts.map((t) => echo(forward.localPort, t))), texts);
  } finally {
    await forward.close();
    stop.cancel();
  }
  await assert.rejects(server.run, (e: unknown) => isHostError(e) && e.kind === 'cancelled');
  // The server went with the cancelled command, and the forward's port is closed.
  await assert.rejects(echo(remotePort, 'x'), /ECONNREFUSED/);
  await assert.rejects(echo(forward.localPort, 'x'), /ECONNREFUSED/);
});

test('(integration) hosts forward: LocalHost forwards too, and a closed remote port fails only that connection', async () => {
  const local = new LocalHost();
  const stop = new CancellationSource();
  const server = startEchoServer(local, stop.token);
  const forward = await local.forward('127.0.0.1', await server.port);
  assert.equal(await echo(forward.localPort, 'local echo'), 'local echo');
  await forward.close();
  stop.cancel();
  await assert.rejects(server.run, /cancelled/);

  const access = pool.host('af-access');
  const dead = await access.forward('127.0.0.1', await unusedPort());
  try {
    const socket = net.connect(dead.localPort, '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // The host stays usable.
    assert.equal((await access.exec(['echo', 'still here'])).stdout, 'still here\n');
  } finally {
    await dead.close();
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

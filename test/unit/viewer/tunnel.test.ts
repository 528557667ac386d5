import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { LocalHost } from '../../../src/core/hosts';
import {
  checkRequest,
  connectorFor,
  directConnect,
  forwardedConnector,
  openTunnel,
  parseEndpoint,
  type PortForwarder,
} from '../../../src/core/sessions/tunnel';

/** A TCP server that records what it receives and answers with a fixed text. */
async function upstream(answer: string): Promise<{ port: number; received: () => string; server: Server }> {
  let received = '';
  const server = createServer((socket) => {
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) socket.write(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, received: () => received, server };
}

/** Sends `request` to the tunnel and collects the reply until the socket closes or `until` shows up. */
function exchange(port: number, request: string, until?: string): Promise<{ reply: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (until && reply.includes(until)) resolve({ reply, socket });
    });
    socket.on('close', () => resolve({ reply, socket }));
    socket.on('error', reject);
    socket.write(request);
  });
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n\r\n`;

test('(unit) tunnel: a request without the panel\'s path is refused before the session is contacted', async () => {
  let connects = 0;
  const tunnel = await openTunnel({ connect: async () => (connects++, Promise.reject(new Error('must not be called'))) });
  try {
    assert.match((await exchange(tunnel.port, get('/'))).reply, /^HTTP\/1\.1 403 /);
    assert.match((await exchange(tunnel.port, get('/wrong-token'))).reply, /^HTTP\/1\.1 403 /);
    assert.match((await exchange(tunnel.port, 'SSH-2.0-probe\r\n\r\n')).reply, /^HTTP\/1\.1 403 /);
    assert.equal(connects, 0);
  } finally {
    await tunnel.close();
  }
});

test('(unit) tunnel: the panel\'s request reaches the session with the path removed, and bytes flow both ways', async () => {
  const target = await upstream('HTTP/1.1 101 Switching Protocols\r\n\r\nRFB 003.008\n');
  const tunnel = await openTunnel({ connect: directConnect('127.0.0.1', target.port) });
  try {
    assert.match(tunnel.path, /^\/[0-9a-f]{48}$/);
    const { reply, socket } = await exchange(tunnel.port, get(`/proxy/1234${tunnel.path}?x=1`), 'RFB 003.008\n');
    assert.match(reply, /101 Switching Protocols[\s\S]*RFB 003\.008/);
    assert.match(target.received(), /^GET \/\?x=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1\r\n/);
    assert.ok(!target.received().includes(tunnel.path.slice(1)), 'the token never reaches the session');
    assert.equal(tunnel.openConnections, 1);
    socket.destroy();
  } finally {
    await tunnel.close();
    target.server.close();
  }
});

test('(unit) tunnel: an unreachable session answers 502, and closing the tunnel ends its connections', async () => {
  const gone = await upstream('');
  const goneAddress = gone.server.address();
  const deadPort = typeof goneAddress === 'object' && goneAddress ? goneAddress.port : 0;
  await new Promise<void>((resolve) => gone.server.close(() => resolve()));
  const lines: string[] = [];
  const refused = await openTunnel({ connect: directConnect('127.0.0.1', deadPort), log: (line) => lines.push(line) });
  assert.match((await exchange(refused.port, get(refused.path))).reply, /^HTTP\/1\.1 502 /);
  assert.ok(lines.some((line) => line.includes('connection refused')));
  await refused.close();

  const target = await upstream('HTTP/1.1 101 Switching Protocols\r\n\r\n');
  const tunnel = await openTunnel({ connect: directConnect('127.0.0.1', target.port) });
  const { socket } = await exchange(tunnel.port, get(tunnel.path), '101');
  const closed = new Promise((resolve) => socket.once('close', resolve));
  await tunnel.close();
  await closed;
  await assert.rejects(exchange(tunnel.port, get(tunnel.path)), /ECONNREFUSED/);
  target.server.close();
});

test('(unit) tunnel: checkRequest takes only the last path segment as the token', () => {
  const head = (target: string) => Buffer.from(`GET ${target} HTTP/1.1\r\nHost: h\r\n\r\n`);
  assert.equal(checkRequest(head('/abc'), 'abc').kind, 'accepted');
  assert.equal(checkRequest(head('/abc/'), 'abc').kind, 'refused');
  assert.equal(checkRequest(head('/abcd'), 'abc').kind, 'refused');
  assert.equal(checkRequest(head('/abc/x'), 'abc').kind, 'refused');
  assert.equal(checkRequest(Buffer.from('GET /abc\r\n\r\n'), 'abc').kind, 'refused');
});

test('(unit) tunnel: parseEndpoint reads host:port and explains what is wrong', () => {
  assert.deepEqual(parseEndpoint('127.0.0.1:6080'), { host: '127.0.0.1', port: 6080 });
  assert.deepEqual(parseEndpoint(' viz-node001:6081 '), { host: 'viz-node001', port: 6081 });
  assert.deepEqual(parseEndpoint('[::1]:5901'), { host: '::1', port: 5901 });
  assert.match((parseEndpoint('127.0.0.1') as { error: string }).error, /host:port/);
  assert.match((parseEndpoint('host:70000') as { error: string }).error, /out of range/);
  assert.ok('error' in parseEndpoint('a;b:1'));
  assert.ok('error' in parseEndpoint('-x:1'));
});

test('(unit) tunnel: a host forward is opened once, shared by connections, and closed on release', async () => {
  const target = await upstream('pong');
  const local = new LocalHost();
  let opened = 0;
  const host: PortForwarder = {
    forward: (remoteHost, remotePort) => (opened++, local.forward(remoteHost, remotePort)),
  };
  const connector = forwardedConnector(host, '127.0.0.1', target.port);
  const reply = (stream: Duplex) =>
    new Promise<string>((resolve) => {
      stream.once('data', (chunk: Buffer) => resolve(chunk.toString()));
      stream.write('ping\r\n\r\n');
    });
  try {
    const first = await connector.connect();
    const second = await connector.connect();
    assert.deepEqual(await Promise.all([reply(first), reply(second)]), ['pong', 'pong']);
    assert.equal(opened, 1);
    first.destroy();
    second.destroy();
    await connector.release?.();
    const viaFresh = await connector.connect();
    assert.equal(await reply(viaFresh), 'pong');
    assert.equal(opened, 2, 'a released forward is opened again when needed');
    viaFresh.destroy();
  } finally {
    await connector.release?.();
    target.server.close();
  }
});

test('(unit) tunnel: direct targets connect over TCP, SSH targets need a host source', async () => {
  const target = await upstream('pong');
  const direct = connectorFor({ kind: 'direct', host: '127.0.0.1', port: target.port }, undefined);
  (await direct.connect()).destroy();
  assert.equal(direct.release, undefined);
  const ssh = connectorFor({ kind: 'ssh', via: 'viz-node001', host: '127.0.0.1', port: target.port }, undefined);
  await assert.rejects(ssh.connect(), /No SSH connection to viz-node001 is available for 127\.0\.0\.1:\d+\./);
  target.server.close();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { checkAnswer, launchThroughBackend, parseBackendSession, sessionsUrl, webSocketHandshake } from '../../../src/core/sessions';
import { CancellationSource } from '../../../src/core/hosts';

function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A server that answers the opening handshake the way websockify does (right or wrong accept key). */
function webSocketServer(acceptKey: 'right' | 'wrong'): Server {
  return createServer((socket) => {
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const key = /Sec-WebSocket-Key: (\S+)/.exec(head)?.[1] ?? '';
      const accept = createHash('sha1').update(key + (acceptKey === 'right' ? '258EAFA5-E914-47DA-95CA-C5AB0DC85B11' : 'x')).digest('base64');
      socket.end(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: binary\r\n\r\n`);
    });
  });
}

async function handshake(port: number) {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise((resolve) => socket.once('connect', resolve));
  return webSocketHandshake(socket, { timeoutMs: 2000 });
}

test('(unit) sessions webSocketHandshake accepts a correct 101 and refuses a wrong key or plain HTTP', async () => {
  const good = webSocketServer('right');
  const bad = webSocketServer('wrong');
  const http = createHttpServer((_req, res) => res.writeHead(404).end('nope'));
  try {
    assert.deepEqual(await handshake(await listen(good)), { ok: true, status: 101 });
    assert.deepEqual(await handshake(await listen(bad)), { ok: false, reason: 'wrong Sec-WebSocket-Accept in the answer' });
    const plain = await handshake(await listen(http));
    assert.equal(plain.ok, false);
    assert.match(plain.ok ? '' : plain.reason, /HTTP 404/);
  } finally {
    good.close();
    bad.close();
    http.close();
  }
  assert.deepEqual(checkAnswer('SSH-2.0-OpenSSH_9.2', 'x'), { ok: false, reason: 'not an HTTP answer: "SSH-2.0-OpenSSH_9.2"' });
});

test('(unit) sessions sessionsUrl appends /api/app/sessions and refuses other schemes and credentials', () => {
  assert.equal(sessionsUrl('http://localhost:5000'), 'http://localhost:5000/api/app/sessions');
  assert.equal(sessionsUrl('http://127.0.0.1:5000/base/'), 'http://127.0.0.1:5000/base/api/app/sessions');
  assert.throws(() => sessionsUrl('ftp://localhost'), /http:\/\/ or https:\/\//);
  assert.throws(() => sessionsUrl('http://u:p@localhost'), /user name or password/);
  assert.throws(() => sessionsUrl('not a url'), /not a URL/);
});

test('(unit) sessions parseBackendSession finds the job id at the top level or under session/data', () => {
  assert.deepEqual(parseBackendSession({ job_id: '42', session_id: 's-1', vnc_port: 6090 }), { jobId: 42, sessionId: 's-1', port: 6090 });
  assert.deepEqual(parseBackendSession({ success: true, session: { jobId: 7 } }), { jobId: 7 });
  assert.deepEqual(parseBackendSession({ data: { slurm_job_id: 9, port: '6100' } }), { jobId: 9, port: 6100 });
  assert.throws(() => parseBackendSession({ status: 'ok' }), /without a Slurm job id/);
  assert.throws(() => parseBackendSession([1]), /JSON object/);
  assert.throws(() => parseBackendSession({ job_id: 1, session_id: 'bad id;rm' }), /session id/);
});

test('(unit) sessions launchThroughBackend posts app_id and user_id and reads the answer or the error', async () => {
  const seen: unknown[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body: JSON.parse(body) });
      if (JSON.parse(body).app_id === 'broken') res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"No template for broken"}');
      else res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"session_id":"gedit-abc","job_id":123}');
    });
  });
  const port = await listen(server);
  try {
    const answer = await launchThroughBackend(`http://127.0.0.1:${port}`, 'gedit', 'testuser');
    assert.deepEqual(answer, { jobId: 123, sessionId: 'gedit-abc' });
    assert.deepEqual(seen[0], { method: 'POST', url: '/api/app/sessions', type: 'application/json', body: { app_id: 'gedit', user_id: 'testuser' } });
    await assert.rejects(launchThroughBackend(`http://127.0.0.1:${port}`, 'broken', 'u'), /The backend refused the session: No template for broken/);
    const cancel = new CancellationSource();
    cancel.cancel();
    await assert.rejects(launchThroughBackend(`http://127.0.0.1:${port}`, 'gedit', 'u', { token: cancel.token }), /cancelled/);
  } finally {
    server.close();
  }
  await assert.rejects(launchThroughBackend(`http://127.0.0.1:${port}`, 'gedit', 'u'), /Cannot reach the backend at http:\/\/127\.0\.0\.1/);
});

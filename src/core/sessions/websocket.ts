// Does a port speak WebSocket? An RFC 6455 opening handshake, checked down to the accept key,
// the way noVNC's first request reaches websockify.
import { createHash, randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';

export type HandshakeResult =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly reason: string };

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** The longest answer head read before deciding the port does not speak HTTP. */
export const MAX_HANDSHAKE_HEAD = 16 * 1024;

/** noVNC's opening request with a fresh key, and the Sec-WebSocket-Accept a real server answers. */
export function handshakeRequest(hostHeader = 'localhost'): { readonly request: string; readonly expectedAccept: string } {
  const key = randomBytes(16).toString('base64');
  const request = [
    'GET / HTTP/1.1',
    `Host: ${hostHeader}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Protocol: binary',
    '',
    '',
  ].join('\r\n');
  return { request, expectedAccept: createHash('sha1').update(key + GUID).digest('base64') };
}

/** Sends the opening handshake on `stream` and reads the answer; the stream is destroyed afterwards. */
export function webSocketHandshake(stream: Duplex, options: { readonly hostHeader?: string; readonly timeoutMs?: number } = {}): Promise<HandshakeResult> {
  const { request, expectedAccept: expected } = handshakeRequest(options.hostHeader);
  return new Promise<HandshakeResult>((resolve) => {
    let buffered = Buffer.alloc(0);
    let done = false;
    const finish = (result: HandshakeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'no answer to the WebSocket handshake in time' }), options.timeoutMs ?? 10_000);
    stream.on('error', (error: Error) => finish({ ok: false, reason: error.message }));
    stream.on('close', () => finish({ ok: false, reason: 'the connection closed without an answer' }));
    stream.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > MAX_HANDSHAKE_HEAD) finish({ ok: false, reason: 'the answer is not HTTP' });
        return;
      }
      finish(checkAnswer(buffered.subarray(0, end).toString('latin1'), expected));
    });
    stream.write(request);
  });
}

/** Checks a handshake answer's head (status line and headers, without the blank line). */
export function checkAnswer(head: string, expectedAccept: string): HandshakeResult {
  const [statusLine, ...lines] = head.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!status) return { ok: false, reason: `not an HTTP answer: ${JSON.stringify(statusLine.slice(0, 60))}` };
  const code = Number(status[1]);
  if (code !== 101) return { ok: false, reason: `HTTP ${statusLine.slice(9).trim()} instead of 101 Switching Protocols` };
  const headers = new Map(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
    }),
  );
  if (headers.get('sec-websocket-accept') !== expectedAccept) return { ok: false, reason: 'wrong Sec-WebSocket-Accept in the answer' };
  return { ok: true, status: code };
}

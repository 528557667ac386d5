// The probe against a scripted server on an in-memory stream: every byte the server sends is
// chosen here, split across chunks and frames, so each step of the probe's parsing is exercised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Duplex } from 'node:stream';
import { probeRfb } from '../../../src/core/verify/rfb/probe';
import { vncAuthResponse } from '../../../src/core/verify/rfb/vncAuth';
import { decodeFrames } from '../../../src/core/verify/rfb/wsFrames';

interface Script {
  /** Security types offered (3.8). */
  readonly types: number[];
  readonly password?: string;
  /** Answer of the HTTP upgrade; default a correct 101. */
  readonly answer?: (accept: string) => string;
  /** Bytes sent in one TCP chunk per frame, or coalesced. */
  readonly split?: boolean;
}

/** Server frames (unmasked binary), optionally split into one-byte chunks to test reassembly. */
function frame(payload: Buffer, fin = true, opcode = 2): Buffer {
  const head = payload.length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, payload.length]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

class ScriptedServer extends Duplex {
  private inbox: Buffer = Buffer.alloc(0);
  private step = 0;
  private upgraded = false;
  readonly received: Buffer[] = [];
  destroyedByClient = false;
  private challenge = Buffer.from('0123456789abcdef');

  constructor(private readonly script: Script) {
    super();
  }

  override _read(): void {}

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.destroyedByClient = true;
    callback(error);
  }

  private send(bytes: Buffer): void {
    if (!this.script.split) {
      this.push(bytes);
      return;
    }
    for (const byte of bytes) this.push(Buffer.from([byte]));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.inbox = Buffer.concat([this.inbox, chunk]);
    if (!this.upgraded) {
      const end = this.inbox.indexOf('\r\n\r\n');
      if (end < 0) return callback();
      const request = this.inbox.subarray(0, end).toString('latin1');
      this.inbox = this.inbox.subarray(end + 4);
      const key = /Sec-WebSocket-Key: (\S+)/.exec(request)?.[1] ?? '';
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      const answer = this.script.answer?.(accept) ?? `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;
      this.upgraded = true;
      // The greeting arrives in the same chunk as the HTTP answer, split over two frames.
      this.send(Buffer.concat([Buffer.from(answer, 'latin1'), frame(Buffer.from('RFB 003'), false), frame(Buffer.from('.008\n'), true, 0)]));
      return callback();
    }
    const { frames, rest } = decodeFrames(this.inbox);
    this.inbox = rest;
    for (const { payload } of frames) {
      this.received.push(payload);
      this.answer(payload);
    }
    callback();
  }

  private answer(payload: Buffer): void {
    switch (this.step++) {
      case 0: // client version
        assert.equal(payload.toString(), 'RFB 003.008\n');
        this.send(frame(Buffer.from([this.script.types.length, ...this.script.types])));
        break;
      case 1: // chosen type
        if (payload[0] === 2) {
          this.send(frame(this.challenge));
        } else {
          this.step++;
          this.send(frame(u32(0)));
        }
        break;
      case 2: {
        // VNC authentication response
        const ok = this.script.password !== undefined && payload.equals(vncAuthResponse(this.script.password, this.challenge));
        this.send(frame(ok ? u32(0) : Buffer.concat([u32(1), u32(22), Buffer.from('Authentication failure')])));
        break;
      }
      case 3: {
        // ClientInit (shared)
        assert.deepEqual([...payload], [1]);
        const init = Buffer.alloc(20);
        init.writeUInt16BE(320, 0);
        init.writeUInt16BE(200, 2);
        init[4] = 32;
        init[5] = 24;
        init[7] = 1;
        this.send(frame(Buffer.concat([init, u32(4), Buffer.from('desk')])));
        break;
      }
      case 4: // SetEncodings
        assert.equal(payload[0], 2);
        break;
      case 5: {
        // FramebufferUpdateRequest: a bell first, then the update in two frames.
        assert.equal(payload[0], 3);
        const width = payload.readUInt16BE(6);
        const height = payload.readUInt16BE(8);
        const rect = Buffer.alloc(12);
        rect.writeUInt16BE(width, 4);
        rect.writeUInt16BE(height, 6);
        const update = Buffer.concat([Buffer.from([0, 0, 0, 1]), rect, Buffer.alloc(width * height * 4, 0x55)]);
        this.send(Buffer.concat([frame(Buffer.from([2])), frame(update.subarray(0, 100), false), frame(update.subarray(100), true, 0)]));
        break;
      }
    }
  }
}

test('(unit) rfb probe: WebSocket upgrade, RFB 3.8 with security None, ClientInit and one Raw frame, split into single bytes', async () => {
  const server = new ScriptedServer({ types: [1, 2], split: true });
  const result = await probeRfb(server, { region: 16 });
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.ok(result.ok);
  assert.equal(result.security, 'None');
  assert.deepEqual([result.width, result.height, result.desktopName], [320, 200, 'desk']);
  assert.deepEqual(result.frame, { region: { x: 0, y: 0, width: 16, height: 16 }, rectangles: 1, bytes: 4 + 12 + 16 * 16 * 4 });
  assert.equal(server.destroyedByClient, true, 'the stream is let go of');
  // The client's frames were masked (decodeFrames unmasked them) and said what RFC 6143 wants.
  assert.deepEqual(server.received.map((p) => p[0]).slice(1), [1, 1, 2, 3]);
});

test('(unit) rfb probe: VNC authentication with the right password, the wrong one, and none', async () => {
  const good = await probeRfb(new ScriptedServer({ types: [2], password: 's3cret' }), { password: 's3cret' });
  assert.ok(good.ok && good.security === 'VncAuth', JSON.stringify(good));

  const wrong = await probeRfb(new ScriptedServer({ types: [2], password: 's3cret' }), { password: 'guess' });
  assert.deepEqual(wrong.ok ? undefined : [wrong.stage, wrong.wrongPassword, wrong.reason], ['authentication', true, 'the VNC server refused the password: Authentication failure']);

  const none = await probeRfb(new ScriptedServer({ types: [2], password: 's3cret' }));
  assert.ok(!none.ok && none.needsPassword && none.stage === 'authentication');
  assert.deepEqual(none.reached, ['WebSocket 101 Switching Protocols', 'RFB 3.8 (speaking 3.8)', 'security VncAuth (offered: VncAuth)']);
});

test('(unit) rfb probe: an HTTP answer that is not an upgrade, and unsupported security types, fail at their step', async () => {
  const http = await probeRfb(new ScriptedServer({ types: [1], answer: () => 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n' }));
  assert.ok(!http.ok);
  assert.equal(http.stage, 'websocket');
  assert.match(http.reason, /HTTP 404 Not Found instead of 101/);

  const badAccept = await probeRfb(new ScriptedServer({ types: [1], answer: () => 'HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope\r\n\r\n' }));
  assert.ok(!badAccept.ok && /Sec-WebSocket-Accept/.test(badAccept.reason));

  const tight = await probeRfb(new ScriptedServer({ types: [16, 19] }));
  assert.ok(!tight.ok);
  assert.equal(tight.stage, 'security');
  assert.match(tight.reason, /offers only Tight, VeNCrypt/);
});

test('(unit) rfb probe: a server that never answers fails with the time limit', async () => {
  const silent = new Duplex({ read() {}, write(_chunk, _encoding, callback) { callback(); } });
  const result = await probeRfb(silent, { timeoutMs: 50 });
  assert.ok(!result.ok);
  assert.deepEqual([result.stage, result.reason], ['websocket', 'no answer within 50 ms']);
});

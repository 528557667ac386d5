import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseVersion,
  framebufferUpdateRequest,
  parseSecurityOffer,
  parseSecurityResult,
  parseServerInit,
  parseServerMessage,
  parseVersion,
  RfbProtocolError,
  setEncodingsRaw,
  versionText,
} from '../../../src/core/verify/rfb/messages';
import { vncAuthKey, vncAuthResponse } from '../../../src/core/verify/rfb/vncAuth';
import { closeReason, decodeFrames, encodeClientFrame, OPCODE } from '../../../src/core/verify/rfb/wsFrames';

const V38 = { major: 3, minor: 8 };
const V33 = { major: 3, minor: 3 };
const PIXELS_32 = { bitsPerPixel: 32, depth: 24, bigEndian: false, trueColour: true };

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function text(s: string): Buffer {
  return Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);
}

test('(unit) rfb: the version greeting is read whole, refused when it is not RFB, and answered with 3.8 at most', () => {
  assert.equal(parseVersion(Buffer.from('RFB 003.0')), undefined);
  assert.deepEqual(parseVersion(Buffer.from('RFB 003.008\nmore')), { value: V38, used: 12 });
  assert.throws(() => parseVersion(Buffer.from('SSH-2.0-Open')), RfbProtocolError);
  assert.deepEqual(chooseVersion({ major: 3, minor: 889 }), V38);
  assert.deepEqual(chooseVersion({ major: 3, minor: 7 }), { major: 3, minor: 7 });
  assert.deepEqual(chooseVersion({ major: 3, minor: 5 }), V33);
  assert.equal(versionText(V38), 'RFB 003.008\n');
});

test('(unit) rfb: security offers of 3.8 and 3.3, refusals with their reason, and the security result', () => {
  assert.equal(parseSecurityOffer(Buffer.from([2, 1]), V38), undefined);
  assert.deepEqual(parseSecurityOffer(Buffer.from([2, 1, 2, 9]), V38), { value: { kind: 'types', types: [1, 2] }, used: 3 });
  const refused = Buffer.concat([Buffer.from([0]), text('too many connections')]);
  assert.equal(parseSecurityOffer(refused.subarray(0, 8), V38), undefined);
  assert.deepEqual(parseSecurityOffer(refused, V38), { value: { kind: 'refused', reason: 'too many connections' }, used: refused.length });
  assert.deepEqual(parseSecurityOffer(u32(2), V33), { value: { kind: 'types', types: [2] }, used: 4 });
  assert.deepEqual(parseSecurityOffer(Buffer.concat([u32(0), text('no')]), V33)?.value, { kind: 'refused', reason: 'no' });

  assert.deepEqual(parseSecurityResult(u32(0), V38), { value: { ok: true }, used: 4 });
  assert.equal(parseSecurityResult(u32(1), V38), undefined, 'a 3.8 failure waits for its reason');
  assert.deepEqual(parseSecurityResult(Buffer.concat([u32(1), text('Authentication failure')]), V38)?.value, { ok: false, reason: 'Authentication failure' });
  assert.deepEqual(parseSecurityResult(u32(1), V33), { value: { ok: false }, used: 4 });
  assert.throws(() => parseSecurityOffer(Buffer.concat([Buffer.from([0]), u32(10_000_000)]), V38), /implausibly long/);
});

function serverInit(width: number, height: number, bpp: number, name: string): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt16BE(width, 0);
  head.writeUInt16BE(height, 2);
  head[4] = bpp;
  head[5] = 24;
  head[7] = 1;
  return Buffer.concat([head, text(name)]);
}

test('(unit) rfb: ServerInit gives the desktop size, pixel format and name once complete', () => {
  const init = serverInit(1280, 720, 32, 'root@node: gedit');
  assert.equal(parseServerInit(init.subarray(0, init.length - 1)), undefined);
  const parsed = parseServerInit(init);
  assert.deepEqual(parsed?.value, { width: 1280, height: 720, pixelFormat: PIXELS_32, name: 'root@node: gedit' });
  assert.equal(parsed?.used, init.length);
  assert.throws(() => parseServerInit(serverInit(1, 1, 12, 'x')), /12 bits per pixel/);
});

function rect(x: number, y: number, w: number, h: number, encoding: number, pixels = 0): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(x, 0);
  head.writeUInt16BE(y, 2);
  head.writeUInt16BE(w, 4);
  head.writeUInt16BE(h, 6);
  head.writeInt32BE(encoding, 8);
  return Buffer.concat([head, Buffer.alloc(pixels)]);
}

test('(unit) rfb: a framebuffer update is complete only with all its Raw pixels; other messages are skipped by length', () => {
  const update = Buffer.concat([Buffer.from([0, 0, 0, 2]), rect(0, 0, 4, 2, 0, 4 * 2 * 4), rect(0, 0, 640, 480, -223)]);
  for (let cut = 1; cut < update.length; cut++) assert.equal(parseServerMessage(update.subarray(0, cut), PIXELS_32), undefined, `cut at ${cut}`);
  assert.deepEqual(parseServerMessage(update, PIXELS_32), {
    value: { kind: 'framebufferUpdate', rectangles: [{ x: 0, y: 0, width: 4, height: 2, encoding: 0 }, { x: 0, y: 0, width: 640, height: 480, encoding: -223 }], bytes: update.length },
    used: update.length,
  });
  assert.throws(() => parseServerMessage(Buffer.concat([Buffer.from([0, 0, 0, 1]), rect(0, 0, 4, 4, 7)]), PIXELS_32), /encoding 7/);
  assert.deepEqual(parseServerMessage(Buffer.from([2, 0]), PIXELS_32), { value: { kind: 'bell' }, used: 1 });
  const cut = Buffer.concat([Buffer.from([3, 0, 0, 0]), u32(5), Buffer.from('hello')]);
  assert.deepEqual(parseServerMessage(cut, PIXELS_32), { value: { kind: 'cutText' }, used: 13 });
  assert.equal(parseServerMessage(cut.subarray(0, 12), PIXELS_32), undefined);
  assert.throws(() => parseServerMessage(Buffer.from([42]), PIXELS_32), /unknown server message type 42/);
});

test('(unit) rfb: client messages are laid out as RFC 6143 says', () => {
  assert.equal(setEncodingsRaw().toString('hex'), '0200000100000000');
  assert.equal(framebufferUpdateRequest(0, 0, 64, 48).toString('hex'), '03000000000000400030');
  assert.equal(framebufferUpdateRequest(1, 2, 3, 4, true)[1], 1);
});

test('(unit) rfb: VNC authentication is DES with the bit-reversed password, matching vncpasswd', () => {
  assert.equal(vncAuthKey('a').toString('hex'), '8600000000000000');
  assert.equal(vncAuthKey('longer than eight').length, 8);
  // vncpasswd -f encrypts "password" with VNC's fixed key; the same DES keyed by that key's bytes as a "password".
  const fixedKey = String.fromCharCode(23, 82, 107, 6, 35, 78, 88, 7);
  assert.equal(vncAuthResponse(fixedKey, Buffer.from('passwordpassword')).toString('hex'), 'dbd83cfd727a1458dbd83cfd727a1458');
  assert.throws(() => vncAuthResponse('x', Buffer.alloc(8)), /16 bytes/);
});

test('(unit) websocket frames: masked client frames decode back, lengths of 7, 16 and 64 bits, and split input waits', () => {
  for (const size of [0, 5, 125, 126, 65535, 65536]) {
    const payload = Buffer.alloc(size, 7);
    const frame = encodeClientFrame(payload, OPCODE.binary, Buffer.from([1, 2, 3, 4]));
    const { frames, rest } = decodeFrames(frame);
    assert.equal(frames.length, 1, `size ${size}`);
    assert.ok(frames[0].payload.equals(payload), `size ${size}`);
    assert.equal(rest.length, 0);
    assert.equal(decodeFrames(frame.subarray(0, frame.length - 1)).frames.length, 0, 'an incomplete frame waits');
  }
  // Two server frames (unmasked) and the start of a third.
  const server = Buffer.concat([Buffer.from([0x02, 3]), Buffer.from('RFB'), Buffer.from([0x80, 2]), Buffer.from(' 0'), Buffer.from([0x82, 10, 1])]);
  const { frames, rest } = decodeFrames(server);
  assert.deepEqual(frames.map((f) => [f.fin, f.opcode, f.payload.toString()]), [[false, 2, 'RFB'], [true, 0, ' 0']]);
  assert.equal(rest.length, 3);
  assert.throws(() => decodeFrames(Buffer.from([0xc2, 0])), /reserved bits/);
  assert.equal(closeReason(Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('Target closed')])), '1000 Target closed');
});

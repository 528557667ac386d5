// WebSocket frames (RFC 6455 section 5) as a noVNC client sends and reads them: client frames are
// masked, server frames are not; binary payloads may be split over continuation frames.
import { randomBytes } from 'node:crypto';

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

export interface WsFrame {
  readonly fin: boolean;
  readonly opcode: number;
  readonly payload: Buffer;
}

export class WsProtocolError extends Error {
  constructor(detail: string) {
    super(`WebSocket: ${detail}`);
    this.name = 'WsProtocolError';
  }
}

/** Largest payload accepted from the server: a probe never needs more. */
export const MAX_PAYLOAD = 64 * 1024 * 1024;

/** One final, masked frame as a client must send it. */
export function encodeClientFrame(payload: Uint8Array, opcode: number = OPCODE.binary, mask: Buffer = randomBytes(4)): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.alloc(2) : length < 0x10000 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | (opcode & 0x0f);
  if (length < 126) head[1] = 0x80 | length;
  else if (length < 0x10000) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
  return Buffer.concat([head, mask, body]);
}

/** The complete frames at the start of `buffer`, and the bytes of an incomplete one after them. */
export function decodeFrames(buffer: Buffer): { frames: WsFrame[]; rest: Buffer } {
  const frames: WsFrame[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const first = buffer[offset];
    const second = buffer[offset + 1];
    if (first & 0x70) throw new WsProtocolError('reserved bits set in a frame (no extension was negotiated)');
    let length = second & 0x7f;
    let head = 2;
    if (length === 126) {
      if (buffer.length - offset < 4) break;
      length = buffer.readUInt16BE(offset + 2);
      head = 4;
    } else if (length === 127) {
      if (buffer.length - offset < 10) break;
      const big = buffer.readBigUInt64BE(offset + 2);
      if (big > BigInt(MAX_PAYLOAD)) throw new WsProtocolError(`a frame of ${big} bytes is larger than a probe accepts`);
      length = Number(big);
      head = 10;
    }
    if (length > MAX_PAYLOAD) throw new WsProtocolError(`a frame of ${length} bytes is larger than a probe accepts`);
    const masked = (second & 0x80) !== 0;
    const maskLength = masked ? 4 : 0;
    if (buffer.length - offset < head + maskLength + length) break;
    const start = offset + head + maskLength;
    let payload = buffer.subarray(start, start + length);
    if (masked) {
      // Servers must not mask; unmask anyway rather than misread the bytes.
      const mask = buffer.subarray(offset + head, offset + head + 4);
      payload = Buffer.from(payload);
      for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
    }
    const opcode = first & 0x0f;
    if (opcode >= OPCODE.close && (length > 125 || !(first & 0x80))) throw new WsProtocolError('a control frame is fragmented or longer than 125 bytes');
    frames.push({ fin: (first & 0x80) !== 0, opcode, payload });
    offset = start + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/** Close code and reason of a close frame's payload. */
export function closeReason(payload: Buffer): string {
  if (payload.length < 2) return 'no status';
  const code = payload.readUInt16BE(0);
  const text = payload.subarray(2).toString('utf8').trim();
  return text ? `${code} ${text}` : String(code);
}

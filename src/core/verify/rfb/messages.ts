// RFB (the VNC protocol, RFC 6143) messages a probe reads and writes, as pure functions of
// bytes. A parser returns undefined while its message is incomplete, and throws RfbProtocolError
// on bytes that cannot be RFB.

export class RfbProtocolError extends Error {
  constructor(detail: string) {
    super(`RFB: ${detail}`);
    this.name = 'RfbProtocolError';
  }
}

/** What a parser made of the start of a buffer, and how many bytes that took. */
export interface Parsed<T> {
  readonly value: T;
  readonly used: number;
}

export interface RfbVersion {
  readonly major: number;
  readonly minor: number;
}

export const SECURITY = { invalid: 0, none: 1, vncAuth: 2 } as const;

const SECURITY_NAMES: Record<number, string> = {
  0: 'Invalid', 1: 'None', 2: 'VncAuth', 5: 'RA2', 6: 'RA2ne', 16: 'Tight', 18: 'TLS', 19: 'VeNCrypt', 22: 'XVP', 30: 'Apple DH', 113: 'MSLogonII', 129: 'Unix login', 256: 'VeNCrypt (any)',
};

export function securityName(type: number): string {
  return SECURITY_NAMES[type] ?? `type ${type}`;
}

/** The server's ProtocolVersion: `RFB 003.008\n`. */
export function parseVersion(buffer: Buffer): Parsed<RfbVersion> | undefined {
  if (buffer.length < 12) return undefined;
  const text = buffer.subarray(0, 12).toString('latin1');
  const match = /^RFB (\d{3})\.(\d{3})\n$/.exec(text);
  if (!match) throw new RfbProtocolError(`not a VNC server greeting: ${JSON.stringify(text)}`);
  return { value: { major: Number(match[1]), minor: Number(match[2]) }, used: 12 };
}

/** The version a client answers: 3.8 unless the server offers less (3.3 and 3.7 are the others). */
export function chooseVersion(server: RfbVersion): RfbVersion {
  if (server.major !== 3) return server.major > 3 ? { major: 3, minor: 8 } : server;
  if (server.minor >= 8) return { major: 3, minor: 8 };
  if (server.minor === 7) return { major: 3, minor: 7 };
  // 3.3, and the 3.4-3.6 some old servers send, are treated as 3.3 (RFC 6143, 7.1.1).
  return { major: 3, minor: 3 };
}

export function versionText(version: RfbVersion): string {
  return `RFB ${String(version.major).padStart(3, '0')}.${String(version.minor).padStart(3, '0')}\n`;
}

export type SecurityOffer =
  | { readonly kind: 'types'; readonly types: readonly number[] }
  | { readonly kind: 'refused'; readonly reason: string };

/** A u32 length and that many bytes of text (failure reasons, desktop names). */
function parseString(buffer: Buffer, offset: number, max = 64 * 1024): Parsed<string> | undefined {
  if (buffer.length < offset + 4) return undefined;
  const length = buffer.readUInt32BE(offset);
  if (length > max) throw new RfbProtocolError(`a text of ${length} bytes is implausibly long`);
  if (buffer.length < offset + 4 + length) return undefined;
  return { value: buffer.subarray(offset + 4, offset + 4 + length).toString('utf8'), used: 4 + length };
}

/**
 * The security types the server offers. 3.7 and later: a count and that many types (a zero count
 * is followed by the reason); 3.3: the server decides, one u32 (0 is followed by the reason).
 */
export function parseSecurityOffer(buffer: Buffer, version: RfbVersion): Parsed<SecurityOffer> | undefined {
  if (version.minor >= 7) {
    if (buffer.length < 1) return undefined;
    const count = buffer[0];
    if (count === 0) {
      const reason = parseString(buffer, 1);
      return reason && { value: { kind: 'refused', reason: reason.value }, used: 1 + reason.used };
    }
    if (buffer.length < 1 + count) return undefined;
    return { value: { kind: 'types', types: [...buffer.subarray(1, 1 + count)] }, used: 1 + count };
  }
  if (buffer.length < 4) return undefined;
  const type = buffer.readUInt32BE(0);
  if (type === SECURITY.invalid) {
    const reason = parseString(buffer, 4);
    return reason && { value: { kind: 'refused', reason: reason.value }, used: 4 + reason.used };
  }
  return { value: { kind: 'types', types: [type] }, used: 4 };
}

export type SecurityResult = { readonly ok: true } | { readonly ok: false; readonly reason?: string };

/** SecurityResult: 0 is OK; a failure carries a reason from 3.8 on. */
export function parseSecurityResult(buffer: Buffer, version: RfbVersion): Parsed<SecurityResult> | undefined {
  if (buffer.length < 4) return undefined;
  const status = buffer.readUInt32BE(0);
  if (status === 0) return { value: { ok: true }, used: 4 };
  if (version.minor < 8) return { value: { ok: false }, used: 4 };
  const reason = parseString(buffer, 4);
  return reason && { value: { ok: false, reason: reason.value }, used: 4 + reason.used };
}

export interface PixelFormat {
  readonly bitsPerPixel: number;
  readonly depth: number;
  readonly bigEndian: boolean;
  readonly trueColour: boolean;
}

export interface ServerInit {
  readonly width: number;
  readonly height: number;
  readonly pixelFormat: PixelFormat;
  readonly name: string;
}

export function parseServerInit(buffer: Buffer): Parsed<ServerInit> | undefined {
  if (buffer.length < 24) return undefined;
  const width = buffer.readUInt16BE(0);
  const height = buffer.readUInt16BE(2);
  const bitsPerPixel = buffer[4];
  if (![8, 16, 32].includes(bitsPerPixel)) throw new RfbProtocolError(`unexpected ${bitsPerPixel} bits per pixel`);
  const pixelFormat = { bitsPerPixel, depth: buffer[5], bigEndian: buffer[6] !== 0, trueColour: buffer[7] !== 0 };
  const name = parseString(buffer, 20, 4096);
  return name && { value: { width, height, pixelFormat, name: name.value }, used: 20 + name.used };
}

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly encoding: number;
}

export type ServerMessage =
  | { readonly kind: 'framebufferUpdate'; readonly rectangles: readonly Rectangle[]; readonly bytes: number }
  | { readonly kind: 'colourMap' | 'bell' | 'cutText' };

const ENCODING_RAW = 0;
/** Pseudo-encodings a server may send even unasked: no pixel data follows them. */
const DESKTOP_SIZE = -223;
const LAST_RECT = -224;

/**
 * One server-to-client message. Only Raw rectangles are understood: the probe asks for Raw only,
 * so anything else means the server ignored the request.
 */
export function parseServerMessage(buffer: Buffer, pixelFormat: PixelFormat): Parsed<ServerMessage> | undefined {
  if (buffer.length < 1) return undefined;
  const type = buffer[0];
  switch (type) {
    case 0: {
      if (buffer.length < 4) return undefined;
      const count = buffer.readUInt16BE(2);
      const bytesPerPixel = pixelFormat.bitsPerPixel / 8;
      const rectangles: Rectangle[] = [];
      let offset = 4;
      for (let i = 0; i < count; i++) {
        if (buffer.length < offset + 12) return undefined;
        const rect = {
          x: buffer.readUInt16BE(offset),
          y: buffer.readUInt16BE(offset + 2),
          width: buffer.readUInt16BE(offset + 4),
          height: buffer.readUInt16BE(offset + 6),
          encoding: buffer.readInt32BE(offset + 8),
        };
        offset += 12;
        if (rect.encoding === LAST_RECT) break;
        if (rect.encoding === ENCODING_RAW) offset += rect.width * rect.height * bytesPerPixel;
        else if (rect.encoding !== DESKTOP_SIZE) throw new RfbProtocolError(`the server sent encoding ${rect.encoding}, not the Raw encoding asked for`);
        rectangles.push(rect);
        if (buffer.length < offset) return undefined;
      }
      return { value: { kind: 'framebufferUpdate', rectangles, bytes: offset }, used: offset };
    }
    case 1: {
      if (buffer.length < 6) return undefined;
      const used = 6 + buffer.readUInt16BE(4) * 6;
      return buffer.length < used ? undefined : { value: { kind: 'colourMap' }, used };
    }
    case 2:
      return { value: { kind: 'bell' }, used: 1 };
    case 3: {
      if (buffer.length < 8) return undefined;
      const used = 8 + buffer.readUInt32BE(4);
      return buffer.length < used ? undefined : { value: { kind: 'cutText' }, used };
    }
    default:
      throw new RfbProtocolError(`unknown server message type ${type}`);
  }
}

/** ClientInit: shared, so a viewer already connected to the session is not disconnected. */
export function clientInit(): Buffer {
  return Buffer.from([1]);
}

/** SetEncodings with Raw only: the first frame is then plain pixels the probe can count. */
export function setEncodingsRaw(): Buffer {
  const message = Buffer.alloc(8);
  message[0] = 2;
  message.writeUInt16BE(1, 2);
  message.writeInt32BE(ENCODING_RAW, 4);
  return message;
}

export function framebufferUpdateRequest(x: number, y: number, width: number, height: number, incremental = false): Buffer {
  const message = Buffer.alloc(10);
  message[0] = 3;
  message[1] = incremental ? 1 : 0;
  message.writeUInt16BE(x, 2);
  message.writeUInt16BE(y, 4);
  message.writeUInt16BE(width, 6);
  message.writeUInt16BE(height, 8);
  return message;
}

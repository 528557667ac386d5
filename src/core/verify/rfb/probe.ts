// What noVNC does first, done by a probe: the WebSocket opening handshake, the RFB version and
// security handshake (VNC authentication when the session's password is known), ClientInit, and
// one framebuffer update of a small region. A desktop that gets this far draws in the viewer.
import type { Duplex } from 'node:stream';
import { checkAnswer, handshakeRequest, MAX_HANDSHAKE_HEAD } from '../../sessions/websocket';
import {
  chooseVersion,
  clientInit,
  framebufferUpdateRequest,
  parseSecurityOffer,
  parseSecurityResult,
  parseServerInit,
  parseServerMessage,
  parseVersion,
  RfbProtocolError,
  SECURITY,
  securityName,
  setEncodingsRaw,
  versionText,
  type Parsed,
  type Rectangle,
} from './messages';
import { vncAuthResponse } from './vncAuth';
import { closeReason, decodeFrames, encodeClientFrame, OPCODE, WsProtocolError } from './wsFrames';

export type RfbStage = 'websocket' | 'version' | 'security' | 'authentication' | 'init' | 'frame';

export interface RfbProbeSuccess {
  readonly ok: true;
  /** e.g. `3.8`. */
  readonly version: string;
  readonly security: 'None' | 'VncAuth';
  readonly width: number;
  readonly height: number;
  readonly desktopName: string;
  readonly frame: { readonly region: Omit<Rectangle, 'encoding'>; readonly rectangles: number; readonly bytes: number };
  readonly ms: number;
}

export interface RfbProbeFailure {
  readonly ok: false;
  readonly stage: RfbStage;
  readonly reason: string;
  /** The server wants VNC authentication and no password was given. */
  readonly needsPassword?: boolean;
  /** The server refused the password. */
  readonly wrongPassword?: boolean;
  /** What worked before the failure, for evidence. */
  readonly reached: readonly string[];
}

export type RfbProbeResult = RfbProbeSuccess | RfbProbeFailure;

export interface RfbProbeOptions {
  /** The session's VNC password (from the info file or its password file); never logged. */
  readonly password?: string;
  /** For the whole exchange; default 20 s. */
  readonly timeoutMs?: number;
  readonly hostHeader?: string;
  /** Side of the square region asked for; default 64 pixels. */
  readonly region?: number;
}

class StageFailure extends Error {
  constructor(
    readonly stage: RfbStage,
    message: string,
    readonly flags: { needsPassword?: boolean; wrongPassword?: boolean } = {},
  ) {
    super(message);
  }
}

/**
 * RFB bytes carried in WebSocket frames over `stream`: the HTTP upgrade first, then binary
 * messages in both directions. Parsers pull complete messages from the bytes received so far.
 */
class WebSocketRfb {
  private raw: Buffer = Buffer.alloc(0);
  private rfb: Buffer = Buffer.alloc(0);
  private upgraded = false;
  private failure: Error | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly stream: Duplex,
    private readonly expectedAccept: string,
  ) {
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('error', (error: Error) => this.fail(error));
    stream.on('close', () => this.fail(new Error('the connection closed')));
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.wakeAll();
  }

  /** Waits until `parser` finds a complete message, consumes it and returns its value. */
  async next<T>(parser: (buffer: Buffer) => Parsed<T> | undefined): Promise<T> {
    for (;;) {
      // What arrived before a close is still read: a refusal's reason often comes with it.
      if (this.upgraded) {
        const parsed = parser(this.rfb);
        if (parsed) {
          this.rfb = this.rfb.subarray(parsed.used);
          return parsed.value;
        }
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async upgrade(): Promise<void> {
    await this.next(() => ({ value: undefined, used: 0 }));
  }

  send(bytes: Buffer, opcode: number = OPCODE.binary): void {
    this.stream.write(encodeClientFrame(bytes, opcode));
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private receive(chunk: Buffer): void {
    this.raw = Buffer.concat([this.raw, chunk]);
    try {
      if (!this.upgraded) {
        if (this.raw.subarray(0, 4).toString('latin1') === 'RFB ') {
          throw new StageFailure('websocket', 'the port speaks plain RFB (a VNC server), not WebSocket: noVNC needs websockify in front of it');
        }
        const end = this.raw.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.raw.length > MAX_HANDSHAKE_HEAD) throw new StageFailure('websocket', 'the answer is not HTTP');
          return;
        }
        const answer = checkAnswer(this.raw.subarray(0, end).toString('latin1'), this.expectedAccept);
        if (!answer.ok) throw new StageFailure('websocket', answer.reason);
        this.upgraded = true;
        this.raw = this.raw.subarray(end + 4);
      }
      const { frames, rest } = decodeFrames(this.raw);
      this.raw = rest;
      for (const frame of frames) {
        if (frame.opcode === OPCODE.binary || frame.opcode === OPCODE.continuation || frame.opcode === OPCODE.text) {
          this.rfb = Buffer.concat([this.rfb, frame.payload]);
        } else if (frame.opcode === OPCODE.ping) {
          this.send(frame.payload, OPCODE.pong);
        } else if (frame.opcode === OPCODE.close) {
          throw new Error(`the server closed the WebSocket (${closeReason(frame.payload)})`);
        }
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.wakeAll();
    }
  }
}

/** Runs the probe on `stream` (a connection to the websocket port); the stream is destroyed afterwards. */
export async function probeRfb(stream: Duplex, options: RfbProbeOptions = {}): Promise<RfbProbeResult> {
  const started = Date.now();
  const { request, expectedAccept } = handshakeRequest(options.hostHeader);
  const channel = new WebSocketRfb(stream, expectedAccept);
  const reached: string[] = [];
  let stage: RfbStage = 'websocket';
  const timeoutMs = options.timeoutMs ?? 20_000;
  const timer = setTimeout(() => channel.fail(new Error(`no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`)), timeoutMs);
  try {
    stream.write(request);
    await channel.upgrade();
    reached.push('WebSocket 101 Switching Protocols');

    stage = 'version';
    const server = await channel.next(parseVersion);
    const version = chooseVersion(server);
    channel.send(Buffer.from(versionText(version), 'latin1'));
    const versionLabel = `${version.major}.${version.minor}`;
    reached.push(`RFB ${server.major}.${server.minor} (speaking ${versionLabel})`);

    stage = 'security';
    const offer = await channel.next((buffer) => parseSecurityOffer(buffer, version));
    if (offer.kind === 'refused') throw new StageFailure('security', `the VNC server refused the connection: ${offer.reason || 'no reason given'}`);
    let security: 'None' | 'VncAuth';
    if (offer.types.includes(SECURITY.none)) security = 'None';
    else if (offer.types.includes(SECURITY.vncAuth)) security = 'VncAuth';
    else throw new StageFailure('security', `the VNC server offers only ${offer.types.map(securityName).join(', ')}, which noVNC's probe does not speak`);
    const chosen = security === 'None' ? SECURITY.none : SECURITY.vncAuth;
    // 3.3 servers decide the type themselves; later ones are told.
    if (version.minor >= 7) channel.send(Buffer.from([chosen]));
    reached.push(`security ${security} (offered: ${offer.types.map(securityName).join(', ')})`);

    if (security === 'VncAuth') {
      stage = 'authentication';
      const challenge = await channel.next((buffer) => (buffer.length >= 16 ? { value: Buffer.from(buffer.subarray(0, 16)), used: 16 } : undefined));
      if (options.password === undefined) {
        throw new StageFailure('authentication', 'the VNC server asks for a password and none is known for the session', { needsPassword: true });
      }
      channel.send(vncAuthResponse(options.password, challenge));
    }
    // 3.8 always sends a SecurityResult; earlier versions only after VNC authentication.
    if (security === 'VncAuth' || version.minor >= 8) {
      const result = await channel.next((buffer) => parseSecurityResult(buffer, version));
      if (!result.ok) {
        throw new StageFailure('authentication', `the VNC server refused the ${security === 'VncAuth' ? 'password' : 'connection'}${result.reason ? `: ${result.reason}` : ''}`, {
          wrongPassword: security === 'VncAuth',
        });
      }
      if (security === 'VncAuth') reached.push('password accepted');
    }

    stage = 'init';
    channel.send(clientInit());
    const init = await channel.next(parseServerInit);
    reached.push(`desktop ${JSON.stringify(init.name)} ${init.width}×${init.height}, ${init.pixelFormat.bitsPerPixel} bits per pixel`);

    stage = 'frame';
    const side = options.region ?? 64;
    const region = { x: 0, y: 0, width: Math.min(side, init.width), height: Math.min(side, init.height) };
    channel.send(setEncodingsRaw());
    channel.send(framebufferUpdateRequest(region.x, region.y, region.width, region.height));
    for (;;) {
      const message = await channel.next((buffer) => parseServerMessage(buffer, init.pixelFormat));
      if (message.kind === 'framebufferUpdate') {
        return {
          ok: true,
          version: versionLabel,
          security,
          width: init.width,
          height: init.height,
          desktopName: init.name,
          frame: { region, rectangles: message.rectangles.length, bytes: message.bytes },
          ms: Date.now() - started,
        };
      }
    }
  } catch (error) {
    const failure = error instanceof StageFailure ? error : undefined;
    const reason = error instanceof RfbProtocolError || error instanceof WsProtocolError || error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      stage: failure?.stage ?? stage,
      reason,
      ...(failure?.flags.needsPassword ? { needsPassword: true } : {}),
      ...(failure?.flags.wrongPassword ? { wrongPassword: true } : {}),
      reached,
    };
  } finally {
    clearTimeout(timer);
    stream.destroy();
  }
}

/** One line for a report: what the probe saw. */
export function describeRfbProbe(result: RfbProbeResult): string {
  if (result.ok) {
    const { region } = result.frame;
    return `RFB ${result.version}, security ${result.security}, desktop ${JSON.stringify(result.desktopName)} ${result.width}×${result.height}; first frame: ${region.width}×${region.height} pixels at ${region.x},${region.y} (${result.frame.bytes} bytes, ${result.frame.rectangles} rectangle${result.frame.rectangles === 1 ? '' : 's'}) in ${result.ms} ms`;
  }
  return `${result.stage}: ${result.reason}${result.reached.length ? ` (after: ${result.reached.join('; ')})` : ''}`;
}

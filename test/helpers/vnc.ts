// A real VNC desktop on loopback for tests: TigerVNC's Xvnc with a VNC password, xclock drawing
// on it, and websockify in front, each on a free port. Readiness is polled, never slept for.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface VncDesktop {
  readonly display: number;
  readonly rfbPort: number;
  readonly wsPort: number;
  readonly width: number;
  readonly height: number;
  /** Where xclock draws (its window sits at the top-left corner). */
  readonly clock: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** Kills websockify (and the children it forked per connection). */
  stopWebsockify(): Promise<void>;
  /** Starts websockify again on the same port. */
  startWebsockify(): Promise<void>;
  stop(): Promise<void>;
}

const tools = ['Xvnc', 'vncpasswd', 'websockify', 'xclock'];

export function missingVncTools(): string[] {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return tools.filter(
    (tool) =>
      !dirs.some((dir) => {
        try {
          accessSync(join(dir, tool), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves with the first bytes a TCP server sends, or undefined when it refuses. */
function greeting(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (value: string | undefined) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(2000, () => finish(undefined));
    socket.once('error', () => finish(undefined));
    socket.once('data', (data) => finish(data.toString('latin1')));
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
  });
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, extraFd = false): ChildProcess {
  // Its own process group, so a stop also ends the children it forked.
  return spawn(command, args, { env, detached: true, stdio: ['ignore', 'ignore', 'pipe', ...(extraFd ? ['pipe' as const] : [])] });
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  await exited;
}

function stderrOf(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-4000);
  });
  return () => text;
}

export async function startVncDesktop(options: { password: string; width?: number; height?: number }): Promise<VncDesktop> {
  const missing = missingVncTools();
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.join(', ')}: install the Debian packages tigervnc-standalone-server tigervnc-tools websockify x11-apps (test/cluster/up.sh does).`,
    );
  }
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const dir = mkdtempSync(join(tmpdir(), 'appframework-vnc-'));
  const passwordFile = join(dir, 'passwd');
  const obscured = spawnSync('vncpasswd', ['-f'], { input: `${options.password}\n${options.password}\n` });
  if (obscured.status !== 0) throw new Error(`vncpasswd -f failed: ${obscured.stderr.toString().trim()}`);
  writeFileSync(passwordFile, obscured.stdout, { mode: 0o600 });

  const children: ChildProcess[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((child) => kill(child)));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const rfbPort = await freePort();
    // -displayfd: Xvnc picks a free display itself and tells us which.
    const xvnc = launch(
      'Xvnc',
      ['-displayfd', '3', '-geometry', `${width}x${height}`, '-depth', '24', '-rfbport', String(rfbPort), '-localhost',
        '-nolisten', 'tcp', '-SecurityTypes', 'VncAuth', '-PasswordFile', passwordFile],
      process.env,
      true,
    );
    children.push(xvnc);
    const xvncLog = stderrOf(xvnc);
    let displayText = '';
    (xvnc.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (displayText += chunk.toString()));
    const display = await waitFor('Xvnc to choose a display', () => {
      if (xvnc.exitCode !== null) throw new Error(`Xvnc exited: ${xvncLog().trim().split('\n').pop()}`);
      return /^\d+\n/.test(displayText) ? Number.parseInt(displayText, 10) : undefined;
    });
    await waitFor('Xvnc to listen', async () => ((await greeting(rfbPort))?.startsWith('RFB ') ? true : undefined));

    const clock = { x: 0, y: 0, width: 200, height: 200 };
    const xclock = launch('xclock', ['-geometry', `${clock.width}x${clock.height}+${clock.x}+${clock.y}`, '-update', '1'], {
      ...process.env,
      DISPLAY: `:${display}`,
    });
    children.push(xclock);

    const wsPort = await freePort();
    let websockify: ChildProcess | undefined;
    const startWebsockify = async () => {
      const child = launch('websockify', [`127.0.0.1:${wsPort}`, `127.0.0.1:${rfbPort}`]);
      children.push(child);
      websockify = child;
      const log = stderrOf(child);
      await waitFor('websockify to listen', async () => {
        if (child.exitCode !== null) throw new Error(`websockify exited: ${log().trim().split('\n').pop()}`);
        return (await accepts(wsPort)) ? true : undefined;
      });
    };
    await startWebsockify();

    return {
      display,
      rfbPort,
      wsPort,
      width,
      height,
      clock,
      stopWebsockify: async () => {
        await kill(websockify);
        await waitFor('websockify to stop listening', async () => ((await accepts(wsPort)) ? undefined : true));
      },
      startWebsockify,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

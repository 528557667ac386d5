// Serves the viewer panel's own page (same HTML function, CSP and bundle as the extension) to
// headless Chromium, wired to the extension's own tunnel and panel controller. The one stand-in is
// `acquireVsCodeApi`: a webview's host exists only inside VS Code, so a small test double injected
// before the page loads carries the messages between page and controller.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openTunnel, type Connect, type Tunnel } from '../../../src/core/sessions/tunnel';
import { viewerTitle, type HostMessage, type ViewerIdentity, type ViewerSession } from '../../../src/core/sessions/viewerMessages';
import { webSocketAddress } from '../../../src/vscode/panel/address';
import { ViewerController } from '../../../src/vscode/panel/controller';
import { renderViewerHtml } from '../../../src/vscode/panel/html';
import { repoRoot } from '../../helpers/repoRoot';

export { repoRoot };

/** Builds the viewer bundle with esbuild.js's own options, into a folder of its own. */
export async function buildViewerBundle(production: boolean): Promise<{ dir: string; bytes: number; ms: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { webview } = require(join(repoRoot, 'esbuild.js')) as { webview: esbuild.BuildOptions };
  const dir = mkdtempSync(join(tmpdir(), 'appframework-viewer-'));
  const started = Date.now();
  await esbuild.build({
    ...webview,
    minify: production,
    sourcemap: !production,
    plugins: [],
    outfile: join(dir, 'dist', 'webview', 'viewer.js'),
  });
  return { dir, bytes: readFileSync(join(dir, 'dist', 'webview', 'viewer.js')).length, ms: Date.now() - started };
}

const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.map': 'application/json',
  '.css': 'text/css',
  '.html': 'text/html; charset=utf-8',
};

/** Plays the part of the webview's resource host (`asWebviewUri`, `cspSource`). */
export interface ResourceServer {
  readonly origin: string;
  addPage(html: string): string;
  close(): Promise<void>;
}

export async function startResourceServer(bundleDir: string): Promise<ResourceServer> {
  const roots: Record<string, string> = { 'dist/webview': join(bundleDir, 'dist', 'webview'), media: join(repoRoot, 'media') };
  const pages = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const page = pages.get(path);
    if (page !== undefined) {
      response.writeHead(200, { 'content-type': types['.html'] }).end(page);
      return;
    }
    for (const [prefix, root] of Object.entries(roots)) {
      if (!path.startsWith(`/${prefix}/`)) continue;
      const file = normalize(join(root, path.slice(prefix.length + 2)));
      if (file.startsWith(root + sep) && existsSync(file)) {
        response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
        return;
      }
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    addPage(html) {
      const path = `/panel/${randomBytes(8).toString('hex')}.html`;
      pages.set(path, html);
      return `${origin}${path}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** Test double of VS Code's `acquireVsCodeApi`, injected before the page's own scripts. */
const vscodeApiTestDouble = `(() => {
  let state;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi() may be called only once');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => { window.__viewerToHost(message); },
      getState: () => state,
      setState: (next) => { state = next; window.__viewerTestState = next; return next; },
    });
  };
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__viewerCspViolation(event.violatedDirective + ' ' + event.blockedURI);
  });
})();`;

export interface PanelOptions {
  readonly connect: Connect;
  readonly release?: () => Promise<void>;
  /** Only a name while the session is still starting (then `controller.start` gives the rest). */
  readonly session: ViewerSession | ViewerIdentity;
  /** As read from the session's info file. */
  readonly password?: string;
  /** What the user types when asked. */
  readonly typedPassword?: string;
  isAlive?(): Promise<boolean | undefined>;
}

export interface OpenPanel {
  readonly page: Page;
  readonly tunnel: Tunnel;
  readonly controller: ViewerController;
  /** States the page reported, in order. */
  readonly states: string[];
  readonly cspViolations: string[];
  readonly logs: string[];
  readonly passwordPrompts: string[];
  readonly savedPngs: { png: Uint8Array; name: string }[];
  /** When `page.goto` returned (the page and its module script have loaded). */
  readonly loadedAt: number;
  /** The URL the page was told to connect to (holds the tunnel's path). */
  connectUrl(): string | undefined;
  waitForState(state: string, timeoutMs?: number): Promise<void>;
  statusText(): Promise<string>;
  /** What the page saved with `setState` (what VS Code would hand to the serializer). */
  savedState(): Promise<unknown>;
  close(): Promise<void>;
}

export async function openPanel(browser: Browser, resources: ResourceServer, options: PanelOptions): Promise<OpenPanel> {
  const logs: string[] = [];
  const tunnel = await openTunnel({
    connect: options.connect,
    ...(options.release ? { release: options.release } : {}),
    log: (line) => logs.push(line),
  });
  // Desktop VS Code's asExternalUri returns a loopback address as it is.
  const address = webSocketAddress(`http://127.0.0.1:${tunnel.port}/`, tunnel.path);
  const html = renderViewerHtml({
    cspSource: resources.origin,
    scriptUri: `${resources.origin}/dist/webview/viewer.js`,
    styleUri: `${resources.origin}/media/viewer.css`,
    nonce: randomBytes(16).toString('base64'),
    connectSrc: address.origin,
    title: viewerTitle(options.session),
  });

  const context = await browser.newContext({ viewport: { width: 900, height: 640 } });
  const page = await context.newPage();
  const states: string[] = [];
  const cspViolations: string[] = [];
  const passwordPrompts: string[] = [];
  const savedPngs: { png: Uint8Array; name: string }[] = [];
  let connectUrl: string | undefined;

  const toPage = (message: HostMessage) => {
    if (message.type === 'connect') connectUrl = message.url;
    page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`).catch(() => undefined);
  };
  const controller = new ViewerController({
    session: options.session,
    url: address.url,
    ...(options.password !== undefined ? { password: options.password } : {}),
    effects: {
      post: toPage,
      askPassword: async (app) => {
        passwordPrompts.push(app);
        return options.typedPassword;
      },
      storedPassword: async () => undefined,
      forgetPassword: async () => undefined,
      readClipboard: async () => '',
      writeClipboard: async () => undefined,
      savePng: async (png, name) => void savedPngs.push({ png, name }),
      toggleFullScreen: async () => undefined,
      close: () => undefined,
      ...(options.isAlive ? { isAlive: options.isAlive } : {}),
      log: (line) => logs.push(line),
    },
  });

  await page.exposeFunction('__viewerToHost', (message: unknown) => {
    const state = (message as { type?: string; state?: string }).type === 'status' ? (message as { state: string }).state : undefined;
    if (state) states.push(state);
    void controller.handle(message);
  });
  await page.exposeFunction('__viewerCspViolation', (what: string) => void cspViolations.push(what));
  await page.addInitScript(vscodeApiTestDouble);
  await page.goto(resources.addPage(html));
  const loadedAt = Date.now();

  return {
    page,
    tunnel,
    controller,
    states,
    cspViolations,
    logs,
    passwordPrompts,
    savedPngs,
    loadedAt,
    connectUrl: () => connectUrl,
    waitForState: async (state, timeoutMs = 15_000) => {
      await page.waitForSelector(`#status[data-state="${state}"]`, { state: 'attached', timeout: timeoutMs });
    },
    statusText: async () => (await page.textContent('#status-text')) ?? '',
    savedState: () => page.evaluate('window.__viewerTestState'),
    close: async () => {
      await context.close();
      await tunnel.close();
    },
  };
}

export interface CanvasPixels {
  readonly width: number;
  readonly height: number;
  /** Pixels in the region that differ from the desktop's background (the bottom-right pixel). */
  readonly differing: number;
  readonly total: number;
}

/** Counts non-background pixels of the remote desktop in a region of noVNC's canvas. */
export async function canvasPixels(
  page: Page,
  region: { x: number; y: number; width: number; height: number },
): Promise<CanvasPixels | undefined> {
  // A string, not a function: the page gets exactly this code, untouched by the TypeScript loader.
  return page.evaluate(`(() => {
    const canvas = document.querySelector('#screen canvas');
    if (!canvas || canvas.width === 0) return undefined;
    const context = canvas.getContext('2d');
    const background = context.getImageData(canvas.width - 1, canvas.height - 1, 1, 1).data;
    const r = ${JSON.stringify(region)};
    const data = context.getImageData(r.x, r.y, r.width, r.height).data;
    let differing = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== background[0] || data[i + 1] !== background[1] || data[i + 2] !== background[2]) differing++;
    }
    return { width: canvas.width, height: canvas.height, differing, total: r.width * r.height };
  })()`) as Promise<CanvasPixels | undefined>;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const bytes = Buffer.from(png);
  if (!bytes.subarray(0, 8).equals(signature)) throw new Error('not a PNG file');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

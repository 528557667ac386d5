// code-server (VS Code 1.100.3 served to a browser) for the editor tier: installed by
// install-code-server.sh, started on a free loopback port with its state in a folder of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot, runCommand } from './staging';

export const VSCODE_VERSION = '1.100.3';
export const EXTENSION_ID = 'appframework.appframework-vscode';

/** Installs code-server if needed (minutes the first time) and returns its binary. */
export async function ensureCodeServer(): Promise<string> {
  const script = join(repoRoot, 'test', 'editor', 'install-code-server.sh');
  const result = await runCommand('bash', [script], repoRoot);
  if (result.code !== 0) throw new Error(`install-code-server.sh failed (exit ${result.code}):\n${result.output.trim().split('\n').slice(-30).join('\n')}`);
  const lines = result.stdout.trim().split('\n');
  return lines[lines.length - 1];
}

/** Command-line state of one code-server: settings, extensions and logs under `dataDir`. */
export function codeServerDirs(dataDir: string): { userData: string; extensions: string; config: string } {
  return { userData: join(dataDir, 'user-data'), extensions: join(dataDir, 'extensions'), config: join(dataDir, 'config.yaml') };
}

/** Runs a one-shot code-server command (`--install-extension`, `--list-extensions`, ...). */
export async function codeServerCommand(bin: string, dataDir: string, args: readonly string[]): Promise<string> {
  const dirs = codeServerDirs(dataDir);
  const all = ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, ...args];
  prepareDataDir(dataDir);
  const result = await runCommand(bin, all, dataDir, isolatedEnv(dataDir));
  if (result.code !== 0) throw new Error(`code-server ${args.join(' ')} failed (exit ${result.code}):\n${result.output}`);
  return result.output;
}

/** Settings that keep a fresh profile quiet: no welcome page, no trust prompt, no update checks. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

function prepareDataDir(dataDir: string): void {
  const dirs = codeServerDirs(dataDir);
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  mkdirSync(dirs.extensions, { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  // An explicit config file: otherwise code-server writes one with a password into the home folder.
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
}

/**
 * code-server keeps some state under XDG folders: point them into the data folder. An empty
 * gallery switches the extension marketplace off, so the workbench never looks it up.
 */
function isolatedEnv(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: join(dataDir, 'xdg-config'), XDG_DATA_HOME: join(dataDir, 'xdg-data'), EXTENSIONS_GALLERY: '{}' };
}

/**
 * The extension host's logs under `dataDir`: its own log and the extension's output channel,
 * which `ctx.log` writes to. For polling and for failure messages.
 */
export function extensionHostLogs(dataDir: string): string {
  const logs = join(codeServerDirs(dataDir).userData, 'logs');
  if (!existsSync(logs)) return '';
  return readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('remoteexthost.log') || (path.includes(EXTENSION_ID) && path.endsWith('.log')))
    .sort()
    .map((path) => `--- ${path}\n${readFileSync(join(logs, path), 'utf8')}`)
    .join('\n');
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Entries of the workbench URL's `payload`; paths are absolute on this machine. */
export interface WorkbenchPayload {
  readonly extensionDevelopmentPath?: string;
  readonly extensionTestsPath?: string;
  readonly openFile?: string;
}

export interface CodeServer {
  readonly port: number;
  readonly dataDir: string;
  /** The workbench on `folder`, with the extension and test entries of `payload`. */
  workbenchUrl(folder: string, payload?: WorkbenchPayload): string;
  /** What code-server printed so far (the last lines), for failure messages. */
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited early:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export interface StartOptions {
  /**
   * Extra environment for code-server. Its extension host inherits it, so this is how tests hand
   * settings to the suite (the payload's `extensionEnvironment` does not reach it in code-server).
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts code-server on a free 127.0.0.1 port and waits until it answers. */
export async function startCodeServer(bin: string, dataDir: string, options: StartOptions = {}): Promise<CodeServer> {
  prepareDataDir(dataDir);
  const dirs = codeServerDirs(dataDir);
  const port = await freeLoopbackPort();
  const args = [
    '--config', dirs.config,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
  ];
  // A process group of its own, so stopping it also ends the extension host and its helpers.
  const child = spawn(bin, args, { cwd: dataDir, env: { ...isolatedEnv(dataDir), ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const output = () => lines.slice(-40).join('\n');
  const origin = `http://127.0.0.1:${port}`;
  const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  const stop = async () => {
    signalGroup('SIGTERM');
    await waitForExit(child, 10_000);
    // Helpers that outlived code-server itself.
    signalGroup('SIGKILL');
  };
  try {
    await waitUntilHealthy(`${origin}/healthz`, child, output, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    dataDir,
    workbenchUrl(folder, payload = {}) {
      const entries: [string, string][] = [];
      if (payload.extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
      if (payload.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
      if (payload.openFile) entries.push(['openFile', remote(payload.openFile)]);
      entries.push(['skipWelcome', 'true']);
      const url = new URL(`${origin}/`);
      url.searchParams.set('folder', folder);
      url.searchParams.set('payload', JSON.stringify(entries));
      return url.toString();
    },
    output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop,
  };
}

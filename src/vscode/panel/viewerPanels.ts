import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { openTunnel, type Connector, type Tunnel } from '../../core/sessions/tunnel';
import {
  parsePanelState,
  viewerTitle,
  type ViewerIdentity,
  type ViewerSession,
  type ViewerState,
  type ViewerTarget,
} from '../../core/sessions/viewerMessages';
import type { Ctx } from '../context';
import { webSocketAddress } from './address';
import { ViewerController, type ViewerEffects } from './controller';
import { renderViewerHtml } from './html';
import type { VncPasswords } from './passwords';

export const viewerViewType = 'appframework.viewer';

/** What the viewer needs from the rest of the extension. */
export interface ViewerDeps {
  /** How to reach a session's websockify port (direct TCP, or through an SSH host). */
  connector(target: ViewerTarget): Connector;
  /** Whether the session's job still runs; undefined when that cannot be told. */
  isAlive?(session: ViewerIdentity): Promise<boolean | undefined>;
  /** The password from the session's info file, when it can be read again (after a reload). */
  password?(session: ViewerIdentity): Promise<string | undefined>;
}

export interface ShowOptions {
  /** From the session's info file. */
  readonly password?: string;
}

/** A panel opened while its session's launch finishes (see `ViewerPanels.opening`). */
export interface OpeningViewer {
  /** What the launch waits for now, shown in the panel. */
  progress(detail: string): void;
  /** The session is ready: the panel connects. */
  ready(session: ViewerSession, options?: ShowOptions): void;
  /** The launch failed or was cancelled: the panel closes. */
  abandon(): void;
}

type Ready = ShowOptions & { readonly session: ViewerSession };

interface OpenViewer {
  readonly panel: vscode.WebviewPanel;
  controller?: ViewerController;
  /** What a starting session waits for, kept until the controller exists (the tunnel opens first). */
  starting?: string;
}

const stateSuffix: Partial<Record<ViewerState, string>> = {
  reconnecting: ' (reconnecting)',
  disconnected: ' (disconnected)',
  securityFailure: ' (authentication failed)',
  ended: ' (ended)',
};

/** One viewer panel per session: opens, restores after a reload, and closes them with their tunnels. */
export class ViewerPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenViewer>();

  constructor(
    private readonly ctx: Ctx,
    private readonly deps: ViewerDeps,
    private readonly passwords: VncPasswords,
  ) {}

  /** Shows the session's panel, opening it (and its tunnel) when there is none yet. */
  async show(session: ViewerSession, options: ShowOptions = {}): Promise<void> {
    const existing = this.open.get(session.key);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    await this.attach(this.createPanel(session), { session, ...options });
  }

  /**
   * Opens the panel of a session whose job runs but whose port is not known yet, so the page
   * loads while the launch reads the session's info file and waits for its port.
   */
  opening(identity: ViewerIdentity): OpeningViewer {
    let settle: (ready: Ready | undefined) => void = () => undefined;
    const ready = new Promise<Ready | undefined>((resolve) => (settle = resolve));
    const existing = this.open.get(identity.key);
    const panel = existing ? undefined : this.createPanel(identity);
    if (panel) void this.attach(panel, identity, ready);
    return {
      progress: (detail) => {
        const entry = this.open.get(identity.key);
        if (!panel || entry?.panel !== panel) return;
        entry.starting = detail;
        entry.controller?.starting(detail);
      },
      ready: (session, options = {}) => {
        settle({ session, ...options });
        if (!panel) void this.show(session, options);
      },
      abandon: () => {
        settle(undefined);
        panel?.dispose();
      },
    };
  }

  private createPanel(session: ViewerIdentity): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(
      viewerViewType,
      viewerTitle(session),
      { viewColumn: vscode.ViewColumn.Active },
      { ...this.webviewOptions(), retainContextWhenHidden: true, enableFindWidget: false },
    );
  }

  /** Brings back a panel VS Code kept across a reload, if its session still runs. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = parsePanelState(state);
    if (!saved || this.open.has(saved.session.key)) {
      panel.dispose();
      return;
    }
    const { session } = saved;
    let password: string | undefined;
    try {
      if (!(await this.stillRunning(session))) {
        this.ctx.log.info(`viewer ${session.key}: not restored, the session is gone`);
        panel.dispose();
        return;
      }
      password = await this.deps.password?.(session);
    } catch (error) {
      this.ctx.log.warn(`viewer ${session.key}: not restored (${error instanceof Error ? error.message : String(error)})`);
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    await this.attach(panel, { session, ...(password !== undefined ? { password } : {}) });
  }

  /** The session's job has ended: its panel shows the end state. */
  sessionEnded(key: string, reason: string): void {
    this.open.get(key)?.controller?.sessionEnded(reason);
  }

  dispose(): void {
    for (const { panel } of [...this.open.values()]) panel.dispose();
  }

  private webviewOptions(): vscode.WebviewOptions {
    const root = this.ctx.extension.extensionUri;
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist', 'webview'), vscode.Uri.joinPath(root, 'media')],
    };
  }

  /** Wires a panel to a session, or to one still starting until `ready` gives the way to it. */
  private attach(panel: vscode.WebviewPanel, known: Ready): Promise<void>;
  private attach(panel: vscode.WebviewPanel, starting: ViewerIdentity, ready: Promise<Ready | undefined>): Promise<void>;
  private async attach(panel: vscode.WebviewPanel, given: Ready | ViewerIdentity, later?: Promise<Ready | undefined>): Promise<void> {
    const session = 'session' in given ? given.session : given;
    const ready = later ?? Promise.resolve(given as Ready);
    const entry: OpenViewer = { panel };
    this.open.set(session.key, entry);
    const title = viewerTitle(session);
    panel.title = title;
    let tunnel: Tunnel | undefined;
    let disposed = false;
    panel.onDidDispose(() => {
      disposed = true;
      if (this.open.get(session.key) === entry) this.open.delete(session.key);
      void tunnel?.close();
    });

    // The tunnel listens at once (the page's CSP names its address); it reaches the session once known.
    let connector: Connector | undefined;
    const connectorReady = ready.then((known) => (known ? (connector = this.deps.connector(known.session.target)) : undefined));
    try {
      tunnel = await openTunnel({
        connect: async () => {
          const known = await connectorReady;
          if (!known) throw new Error('the session did not start');
          return known.connect();
        },
        release: () => connector?.release?.() ?? Promise.resolve(),
        log: (line) => this.ctx.log.info(`viewer ${session.key}: ${line}`),
      });
      if (disposed) {
        await tunnel.close();
        return;
      }
      // Under Remote-SSH or in a browser-hosted VS Code, this is where the webview reaches the tunnel.
      const external = await vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${tunnel.port}/`));
      const address = webSocketAddress(external.toString(true), tunnel.path);
      const password = 'session' in given ? given.password : undefined;
      const controller = new ViewerController({
        session,
        url: address.url,
        ...(password !== undefined ? { password } : {}),
        effects: this.effects(panel, session, title),
      });
      entry.controller = controller;
      if (entry.starting !== undefined) controller.starting(entry.starting);
      if (later) void later.then((known) => (known && !disposed ? controller.start(known.session, known.password) : undefined));
      panel.webview.onDidReceiveMessage((message: unknown) => controller.handle(message));
      const { webview } = panel;
      const root = this.ctx.extension.extensionUri;
      // Set once: setting it again would reload the page and drop the VNC connection.
      webview.html = renderViewerHtml({
        cspSource: webview.cspSource,
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview', 'viewer.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'viewer.css')).toString(),
        nonce: randomBytes(16).toString('base64'),
        connectSrc: address.origin,
        title,
      });
      this.ctx.log.info(`viewer ${session.key}: tunnel on 127.0.0.1:${tunnel.port}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.ctx.log.error(`viewer ${session.key}: ${reason}`);
      void vscode.window.showErrorMessage(`Cannot open the viewer for ${title}: ${reason}`);
      panel.dispose();
    }
  }

  private effects(panel: vscode.WebviewPanel, session: ViewerIdentity, title: string): ViewerEffects {
    const { isAlive } = this.deps;
    return {
      post: (message) => void panel.webview.postMessage(message),
      askPassword: (app) => this.passwords.ask(app),
      storedPassword: (app) => this.passwords.stored(app),
      forgetPassword: (app) => this.passwords.forget(app),
      readClipboard: () => Promise.resolve(vscode.env.clipboard.readText()),
      writeClipboard: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
      savePng: (png, name) => savePng(png, name),
      toggleFullScreen: async () => {
        await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
        await vscode.commands.executeCommand('workbench.action.toggleFullScreen');
      },
      close: () => panel.dispose(),
      stateChanged: (state) => {
        panel.title = `${title}${stateSuffix[state] ?? ''}`;
      },
      ...(isAlive ? { isAlive: () => isAlive(session) } : {}),
      log: (line) => this.ctx.log.info(line),
    };
  }

  private async stillRunning(session: ViewerSession): Promise<boolean> {
    const alive = await this.deps.isAlive?.(session).catch(() => undefined);
    if (alive !== undefined) return alive;
    // Nothing to ask: a session that answers is taken as running.
    const connector = this.deps.connector(session.target);
    try {
      (await connector.connect()).destroy();
      return true;
    } catch {
      return false;
    } finally {
      await connector.release?.();
    }
  }
}

async function savePng(png: Uint8Array, name: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, name),
    filters: { 'PNG image': ['png'] },
    saveLabel: 'Save Screenshot',
    title: 'Save the session screenshot',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, png);
  void vscode.window.showInformationMessage(`Screenshot saved to ${vscode.workspace.asRelativePath(target)}.`);
}

// The host side of one viewer panel: answers the webview's messages. Plain code (no `vscode`
// import): the editor's effects come in through `ViewerEffects`, so the end-to-end test drives
// this same controller from headless Chromium.
import {
  maxClipboardChars,
  parseViewMessage,
  type HostMessage,
  type ViewerIdentity,
  type ViewerSession,
  type ViewerState,
  type ViewMessage,
} from '../../core/sessions/viewerMessages';

export interface ViewerEffects {
  post(message: HostMessage): void;
  /** Asks the user for the VNC password (may offer to remember it); undefined when cancelled. */
  askPassword(app: string): Promise<string | undefined>;
  storedPassword(app: string): Promise<string | undefined>;
  forgetPassword(app: string): Promise<void>;
  readClipboard(): Promise<string>;
  writeClipboard(text: string): Promise<void>;
  savePng(png: Uint8Array, suggestedName: string): Promise<void>;
  toggleFullScreen(): Promise<void>;
  close(): void;
  /** The page's connection state changed (for the panel's title). */
  stateChanged?(state: ViewerState): void;
  /** Whether the session's job still runs; undefined when that cannot be told. */
  isAlive?(): Promise<boolean | undefined>;
  /** One line per event; never given a password or the tunnel URL. */
  log(line: string): void;
}

export interface ViewerControllerInput {
  /** The session; while its launch is finishing, only its name, until `start` gives the rest. */
  readonly session: ViewerSession | ViewerIdentity;
  /** The tunnel's WebSocket URL as the webview reaches it. */
  readonly url: string;
  /** From the session's info file, when the caller read it. */
  readonly password?: string;
  readonly effects: ViewerEffects;
}

type PasswordSource = 'session' | 'stored' | 'asked';

const pngDataUrl = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/;

export class ViewerController {
  private password: { value: string; source: PasswordSource } | undefined;
  private ended: string | undefined;
  private checkingAlive = false;
  private asking: Promise<string | undefined> | undefined;
  private current: ViewerSession | ViewerIdentity;
  /** The page said it is ready while the session was still starting. */
  private pageWaiting = false;
  private startingDetail = 'Waiting for the session to start…';

  constructor(private readonly input: ViewerControllerInput) {
    this.current = input.session;
    if (input.password !== undefined) this.password = { value: input.password, source: 'session' };
  }

  get session(): ViewerSession | ViewerIdentity {
    return this.current;
  }

  /** What a starting session waits for, shown by the page until it connects. */
  starting(detail: string): void {
    this.startingDetail = detail;
    if (this.pageWaiting) this.post({ type: 'starting', detail });
  }

  /** The starting session is ready: the page connects now if it was waiting, else once it loads. */
  async start(session: ViewerSession, password?: string): Promise<void> {
    this.current = session;
    if (password !== undefined) this.password = { value: password, source: 'session' };
    if (!this.pageWaiting) return;
    this.pageWaiting = false;
    await this.connect();
  }

  /** Handles one message from the webview; anything malformed is ignored. */
  async handle(raw: unknown): Promise<void> {
    const message = parseViewMessage(raw);
    if (!message) {
      this.log('ignored a malformed message from the webview');
      return;
    }
    try {
      await this.dispatch(message);
    } catch (error) {
      this.log(`${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The job has ended: the webview stops reconnecting and says so. */
  sessionEnded(reason: string): void {
    if (this.ended !== undefined) return;
    this.ended = reason;
    this.log(`session ended (${reason})`);
    this.post({ type: 'sessionEnded', reason });
  }

  private async dispatch(message: ViewMessage): Promise<void> {
    const { effects } = this.input;
    switch (message.type) {
      case 'ready':
        return this.connect();
      case 'status':
        this.log(`${message.state}${message.detail ? `: ${message.detail}` : ''}`);
        effects.stateChanged?.(message.state);
        if (message.state === 'securityFailure') return this.onSecurityFailure();
        if (message.state === 'reconnecting' || message.state === 'disconnected') return this.checkAlive();
        return;
      case 'credentialsRequired':
        return this.onCredentialsRequired(message.types);
      case 'passwordWanted': {
        const password = await this.askOnce();
        if (password === undefined) return;
        this.password = { value: password, source: 'asked' };
        return this.connect();
      }
      case 'copied':
        return effects.writeClipboard(message.text);
      case 'pasteRequest': {
        const text = (await effects.readClipboard()).slice(0, maxClipboardChars);
        this.post({ type: 'paste', text });
        return;
      }
      case 'screenshot': {
        const match = pngDataUrl.exec(message.dataUrl);
        if (!match) throw new Error('the screenshot is not a PNG image');
        return effects.savePng(Buffer.from(match[1], 'base64'), screenshotName(this.session));
      }
      case 'fullScreen':
        return effects.toggleFullScreen();
      case 'close':
        return effects.close();
    }
  }

  private async connect(): Promise<void> {
    if (this.ended !== undefined) {
      this.post({ type: 'sessionEnded', reason: this.ended });
      return;
    }
    const session = this.current;
    if (!('target' in session)) {
      this.pageWaiting = true;
      this.post({ type: 'starting', detail: this.startingDetail });
      return;
    }
    if (!this.password) {
      const stored = await this.input.effects.storedPassword(this.session.app);
      if (stored !== undefined) this.password = { value: stored, source: 'stored' };
    }
    this.post({
      type: 'connect',
      url: this.input.url,
      session,
      ...(this.password ? { password: this.password.value } : {}),
    });
  }

  private async onCredentialsRequired(types: readonly string[]): Promise<void> {
    if (!types.includes('password') || types.some((t) => t !== 'password')) {
      this.log(`the server asks for unsupported credentials: ${types.join(', ')}`);
      this.post({ type: 'credentialsCancelled' });
      return;
    }
    const password = this.password?.value ?? (await this.askOnce());
    if (password === undefined) {
      this.post({ type: 'credentialsCancelled' });
      return;
    }
    this.password ??= { value: password, source: 'asked' };
    this.post({ type: 'credentials', password });
  }

  /** One prompt at a time, however often the page asks while it is open. */
  private askOnce(): Promise<string | undefined> {
    this.asking ??= this.input.effects.askPassword(this.session.app).finally(() => (this.asking = undefined));
    return this.asking;
  }

  private async onSecurityFailure(): Promise<void> {
    // A wrong password must not be tried again: the next try asks the user.
    const failed = this.password;
    this.password = undefined;
    if (failed?.source === 'stored') {
      await this.input.effects.forgetPassword(this.session.app);
      this.log('forgot the stored password, which the server refused');
    }
  }

  private async checkAlive(): Promise<void> {
    const { isAlive } = this.input.effects;
    if (!isAlive || this.checkingAlive || this.ended !== undefined) return;
    this.checkingAlive = true;
    try {
      if ((await isAlive()) === false) this.sessionEnded('The job has ended.');
    } finally {
      this.checkingAlive = false;
    }
  }

  private post(message: HostMessage): void {
    this.input.effects.post(message);
  }

  private log(line: string): void {
    this.input.effects.log(`viewer ${this.session.key}: ${line}`);
  }
}

function screenshotName(session: ViewerIdentity): string {
  const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  const job = session.jobId !== undefined ? `-job${session.jobId}` : '';
  return `${session.app}${job}-${stamp}.png`.replace(/[^A-Za-z0-9._-]/g, '_');
}

// The session viewer's page: noVNC's RFB client, a toolbar and a status overlay. It learns where to
// connect (and the password, when known) from the extension by message, and reports back every
// state change. An `.mts` entry keeps esbuild's output plain ESM, which noVNC's top-level await needs.
import RFB from '@novnc/novnc';
import {
  parseHostMessage,
  parsePanelState,
  parseSettings,
  type ViewerSession,
  type ViewerState,
  type ViewMessage,
  type ViewSettings,
} from '../core/sessions/viewerMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type StatusAction = 'password' | 'reconnect' | 'close';

const firstRetryMs = 500;
const maxRetryMs = 10_000;

const vscode = acquireVsCodeApi();
const screen = element('screen');
const statusBox = element('status');
const statusText = element('status-text');

const saved = vscode.getState();
let session: ViewerSession | undefined = parsePanelState(saved)?.session;
let settings: ViewSettings = parseSettings((saved as { settings?: unknown } | undefined)?.settings);

let url: string | undefined;
let password: string | undefined;
let rfb: RFB | undefined;
let connected = false;
/** Reconnection attempts since the last successful connection. */
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let authFailed = false;
let endedReason: string | undefined;

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The viewer page lacks #${id}.`);
  return found;
}

function post(message: ViewMessage): void {
  vscode.postMessage(message);
}

function save(): void {
  if (session) vscode.setState({ session, settings });
}

function setStatus(state: ViewerState, text: string, actions: readonly StatusAction[] = []): void {
  statusBox.dataset.state = state;
  document.body.dataset.state = state;
  statusText.textContent = text;
  for (const button of statusBox.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
    button.hidden = !actions.includes(button.dataset.action as StatusAction);
  }
  for (const action of ['paste', 'ctrlAltDel', 'screenshot']) {
    const button = document.querySelector<HTMLButtonElement>(`#toolbar button[data-action="${action}"]`);
    if (button) button.disabled = state !== 'connected';
  }
  const reconnect = document.querySelector<HTMLButtonElement>('#toolbar button[data-action="reconnect"]');
  if (reconnect) reconnect.disabled = state === 'ended';
  post({ type: 'status', state, detail: text, ...(attempt > 0 ? { attempt } : {}) });
}

function applySettings(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-action="scale"]')) {
    button.setAttribute('aria-pressed', String(button.dataset.scale === settings.scale));
  }
  document.querySelector('button[data-action="viewOnly"]')?.setAttribute('aria-pressed', String(settings.viewOnly));
  if (!rfb) return;
  rfb.scaleViewport = settings.scale === 'fit';
  rfb.resizeSession = settings.scale === 'remote';
  rfb.clipViewport = false;
  rfb.viewOnly = settings.viewOnly;
}

function clearRetry(): void {
  if (retryTimer !== undefined) clearTimeout(retryTimer);
  retryTimer = undefined;
}

/** Ends the current connection without reporting it as lost. */
function drop(): void {
  const old = rfb;
  rfb = undefined;
  connected = false;
  try {
    old?.disconnect();
  } catch {
    // Already disconnected.
  }
}

function connect(): void {
  if (url === undefined || endedReason !== undefined) return;
  clearRetry();
  drop();
  authFailed = false;
  setStatus(attempt > 0 ? 'reconnecting' : 'connecting', attempt > 0 ? `Reconnecting (attempt ${attempt})…` : 'Connecting…');
  let next: RFB;
  try {
    next = new RFB(screen, url, { shared: true, ...(password !== undefined ? { credentials: { password } } : {}) });
  } catch (error) {
    lost(`cannot open the connection (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  rfb = next;
  next.background = 'var(--vscode-editor-background, #1e1e1e)';
  applySettings();

  next.addEventListener('connect', () => {
    if (rfb !== next) return;
    connected = true;
    attempt = 0;
    setStatus('connected', 'Connected');
    next.focus({ preventScroll: true });
  });
  next.addEventListener('disconnect', () => {
    if (rfb !== next) return;
    const wasConnected = connected;
    rfb = undefined;
    connected = false;
    if (endedReason !== undefined) return showEnded();
    // After a refused password, retrying would only be refused again (and may get us blocked).
    if (authFailed) return;
    lost(wasConnected ? 'the connection was lost' : 'could not connect');
  });
  next.addEventListener('credentialsrequired', (event) => {
    if (rfb !== next) return;
    setStatus('credentials', 'Waiting for the password…');
    post({ type: 'credentialsRequired', types: event.detail.types });
  });
  next.addEventListener('securityfailure', (event) => {
    if (rfb !== next) return;
    authFailed = true;
    password = undefined;
    const reason = event.detail.reason ? `: ${event.detail.reason}` : '';
    setStatus('securityFailure', `Authentication failed${reason}.`, ['password', 'reconnect']);
  });
  next.addEventListener('clipboard', (event) => {
    if (rfb === next) post({ type: 'copied', text: event.detail.text });
  });
}

/** The connection dropped: try again with growing pauses until it works or the job ends. */
function lost(why: string): void {
  if (endedReason !== undefined) return showEnded();
  attempt++;
  const delay = Math.min(maxRetryMs, firstRetryMs * 2 ** (attempt - 1));
  setStatus('disconnected', `Disconnected: ${why}. Reconnecting in ${Math.ceil(delay / 1000)} s…`, ['reconnect']);
  retryTimer = setTimeout(connect, delay);
}

function showEnded(): void {
  clearRetry();
  drop();
  setStatus('ended', `The session has ended. ${endedReason ?? ''}`.trim(), ['close']);
}

function onHostMessage(data: unknown): void {
  const message = parseHostMessage(data);
  if (!message) return;
  switch (message.type) {
    case 'starting':
      if (!url) setStatus('connecting', message.detail);
      return;
    case 'connect':
      url = message.url;
      password = message.password;
      session = message.session;
      save();
      attempt = 0;
      connect();
      return;
    case 'credentials':
      password = message.password;
      if (rfb) {
        rfb.sendCredentials({ password });
        setStatus('connecting', 'Authenticating…');
      }
      return;
    case 'credentialsCancelled':
      clearRetry();
      drop();
      setStatus('disconnected', 'A password is needed to connect.', ['password', 'close']);
      return;
    case 'paste':
      rfb?.clipboardPasteFrom(message.text);
      return;
    case 'sessionEnded':
      endedReason = message.reason;
      showEnded();
      return;
  }
}

function onAction(button: HTMLButtonElement): void {
  switch (button.dataset.action) {
    case 'scale':
      settings = parseSettings({ ...settings, scale: button.dataset.scale });
      applySettings();
      save();
      return;
    case 'viewOnly':
      settings = { ...settings, viewOnly: !settings.viewOnly };
      applySettings();
      save();
      return;
    case 'paste':
      post({ type: 'pasteRequest' });
      return;
    case 'ctrlAltDel':
      rfb?.sendCtrlAltDel();
      return;
    case 'screenshot':
      if (rfb && connected) post({ type: 'screenshot', dataUrl: rfb.toDataURL('image/png') });
      return;
    case 'reconnect':
      attempt = 0;
      connect();
      return;
    case 'password':
      post({ type: 'passwordWanted' });
      return;
    case 'fullScreen':
      toggleFullScreen();
      return;
    case 'close':
      post({ type: 'close' });
      return;
  }
}

function toggleFullScreen(): void {
  // VS Code's webview frame does not allow full screen: the editor then maximises the panel.
  if (!document.fullscreenEnabled) return post({ type: 'fullScreen' });
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen();
}

window.addEventListener('message', (event: MessageEvent) => onHostMessage(event.data));
document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
  if (button && !button.disabled) onAction(button);
});
applySettings();
setStatus('connecting', 'Connecting…');
post({ type: 'ready' });

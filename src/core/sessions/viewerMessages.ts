// The messages between the session viewer panel (extension host) and its webview (browser).
// Both sides import this file, so it holds only types and plain checks: no Node, no DOM.
// Everything crossing the boundary is checked on arrival, as either side may be out of date.

/** How the remote desktop fits the panel. */
export type ScaleMode = 'fit' | 'remote' | 'native';

export interface ViewSettings {
  readonly scale: ScaleMode;
  readonly viewOnly: boolean;
}

export const defaultViewSettings: ViewSettings = { scale: 'fit', viewOnly: false };

/** Where the session's websockify listens: `host:port`, reached directly or from the SSH host `via`. */
export type ViewerTarget =
  | { readonly kind: 'direct'; readonly host: string; readonly port: number }
  /**
   * `via` is an SSH host the host pool knows (an ~/.ssh/config alias, ProxyJump included);
   * `host` is as seen from there: `127.0.0.1` when `via` is the node itself.
   */
  | { readonly kind: 'ssh'; readonly via: string; readonly host: string; readonly port: number };

/** A session as the viewer knows it; serialisable, never holds a secret. */
export interface ViewerSession {
  /** One panel per key. */
  readonly key: string;
  readonly app: string;
  readonly jobId?: string;
  /** The node (or host) the desktop runs on, for the title. */
  readonly node: string;
  readonly target: ViewerTarget;
}

/** A session whose job runs but whose port is not known yet: enough to name its panel. */
export type ViewerIdentity = Omit<ViewerSession, 'target'>;

/** What the webview keeps across reloads (VS Code stores it with the panel). */
export interface PanelState {
  readonly session: ViewerSession;
  readonly settings: ViewSettings;
}

export type ViewerState =
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'credentials'
  | 'securityFailure'
  | 'disconnected'
  | 'ended';

/** Host → webview. */
export type HostMessage =
  /** The session is still starting: what it waits for, shown until `connect`. */
  | { readonly type: 'starting'; readonly detail: string }
  /** (Re)connect to `url`; the password, when known, travels only in this message. */
  | { readonly type: 'connect'; readonly url: string; readonly password?: string; readonly session: ViewerSession }
  | { readonly type: 'credentials'; readonly password: string }
  | { readonly type: 'credentialsCancelled' }
  /** Text of the local clipboard to paste into the remote desktop. */
  | { readonly type: 'paste'; readonly text: string }
  /** The job is gone: stop reconnecting and show the end state. */
  | { readonly type: 'sessionEnded'; readonly reason: string };

/** Webview → host. */
export type ViewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'status'; readonly state: ViewerState; readonly detail?: string; readonly attempt?: number }
  | { readonly type: 'credentialsRequired'; readonly types: readonly string[] }
  /** The user pressed "Enter password..." after a failure. */
  | { readonly type: 'passwordWanted' }
  /** The remote desktop's clipboard changed. */
  | { readonly type: 'copied'; readonly text: string }
  | { readonly type: 'pasteRequest' }
  | { readonly type: 'screenshot'; readonly dataUrl: string }
  | { readonly type: 'fullScreen' }
  | { readonly type: 'close' };

/** Largest clipboard text or screenshot accepted from the other side. */
export const maxClipboardChars = 1_000_000;
export const maxScreenshotChars = 64_000_000;

const viewerStates: readonly ViewerState[] = [
  'connecting',
  'connected',
  'reconnecting',
  'credentials',
  'securityFailure',
  'disconnected',
  'ended',
];
const scaleModes: readonly ScaleMode[] = ['fit', 'remote', 'native'];

type Fields = Record<string, unknown>;

function record(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

function text(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

function port(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}

export function parseTarget(value: unknown): ViewerTarget | undefined {
  const v = record(value);
  if (!v || !text(v.host, 255) || v.host === '' || !port(v.port)) return undefined;
  if (v.kind === 'direct') return { kind: 'direct', host: v.host, port: v.port };
  if (v.kind === 'ssh' && text(v.via, 255) && v.via !== '') {
    return { kind: 'ssh', via: v.via, host: v.host, port: v.port };
  }
  return undefined;
}

export function parseSession(value: unknown): ViewerSession | undefined {
  const v = record(value);
  if (!v || !text(v.key, 500) || v.key === '' || !text(v.app, 200) || !text(v.node, 255)) return undefined;
  if (v.jobId !== undefined && !text(v.jobId, 100)) return undefined;
  const target = parseTarget(v.target);
  if (!target) return undefined;
  return { key: v.key, app: v.app, node: v.node, target, ...(v.jobId !== undefined ? { jobId: v.jobId } : {}) };
}

export function parseSettings(value: unknown): ViewSettings {
  const v = record(value);
  const scale = scaleModes.find((mode) => mode === v?.scale) ?? defaultViewSettings.scale;
  return { scale, viewOnly: v?.viewOnly === true };
}

export function parsePanelState(value: unknown): PanelState | undefined {
  const v = record(value);
  const session = parseSession(v?.session);
  return session ? { session, settings: parseSettings(v?.settings) } : undefined;
}

export function parseHostMessage(value: unknown): HostMessage | undefined {
  const v = record(value);
  switch (v?.type) {
    case 'connect': {
      const session = parseSession(v.session);
      if (!text(v.url, 4096) || !session) return undefined;
      if (v.password !== undefined && !text(v.password, 1024)) return undefined;
      return { type: 'connect', url: v.url, session, ...(v.password !== undefined ? { password: v.password } : {}) };
    }
    case 'starting':
      return text(v.detail, 1000) ? { type: 'starting', detail: v.detail } : undefined;
    case 'credentials':
      return text(v.password, 1024) ? { type: 'credentials', password: v.password } : undefined;
    case 'credentialsCancelled':
      return { type: 'credentialsCancelled' };
    case 'paste':
      return text(v.text, maxClipboardChars) ? { type: 'paste', text: v.text } : undefined;
    case 'sessionEnded':
      return text(v.reason, 1000) ? { type: 'sessionEnded', reason: v.reason } : undefined;
    default:
      return undefined;
  }
}

export function parseViewMessage(value: unknown): ViewMessage | undefined {
  const v = record(value);
  switch (v?.type) {
    case 'ready':
    case 'passwordWanted':
    case 'pasteRequest':
    case 'fullScreen':
    case 'close':
      return { type: v.type };
    case 'status': {
      const state = viewerStates.find((s) => s === v.state);
      if (!state) return undefined;
      const detail = text(v.detail, 1000) ? { detail: v.detail } : {};
      const attempt = typeof v.attempt === 'number' && Number.isInteger(v.attempt) ? { attempt: v.attempt } : {};
      return { type: 'status', state, ...detail, ...attempt };
    }
    case 'credentialsRequired': {
      const types = Array.isArray(v.types) ? v.types.filter((t): t is string => text(t, 100)) : [];
      return { type: 'credentialsRequired', types };
    }
    case 'copied':
      return text(v.text, maxClipboardChars) ? { type: 'copied', text: v.text } : undefined;
    case 'screenshot':
      return text(v.dataUrl, maxScreenshotChars) ? { type: 'screenshot', dataUrl: v.dataUrl } : undefined;
    default:
      return undefined;
  }
}

/** The panel title: app, job and node. */
export function viewerTitle(session: ViewerIdentity): string {
  return [session.app, session.jobId !== undefined ? `job ${session.jobId}` : undefined, session.node]
    .filter((part) => part !== undefined && part !== '')
    .join(' · ');
}

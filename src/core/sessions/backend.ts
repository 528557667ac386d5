// Launching through the App Framework backend, as its dashboard does:
// POST <backend>/api/app/sessions {"app_id": ..., "user_id": ...}. The backend picks the port and
// session id and submits the job itself; its answer must name the job so the launch can follow it.
import type { CancellationTokenLike } from '../hosts';
import { whenCancelled } from '../hosts';
import { validatePort, validateSessionId } from '../slurm';

export interface BackendSession {
  readonly jobId: number;
  readonly sessionId?: string;
  readonly port?: number;
}

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  text(): Promise<string>;
}>;

/** `<url>/api/app/sessions`; only http(s) URLs without credentials are accepted. */
export function sessionsUrl(backendUrl: string): string {
  let url: URL;
  try {
    url = new URL(backendUrl);
  } catch {
    throw new Error(`The backend URL ${JSON.stringify(backendUrl)} is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`The backend URL must start with http:// or https://, not ${url.protocol}//.`);
  if (url.username || url.password) throw new Error('The backend URL must not hold a user name or password.');
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/app/sessions`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

export async function launchThroughBackend(
  backendUrl: string,
  appId: string,
  userId: string,
  options: { readonly token?: CancellationTokenLike; readonly timeoutMs?: number; readonly fetch?: FetchLike } = {},
): Promise<BackendSession> {
  const url = sessionsUrl(backendUrl);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 60_000);
  const unsubscribe = whenCancelled(options.token, () => controller.abort());
  const doFetch = options.fetch ?? (fetch as unknown as FetchLike);
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ app_id: appId, user_id: userId }),
      signal: controller.signal,
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const why = messageOf(body) ?? (`${response.status} ${response.statusText}`.trim());
      throw new Error(`The backend refused the session: ${why}`);
    }
    return parseBackendSession(body);
  } catch (error) {
    if (controller.signal.aborted) {
      throw new Error(options.token?.isCancellationRequested ? 'Launch cancelled.' : `The backend at ${new URL(url).origin} did not answer in time.`);
    }
    if (error instanceof Error && /fetch failed|ECONNREFUSED/.test(error.message)) throw new Error(`Cannot reach the backend at ${new URL(url).origin}.`);
    throw error;
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}

type Fields = Record<string, unknown>;

function record(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

function pick(fields: Fields, names: readonly string[]): unknown {
  for (const name of names) if (fields[name] !== undefined && fields[name] !== null) return fields[name];
  return undefined;
}

/** The answer's job id, session id and port, at the top level or under `session` / `data`. */
export function parseBackendSession(body: unknown): BackendSession {
  const top = record(body);
  if (!top) throw new Error('The backend answered without a JSON object.');
  const scopes = [top, record(top.session), record(top.data)].filter((scope): scope is Fields => scope !== undefined);
  const value = (names: readonly string[]) => scopes.map((scope) => pick(scope, names)).find((v) => v !== undefined);
  const jobText = value(['job_id', 'jobId', 'slurm_job_id', 'JOB_ID']);
  const jobId = typeof jobText === 'number' ? jobText : typeof jobText === 'string' && /^\d+$/.test(jobText) ? Number(jobText) : undefined;
  if (jobId === undefined || !Number.isInteger(jobId) || jobId <= 0) throw new Error('The backend answered without a Slurm job id (job_id).');
  const sessionText = value(['session_id', 'sessionId', 'SESSION_ID']);
  const portValue = value(['vnc_port', 'port', 'VNC_PORT', 'websocket_port']);
  const port = typeof portValue === 'number' ? portValue : typeof portValue === 'string' && /^\d+$/.test(portValue) ? Number(portValue) : undefined;
  return {
    jobId,
    ...(typeof sessionText === 'string' ? { sessionId: validateSessionId(sessionText) } : {}),
    ...(port !== undefined ? { port: validatePort(port, 'VNC port') } : {}),
  };
}

function messageOf(body: unknown): string | undefined {
  const fields = record(body);
  const text = fields && pick(fields, ['error', 'message', 'detail']);
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').slice(0, 200) : undefined;
}

// A launched (or found) session as the viewer panel knows it.
import type { ViewerSession, ViewerTarget } from './viewerMessages';

/** One viewer panel per job of an access host. */
export function sessionViewerKey(accessLabel: string, jobId: number | string): string {
  return `job:${accessLabel}:${jobId}`;
}

export function viewerSessionOf(accessLabel: string, session: { readonly appId: string; readonly jobId: number; readonly node: string; readonly target: ViewerTarget }): ViewerSession {
  return {
    key: sessionViewerKey(accessLabel, session.jobId),
    app: session.appId,
    jobId: String(session.jobId),
    node: session.node,
    target: session.target,
  };
}

/** The access host and job of a key made by `sessionViewerKey`. */
export function parseSessionViewerKey(key: string): { host: string; jobId: number } | undefined {
  const m = /^job:(.+):([1-9]\d{0,9})$/.exec(key);
  return m ? { host: m[1], jobId: Number(m[2]) } : undefined;
}

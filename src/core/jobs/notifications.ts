// When to tell the user about a session: it started running, it will hit its time limit within
// ten minutes, it ended. Compares each queue listing with the previous one; the first listing
// only sets the baseline, so opening the editor never replays old news.
import { isActiveState, type JobState } from '../slurm';

export interface WatchedSession {
  readonly jobId: number;
  readonly appId: string;
  readonly state: JobState;
  readonly node?: string;
  readonly timeLeftSeconds?: number | 'infinite';
}

export type SessionNotice =
  | { readonly kind: 'running'; readonly session: WatchedSession }
  | { readonly kind: 'endingSoon'; readonly session: WatchedSession; readonly minutesLeft: number }
  | { readonly kind: 'ended'; readonly session: WatchedSession; readonly state?: JobState };

export const ENDING_SOON_SECONDS = 10 * 60;

export class SessionWatcher {
  private previous: Map<number, WatchedSession> | undefined;
  private readonly warned = new Set<number>();

  constructor(private readonly endingSoonSeconds = ENDING_SOON_SECONDS) {}

  /** The notices since the last update; `sessions` is every app session the queue shows now. */
  update(sessions: readonly WatchedSession[]): SessionNotice[] {
    const current = new Map(sessions.map((session) => [session.jobId, session]));
    const previous = this.previous;
    this.previous = current;
    const notices: SessionNotice[] = [];
    if (!previous) {
      // Baseline: only remember which sessions are already close to their end.
      for (const session of sessions) if (this.isEndingSoon(session)) this.warned.add(session.jobId);
      return notices;
    }
    for (const session of sessions) {
      const before = previous.get(session.jobId);
      const active = isActiveState(session.state);
      if (!active) {
        if (!before || isActiveState(before.state)) notices.push({ kind: 'ended', session, state: session.state });
        continue;
      }
      if (session.state === 'RUNNING' && before?.state !== 'RUNNING') notices.push({ kind: 'running', session });
      if (this.isEndingSoon(session) && !this.warned.has(session.jobId)) {
        this.warned.add(session.jobId);
        notices.push({ kind: 'endingSoon', session, minutesLeft: Math.max(1, Math.ceil((session.timeLeftSeconds as number) / 60)) });
      }
    }
    for (const [jobId, before] of previous) {
      if (!current.has(jobId) && isActiveState(before.state)) notices.push({ kind: 'ended', session: before });
      if (!current.has(jobId)) this.warned.delete(jobId);
    }
    return notices;
  }

  private isEndingSoon(session: WatchedSession): boolean {
    const left = session.timeLeftSeconds;
    return session.state === 'RUNNING' && typeof left === 'number' && left <= this.endingSoonSeconds;
  }
}

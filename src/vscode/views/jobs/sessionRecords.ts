// Sessions launched from this editor, remembered across reloads: what squeue cannot tell (the
// session id, hence the info file, and the port). No secrets: passwords stay in the info files.
import type * as vscode from 'vscode';
import type { KnownSession } from '../../../core/jobs';

const KEY = 'appframework.launchedSessions';
/** Records of jobs the queue no longer shows are dropped; this many at most are kept anyway. */
const MAX_RECORDS = 200;

export class SessionRecords {
  constructor(private readonly memento: vscode.Memento) {}

  /** The records of one access host, by job id. */
  of(host: string): Map<number, KnownSession> {
    return new Map(this.read().filter((record) => record.host === host).map((record) => [record.jobId, record]));
  }

  find(host: string, jobId: number): KnownSession | undefined {
    return this.read().find((record) => record.host === host && record.jobId === jobId);
  }

  async add(record: KnownSession): Promise<void> {
    const others = this.read().filter((r) => !(r.host === record.host && r.jobId === record.jobId));
    await this.memento.update(KEY, [...others, record].slice(-MAX_RECORDS));
  }

  /** Forgets the jobs of `host` that are not in `queued` any more. */
  async prune(host: string, queued: ReadonlySet<number>): Promise<void> {
    const records = this.read();
    const kept = records.filter((record) => record.host !== host || queued.has(record.jobId));
    if (kept.length !== records.length) await this.memento.update(KEY, kept);
  }

  private read(): KnownSession[] {
    const value = this.memento.get<unknown>(KEY);
    return Array.isArray(value) ? value.filter(isRecord) : [];
  }
}

function isRecord(value: unknown): value is KnownSession {
  const v = value as Partial<KnownSession> | null;
  return (
    typeof v === 'object' && v !== null &&
    typeof v.jobId === 'number' && typeof v.appId === 'string' && typeof v.sessionId === 'string' && typeof v.host === 'string'
  );
}

// A job's output or error log as a read-only document that grows while the job writes it: the
// log is followed on the node (`tail -F` as a job step) and stops when the job ends or when the
// document's tab is closed.
import * as vscode from 'vscode';
import { CancellationSource, type Host } from '../../../core/hosts';
import { followJobLog, type LogEnd } from '../../../core/jobs';
import type { Ctx } from '../../context';

export const LOG_SCHEME = 'appframework-log';
/** The newest text kept per log; older text is dropped from the top. */
const MAX_CHARS = 2_000_000;
const UPDATE_MS = 200;

export type LogKind = 'output' | 'error';

interface FollowedLog {
  text: string;
  following: boolean;
  stop: CancellationSource;
  timer?: ReturnType<typeof setTimeout>;
}

export interface LogSource {
  readonly host: string;
  readonly access: Host;
  readonly jobId: number;
  readonly kind: LogKind;
  readonly path: string;
  readonly nodeHost?: () => Promise<Host | undefined>;
}

export class JobLogs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly logs = new Map<string, FollowedLog>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this),
      // Closing the tab stops following at once; closing the document catches other ways.
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of event.closed) if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === LOG_SCHEME) this.stop(tab.input.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === LOG_SCHEME) this.stop(document.uri);
      }),
    );
  }

  static uriOf(source: Pick<LogSource, 'host' | 'jobId' | 'kind' | 'path'>): vscode.Uri {
    const extension = source.kind === 'output' ? 'out' : 'err';
    return vscode.Uri.from({ scheme: LOG_SCHEME, path: `/job-${source.jobId}.${extension}.log`, query: new URLSearchParams({ host: source.host, path: source.path }).toString() });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.logs.get(uri.toString())?.text ?? '';
  }

  /** Opens the log, following it unless it is followed already. */
  async show(source: LogSource): Promise<void> {
    const uri = JobLogs.uriOf(source);
    const key = uri.toString();
    let log = this.logs.get(key);
    if (!log || !log.following) {
      log = { text: `# ${source.kind === 'output' ? 'Output' : 'Error'} log of job ${source.jobId}: ${source.path} (followed on the node)\n`, following: true, stop: new CancellationSource() };
      this.logs.set(key, log);
      void this.follow(uri, log, source);
    }
    // The `.log` ending picks the Log language (setting it would close and reopen the document).
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    for (const log of this.logs.values()) log.stop.cancel();
    this.logs.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async follow(uri: vscode.Uri, log: FollowedLog, source: LogSource): Promise<void> {
    let end: LogEnd;
    try {
      end = await followJobLog({
        access: source.access,
        jobId: source.jobId,
        path: source.path,
        token: log.stop.token,
        nodeHost: source.nodeHost,
        onText: (text) => this.append(uri, log, text),
      });
    } catch (error) {
      end = { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
    log.following = false;
    const footer: Record<LogEnd['kind'], string> = {
      jobEnded: `job ${source.jobId} has ended`,
      stopped: 'stopped following',
      notStarted: `job ${source.jobId} has not started yet: there is no log to follow`,
      unavailable: end.kind === 'unavailable' ? end.reason : '',
    };
    this.ctx.log.info(`log of job ${source.jobId} (${source.kind}): ${footer[end.kind]}`);
    if (end.kind !== 'stopped') this.append(uri, log, `${log.text.endsWith('\n') ? '' : '\n'}# ── ${footer[end.kind]} ──\n`);
  }

  private append(uri: vscode.Uri, log: FollowedLog, text: string): void {
    log.text += text;
    if (log.text.length > MAX_CHARS) log.text = log.text.slice(log.text.length - MAX_CHARS);
    log.timer ??= setTimeout(() => {
      log.timer = undefined;
      this.changed.fire(uri);
    }, UPDATE_MS);
  }

  private stop(uri: vscode.Uri): void {
    const key = uri.toString();
    const log = this.logs.get(key);
    if (!log) return;
    log.stop.cancel();
    if (log.timer) clearTimeout(log.timer);
    this.logs.delete(key);
  }
}

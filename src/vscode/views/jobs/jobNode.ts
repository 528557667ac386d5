import * as vscode from 'vscode';
import { describeJob, explainReason, formatDuration, formatTimeLeft, stateTone, type QueueEntry, type StateTone } from '../../../core/jobs';
import type { HostJobs } from './jobsStore';
import type { JobsNodeBase, JobsTreeNode } from './node';

/** Where a job is, for commands invoked from notifications or by other commands. */
export interface JobRef {
  readonly host: string;
  readonly jobId: number;
}

const ICONS: Record<StateTone, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed')),
  pending: new vscode.ThemeIcon('watch', new vscode.ThemeColor('list.warningForeground')),
  ending: new vscode.ThemeIcon('loading~spin', new vscode.ThemeColor('list.warningForeground')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('disabledForeground')),
  unknown: new vscode.ThemeIcon('question'),
};

const CONTEXT: Record<StateTone, string> = {
  running: 'runningJob',
  pending: 'pendingJob',
  ending: 'endingJob',
  failed: 'endedJob',
  done: 'endedJob',
  unknown: 'unknownJob',
};

/**
 * Context value: the state (`runningJob`, `pendingJob`, `endingJob`, `endedJob`, `unknownJob`),
 * then `.sessionJob` for app sessions and `.mine` for the user's own jobs, e.g.
 * `runningJob.sessionJob.mine`. Menus match it with regexes such as `/^runningJob\b.*\bsessionJob\b/`.
 */
export function jobContextValue(entry: QueueEntry, user: string | undefined): string {
  const parts = [CONTEXT[stateTone(entry.job.state)]];
  if (entry.kind === 'session') parts.push('sessionJob');
  if (user !== undefined && entry.job.user === user) parts.push('mine');
  return parts.join('.');
}

export class JobNode implements JobsNodeBase, JobRef {
  readonly kind = 'job';

  constructor(
    readonly hostJobs: HostJobs,
    readonly entry: QueueEntry,
    /** The signed-in user on the access host, when known (to tell own jobs from others'). */
    readonly me: string | undefined,
  ) {}

  get host(): string {
    return this.hostJobs.host;
  }

  get jobId(): number {
    return this.entry.job.jobId;
  }

  treeItem(): vscode.TreeItem {
    const { entry } = this;
    const { job } = entry;
    const label = entry.kind === 'session' ? entry.appId : job.name || `job ${job.id}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `job:${this.host}:${job.id}`;
    const owner = this.hostJobs.user === undefined && job.user ? `${job.user} · ` : '';
    item.description = `${job.id} · ${owner}${describeJob(job)}`;
    item.iconPath = ICONS[stateTone(job.state)];
    item.contextValue = jobContextValue(entry, this.me);
    item.tooltip = this.tooltip();
    item.accessibilityInformation = { label: `${label}, job ${job.id}, ${describeJob(job)}` };
    return item;
  }

  children(): JobsTreeNode[] {
    return [];
  }

  private tooltip(): vscode.MarkdownString {
    const { job } = this.entry;
    const known = this.entry.kind === 'session' ? this.entry.known : undefined;
    const rows: [string, string | undefined][] = [
      ['Job', `${job.id} (${job.name})`],
      ['User', job.user],
      ['State', job.reason ? `${job.stateRaw}: ${job.reason}${explainReason(job.reason) ? ` (${explainReason(job.reason)})` : ''}` : job.stateRaw],
      ['Node', job.nodes],
      ['Partition', job.partition],
      ['Submitted', localTime(job.submitTimeMs)],
      ['Started', job.state === 'PENDING' ? undefined : localTime(job.startTimeMs)],
      ['Elapsed', job.elapsedSeconds !== undefined && job.state !== 'PENDING' ? formatDuration(job.elapsedSeconds) : undefined],
      ['Time left', formatTimeLeft(job.timeLeftSeconds)],
      ['Session', known?.sessionId],
      ['Port', known?.port !== undefined ? String(known.port) : undefined],
      ['Output', job.stdoutPath],
      ['Errors', job.stderrPath !== job.stdoutPath ? job.stderrPath : undefined],
      ['Access host', this.host],
    ];
    const markdown = new vscode.MarkdownString(
      rows
        .filter(([, value]) => value !== undefined && value !== '')
        .map(([name, value]) => `**${name}:** ${escape(value as string)}`)
        .join('  \n'),
    );
    markdown.supportThemeIcons = false;
    return markdown;
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}

function localTime(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : new Date(epochMs).toLocaleString();
}

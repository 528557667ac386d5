// The jobs of every access host the open projects use, joined with the apps and with the
// sessions launched here. Refreshed by the scheduler; a failed listing keeps the last good one
// and its error is shown in the view.
import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import type { CancellationTokenLike } from '../../../core/hosts';
import { classifyJobs, type AppJobName, type QueueEntry } from '../../../core/jobs';
import { templateJobName, type ClusterHosts } from '../../../core/sessions';
import type { ClusterAccess } from '../../clusterAccess';
import type { Project, ProjectService } from '../../config';
import type { AppsStore } from '../apps';
import { readJobsSettings } from './jobsSettings';
import type { SessionRecords } from './sessionRecords';

export interface HostJobs {
  /** The access host's label: "local", an ssh alias or user@host. */
  readonly host: string;
  /** The first project that submits there (its configuration names the info file and the nodes). */
  readonly project: Project;
  readonly hosts: ClusterHosts;
  readonly entries: readonly QueueEntry[];
  /** Whose jobs are listed; undefined: every user's. */
  readonly user?: string;
  /** The user Slurm commands run as there. */
  readonly me?: string;
  /** Why the last refresh failed; `entries` are then from the refresh before. */
  readonly error?: string;
  readonly refreshedAt?: number;
}

export class JobsStore implements vscode.Disposable {
  private current: readonly HostJobs[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly templateNames = new Map<string, { mtimeMs: number; name?: string }>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly projects: ProjectService,
    private readonly apps: AppsStore,
    private readonly cluster: ClusterAccess,
    private readonly records: SessionRecords,
  ) {}

  get all(): readonly HostJobs[] {
    return this.current;
  }

  /** Every job with the host it was listed on. */
  jobs(): { hostJobs: HostJobs; entry: QueueEntry }[] {
    return this.current.flatMap((hostJobs) => hostJobs.entries.map((entry) => ({ hostJobs, entry })));
  }

  find(host: string, jobId: number): { hostJobs: HostJobs; entry: QueueEntry } | undefined {
    return this.jobs().find(({ hostJobs, entry }) => hostJobs.host === host && entry.job.jobId === jobId);
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    await this.projects.ready;
    const token = signal ? tokenOf(signal) : undefined;
    const { allUsers } = readJobsSettings();
    const groups = new Map<unknown, { project: Project; hosts: ClusterHosts; projects: Project[] }>();
    for (const project of this.projects.projects) {
      const hosts = this.cluster.hostsOf(project.loaded.config);
      const group = groups.get(hosts.access.host);
      if (group) group.projects.push(project);
      else groups.set(hosts.access.host, { project, hosts, projects: [project] });
    }
    const failures: string[] = [];
    this.current = await Promise.all(
      [...groups.values()].map(async ({ project, hosts, projects }): Promise<HostJobs> => {
        const host = hosts.access.host.label;
        const previous = this.current.find((entry) => entry.host === host);
        const queue = this.cluster.queueOf(hosts);
        try {
          const me = await queue.currentUser({ token });
          const user = allUsers ? undefined : me;
          const jobs = await queue.jobs({ user }, { token });
          const entries = classifyJobs(jobs, await this.appJobNames(projects), this.records.of(host));
          await this.records.prune(host, new Set(jobs.map((job) => job.jobId)));
          return { host, project, hosts, entries, user, me, refreshedAt: Date.now() };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.push(`${host}: ${message}`);
          return { ...previous, host, project, hosts, entries: previous?.entries ?? [], error: message };
        }
      }),
    );
    this.changed.fire();
    // The scheduler backs off while this fails.
    if (failures.length > 0) throw new Error(failures.join('; '));
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** The job names the projects' templates ask for (read again only when a template changes). */
  private async appJobNames(projects: readonly Project[]): Promise<AppJobName[]> {
    const folders = new Set(projects.map((project) => project.folder.uri.toString()));
    const names: AppJobName[] = [];
    for (const { app, project } of this.apps.apps()) {
      if (!folders.has(project.folder.uri.toString()) || !app.jobTemplate?.exists) continue;
      const file = app.jobTemplate.file;
      const stat = await fsp.stat(file).catch(() => undefined);
      if (!stat) continue;
      let cached = this.templateNames.get(file);
      if (!cached || cached.mtimeMs !== stat.mtimeMs) {
        const text = await fsp.readFile(file, 'utf8').catch(() => '');
        cached = { mtimeMs: stat.mtimeMs, name: templateJobName(text) };
        this.templateNames.set(file, cached);
      }
      names.push({ appId: app.id, jobName: cached.name ?? `${app.id}_vnc` });
    }
    return names;
  }
}

/** An AbortSignal as the core's cancellation token. */
export function tokenOf(signal: AbortSignal): CancellationTokenLike {
  return {
    get isCancellationRequested() {
      return signal.aborted;
    },
    onCancellationRequested(listener) {
      const handler = () => listener(undefined);
      signal.addEventListener('abort', handler, { once: true });
      return { dispose: () => signal.removeEventListener('abort', handler) };
    },
  };
}

import { loadApps, nodeFs } from '../core/apps';
import { promises as fsp } from 'node:fs';
import { classifyJobs, formatDuration, formatTimeLeft, type AppJobName } from '../core/jobs';
import { templateJobName } from '../core/sessions';
import { openCluster, table } from './cluster';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const USAGE = 'Usage: appframework jobs [folder] [--all-users] [--json] [--ssh-config FILE]\n';

/** `appframework jobs`: your Slurm jobs on the project's access host, app sessions first. */
export async function runJobs(args: string[], io: CliIo): Promise<number> {
  let options;
  try {
    options = parseOptions(args, { values: ['ssh-config'], flags: ['all-users', 'json'] });
    if (options.positional.length > 1) throw new UsageError('jobs takes one folder');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework jobs: ${error.message}\n${USAGE}`);
    return 2;
  }
  const cluster = await openCluster(options.positional[0] ?? '.', options.values.get('ssh-config'), io);
  try {
    const user = options.flags.has('all-users') ? undefined : await cluster.queue.currentUser();
    const jobs = await cluster.queue.jobs({ user });
    const names: AppJobName[] = [];
    for (const app of (await loadApps(cluster.config, nodeFs)).apps) {
      if (!app.jobTemplate?.exists) continue;
      const text = await fsp.readFile(app.jobTemplate.file, 'utf8').catch(() => '');
      names.push({ appId: app.id, jobName: templateJobName(text) ?? `${app.id}_vnc` });
    }
    const entries = classifyJobs(jobs, names, new Map());
    entries.sort((a, b) => (a.kind === b.kind ? a.job.jobId - b.job.jobId : a.kind === 'session' ? -1 : 1));
    if (options.flags.has('json')) {
      io.out(`${JSON.stringify(entries.map((entry) => ({ kind: entry.kind, ...(entry.kind === 'session' ? { app: entry.appId } : {}), ...entry.job })), null, 2)}\n`);
      return 0;
    }
    if (entries.length === 0) {
      io.out(`No jobs${user ? ` of ${user}` : ''} on ${cluster.hosts.access.host.label}.\n`);
      return 0;
    }
    const rows = [['JOBID', 'KIND', 'APP/NAME', ...(user ? [] : ['USER']), 'STATE', 'NODE', 'TIME', 'LEFT', 'REASON']];
    for (const entry of entries) {
      const { job } = entry;
      rows.push([
        job.id,
        entry.kind === 'session' ? 'session' : 'other',
        entry.kind === 'session' ? entry.appId : job.name,
        ...(user ? [] : [job.user]),
        job.stateRaw,
        job.nodes ?? '-',
        job.state === 'PENDING' || job.elapsedSeconds === undefined ? '-' : formatDuration(job.elapsedSeconds),
        job.state === 'RUNNING' ? formatTimeLeft(job.timeLeftSeconds)?.replace(/ left$/, '') ?? '-' : '-',
        job.reason ?? '',
      ]);
    }
    io.out(table(rows));
    return 0;
  } finally {
    await cluster.dispose();
  }
}

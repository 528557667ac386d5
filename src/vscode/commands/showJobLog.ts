import { JOBS_VIEW_ID, jobFromArgument, type LogKind } from '../views/jobs';
import { required, type CommandDefinition, type CommandDeps } from './command';

async function showLog(deps: CommandDeps, argument: unknown, kind: LogKind): Promise<void> {
  const { jobs, cluster, scheduler } = deps;
  const picked = required(
    await jobFromArgument(jobs.store, argument, (entry) => entry.job.state !== 'PENDING', `Choose a job to follow its ${kind} log`, () =>
      scheduler.refreshNow(JOBS_VIEW_ID),
    ),
  );
  const { job } = picked.entry;
  const path = kind === 'output' ? job.stdoutPath : job.stderrPath;
  if (!path) throw new Error(`Slurm does not say where job ${job.id} writes its ${kind === 'output' ? 'output' : 'errors'}.`);
  if (job.state === 'PENDING') throw new Error(`Job ${job.id} has not started yet: there is no log to follow.`);
  const hosts = picked.hostJobs.hosts;
  await jobs.logs.show({
    host: picked.hostJobs.host,
    access: hosts.access.host,
    jobId: job.jobId,
    kind,
    path,
    nodeHost: async () => (job.nodes ? (await cluster.resolverOf(hosts).vizHostOf(job.nodes))?.host : undefined),
  });
}

/** Jobs view: follow a job's output log (stdout) from its node. */
export const showJobOutput: CommandDefinition = {
  id: 'appframework.showJobOutput',
  run: (deps, argument) => showLog(deps, argument, 'output'),
};

/** Jobs view: follow a job's error log (stderr) from its node. */
export const showJobError: CommandDefinition = {
  id: 'appframework.showJobError',
  run: (deps, argument) => showLog(deps, argument, 'error'),
};

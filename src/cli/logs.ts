import { followJobLog, runSlurm } from '../core/jobs';
import { NodeResolver } from '../core/sessions';
import { srunReadFile } from '../core/slurm';
import { interruptToken, openCluster, parseJobIdArgument } from './cluster';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const USAGE = 'Usage: appframework logs <job-id> [--error] [--follow] [--folder DIR] [--ssh-config FILE]\n';

/** `appframework logs <job-id>`: a job's output (or error) log, read on its node; --follow tails it until the job ends. */
export async function runLogs(args: string[], io: CliIo): Promise<number> {
  let options;
  let jobId: number;
  try {
    options = parseOptions(args, { values: ['folder', 'ssh-config'], flags: ['error', 'follow'] });
    if (options.positional.length !== 1) throw new UsageError('give one job id');
    jobId = parseJobIdArgument(options.positional[0]);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof Error && /is not a job id/.test(error.message))) throw error;
    io.err(`appframework logs: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const kind = options.flags.has('error') ? 'error' : 'output';
  const cluster = await openCluster(options.values.get('folder') ?? '.', options.values.get('ssh-config'), io);
  const interrupt = interruptToken();
  try {
    const job = await cluster.queue.job(jobId);
    if (!job) throw new Error(`job ${jobId} is not in the queue of ${cluster.hosts.access.host.label} (any more)`);
    const file = kind === 'error' ? job.stderrPath : job.stdoutPath;
    if (!file) throw new Error(`Slurm does not say where job ${jobId} writes its ${kind} log`);
    if (job.state === 'PENDING') throw new Error(`job ${jobId} has not started yet: there is no log`);
    const resolver = new NodeResolver(cluster.hosts);
    const nodeHost = async () => (job.nodes ? (await resolver.vizHostOf(job.nodes))?.host : undefined);
    if (options.flags.has('follow')) {
      const end = await followJobLog({ access: cluster.hosts.access.host, jobId, path: file, token: interrupt.token, nodeHost, onText: (text) => io.out(text) });
      if (end.kind === 'unavailable') throw new Error(end.reason);
      io.err(end.kind === 'jobEnded' ? `appframework logs: job ${jobId} has ended\n` : '');
      return 0;
    }
    const read = await runSlurm(cluster.hosts.access.host, srunReadFile(jobId, file), { token: interrupt.token });
    if (read.kind === 'ok') {
      io.out(read.text);
      return 0;
    }
    if (read.kind === 'jobGone') {
      const host = await nodeHost();
      if (host) {
        io.out((await host.readFile(file)).toString('utf8'));
        return 0;
      }
    }
    throw new Error(read.kind === 'notFound' ? `${file} does not exist on job ${jobId}'s node (yet)` : `cannot read ${file}: ${read.kind}`);
  } finally {
    interrupt.dispose();
    await cluster.dispose();
  }
}

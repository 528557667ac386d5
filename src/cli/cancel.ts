import { runSlurm } from '../core/jobs';
import { scancelJob } from '../core/slurm';
import { openCluster, parseJobIdArgument } from './cluster';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const USAGE = 'Usage: appframework cancel <job-id...> [--folder DIR] [--ssh-config FILE]\n';

/** `appframework cancel <job-id...>`: scancel on the project's access host. */
export async function runCancel(args: string[], io: CliIo): Promise<number> {
  let options;
  let ids: number[];
  try {
    options = parseOptions(args, { values: ['folder', 'ssh-config'] });
    if (options.positional.length === 0) throw new UsageError('give the id of the job to cancel');
    ids = options.positional.map(parseJobIdArgument);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof Error && /is not a job id/.test(error.message))) throw error;
    io.err(`appframework cancel: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const cluster = await openCluster(options.values.get('folder') ?? '.', options.values.get('ssh-config'), io);
  try {
    for (const id of ids) {
      const result = await runSlurm(cluster.hosts.access.host, scancelJob(id));
      io.out(result.kind === 'cancelled' ? `job ${id} cancelled\n` : `job ${id} had already ended\n`);
    }
    return 0;
  } finally {
    await cluster.dispose();
  }
}

// `appframework verify <app>`: the Verify App checklist in the terminal (or as JSON for pipelines).
import { ChecksumCache } from '../core/deploy';
import { NodeResolver } from '../core/sessions';
import { renderVerifyText, verifyApp } from '../core/verify';
import { interruptToken, openCluster } from './cluster';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const USAGE = 'Usage: appframework verify <app> [folder] [--json] [--no-build] [--time HH:MM:SS] [--ssh-config FILE]\n';

/** Exit codes: 0 every applicable check passed, 1 a check failed, 130 interrupted, 2 usage. */
export async function runVerify(args: string[], io: CliIo): Promise<number> {
  let options;
  try {
    options = parseOptions(args, { values: ['time', 'ssh-config'], flags: ['json', 'no-build'] });
    if (options.positional.length < 1 || options.positional.length > 2) throw new UsageError('verify takes an app id and optionally a folder');
    const time = options.values.get('time');
    if (time !== undefined && !/^(\d{1,2}-)?\d{1,2}:\d{2}(:\d{2})?$/.test(time)) throw new UsageError('--time takes a Slurm time limit such as 00:05:00');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework verify: ${error.message}\n${USAGE}`);
    return 2;
  }
  const [appId, folder = '.'] = options.positional;
  const json = options.flags.has('json');
  const cluster = await openCluster(folder, options.values.get('ssh-config'), io);
  const interrupt = interruptToken();
  try {
    const report = await verifyApp({
      config: cluster.config,
      appId,
      hosts: cluster.hosts,
      queue: cluster.queue,
      resolver: new NodeResolver(cluster.hosts),
      checksums: new ChecksumCache(),
      token: interrupt.token,
      options: {
        build: !options.flags.has('no-build'),
        ...(options.values.has('time') ? { testTimeLimit: options.values.get('time') as string } : {}),
      },
      onProgress: (event) => {
        // Progress goes to stderr so that stdout holds only the report (or the JSON).
        if (event.kind === 'checking') io.err(`[${event.number}/8] ${event.title}...\n`);
        if (event.kind === 'checked') io.err(`[${event.result.number}/8] ${event.result.status}: ${event.result.summary}\n`);
        if (event.kind === 'note' || event.kind === 'cleanup') io.err(`      ${event.message}\n`);
      },
    });
    io.out(json ? `${JSON.stringify(report, null, 2)}\n` : renderVerifyText(report));
    if (report.cancelled) return 130;
    return report.ok ? 0 : 1;
  } finally {
    interrupt.dispose();
    await cluster.dispose();
  }
}

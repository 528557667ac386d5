// `appframework build <app>`: apptainer build on the project's access host, output live, Ctrl-C
// stops it there, and the errors it could place in the definition printed as file:line:col.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { definitionFileOf } from '../core/apps';
import { formatDuration, planBuild, runBuild, type BuildPlan } from '../core/build';
import { runChecked, shellJoin, validated, type Host } from '../core/hosts';
import type { ProjectConfig } from '../core/config';
import { interruptToken, openCluster, type CliCluster } from './cluster';
import { displayPath } from './config';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const USAGE = 'Usage: appframework build <app> [folder] [--sandbox] [--ssh-config FILE]\n';

export async function runBuildCommand(args: string[], io: CliIo): Promise<number> {
  let options;
  try {
    options = parseOptions(args, { values: ['ssh-config'], flags: ['sandbox'] });
    if (options.positional.length < 1 || options.positional.length > 2) throw new UsageError('build takes an app id and optionally a folder');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework build: ${error.message}\n${USAGE}`);
    return 2;
  }
  const [appId, folder = '.'] = options.positional;
  const cluster = await openCluster(folder, options.values.get('ssh-config'), io);
  try {
    return await buildApp(cluster, validated('appId', appId), options.flags.has('sandbox'), io);
  } finally {
    await cluster.dispose();
  }
}

/** Builds one app; returns the exit code (0 built, 1 failed, 130 interrupted). Shared with `deploy --build`. */
export async function buildApp(cluster: CliCluster, appId: string, sandbox: boolean, io: CliIo): Promise<number> {
  const access = cluster.hosts.access;
  const plan = await cliPlan(cluster.config, appId, sandbox, access.host, access.spec.kind !== 'local');
  if (plan.upload) {
    io.err(`Copying ${path.basename(plan.upload.from)} to ${access.host.label}:${plan.definition}\n`);
    await access.host.mkdir(path.posix.dirname(plan.definition), { recursive: true });
    await access.host.writeFile(plan.definition, plan.definitionText ?? '');
  }
  io.err(`$ ${plan.sudo ? 'sudo ' : ''}${shellJoin(plan.argv)}   (on ${access.host.label})\n`);
  const interrupt = interruptToken();
  try {
    const result = await runBuild(plan, (text) => io.err(text), interrupt.token);
    const file = displayPath(definitionFileOf(cluster.config, appId));
    for (const problem of result.problems) {
      io.err(`${file}:${problem.range.start.line + 1}:${problem.range.start.character + 1}: ${problem.severity}: ${problem.message}\n`);
    }
    const took = formatDuration(result.durationMs);
    if (result.status === 'succeeded') {
      io.out(`Built ${plan.output} on ${access.host.label} in ${took}.\n`);
      return 0;
    }
    io.err(`appframework build: ${result.message} (after ${took})\n`);
    return result.status === 'cancelled' ? 130 : 1;
  } finally {
    interrupt.dispose();
  }
}

async function cliPlan(config: ProjectConfig, appId: string, sandbox: boolean, host: Host, remote: boolean): Promise<BuildPlan> {
  const file = definitionFileOf(config, appId);
  const text = await fsp.readFile(file, 'utf8').catch(() => {
    throw new Error(`no definition file ${displayPath(file)} for ${appId}`);
  });
  const home = remote ? validated('absolutePath', (await runChecked(host, ['sh', '-c', 'printf %s "$HOME"'])).stdout.trim()) : undefined;
  return planBuild(config, { appId, sandbox }, host, text, home);
}

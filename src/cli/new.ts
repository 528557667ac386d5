import * as path from 'node:path';
import { loadProjectConfig } from '../core/config';
import { applyNewAppPlan, NewAppError, nodeFs, planNewApp, resolveNewApp, type DefinitionBase, type NewAppInput } from '../core/apps';
import { displayPath } from './config';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const USAGE = `Usage: appframework new <id> --packages <pkg,...> [--name <display name>] [--description <text>]
         [--command <command>] [--cpus <n>] [--memory <2G>] [--partition <name>] [--time <02:00:00>]
         [--base docker|debootstrap] [--base-image <image or suite>] [--mirror <url>]
         [--resolution <1280x720>] [--folder <project folder>] [--dry-run]
`;

const VALUE_OPTIONS = ['name', 'description', 'packages', 'command', 'cpus', 'memory', 'partition', 'time', 'base', 'base-image', 'mirror', 'resolution', 'folder'];

function inputOf(id: string, values: ReadonlyMap<string, string>): NewAppInput {
  const cpus = values.get('cpus');
  if (cpus !== undefined && !/^\d+$/.test(cpus)) throw new UsageError(`--cpus must be a whole number, not ${JSON.stringify(cpus)}`);
  const get = (name: string) => values.get(name);
  return {
    id,
    packages: (get('packages') ?? '').split(/[\s,]+/).filter(Boolean),
    ...(get('name') === undefined ? {} : { name: get('name') }),
    ...(get('description') === undefined ? {} : { description: get('description') }),
    ...(get('command') === undefined ? {} : { command: get('command') }),
    ...(cpus === undefined ? {} : { cpus: Number(cpus) }),
    ...(get('memory') === undefined ? {} : { memory: get('memory') }),
    ...(get('partition') === undefined ? {} : { partition: get('partition') }),
    ...(get('time') === undefined ? {} : { time: get('time') }),
    ...(get('base') === undefined ? {} : { base: get('base') as DefinitionBase }),
    ...(get('base-image') === undefined ? {} : { baseImage: get('base-image') }),
    ...(get('mirror') === undefined ? {} : { mirrorUrl: get('mirror') }),
    ...(get('resolution') === undefined ? {} : { resolution: get('resolution') }),
  };
}

/** `appframework new <id> ...`: writes the def, the job template, the registry entry and the JOB_TEMPLATES line. */
export async function runNew(args: string[], io: CliIo): Promise<number> {
  let input: NewAppInput;
  let folder: string;
  let dryRun: boolean;
  try {
    const options = parseOptions(args, { values: VALUE_OPTIONS, flags: ['dry-run'] });
    if (options.positional.length !== 1) throw new UsageError('give exactly one app id');
    input = inputOf(options.positional[0], options.values);
    folder = path.resolve(options.values.get('folder') ?? '.');
    dryRun = options.flags.has('dry-run');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework new: ${error.message}\n${USAGE}`);
    return 2;
  }
  const loaded = await loadProjectConfig(folder, nodeFs);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    io.err(`appframework new: ${displayPath(loaded.file)} has errors (see appframework config check); nothing was changed\n`);
    return 1;
  }
  const resolved = resolveNewApp(input, loaded.config);
  if (!resolved.ok) {
    for (const problem of resolved.problems) io.err(`appframework new: ${problem}\n`);
    return 1;
  }
  try {
    const plan = await planNewApp(loaded.config, resolved.spec, nodeFs);
    if (!dryRun) await applyNewAppPlan(plan, nodeFs);
    const verb = dryRun ? 'would ' : '';
    for (const change of plan.changes) {
      const action = change.before === undefined ? 'create' : 'update';
      io.out(`${verb}${dryRun ? action : `${action}d`} ${displayPath(change.file)} (${change.role})\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof NewAppError)) throw error;
    io.err(`appframework new: ${error.message}\n`);
    return 1;
  }
}

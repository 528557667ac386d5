import * as path from 'node:path';
import { loadProjectConfig } from '../core/config';
import { loadApps, nodeFs, type App } from '../core/apps';
import { displayPath } from './config';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

const IMAGE_STATE: Record<App['imageState'], string> = { built: 'built', stale: 'stale', 'not-built': 'not built' };

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n';
}

/** `appframework apps [--json] [folder]`: the joined apps of a project. */
export async function runApps(args: string[], io: CliIo): Promise<number> {
  let options;
  try {
    options = parseOptions(args, { flags: ['json'] });
    if (options.positional.length > 1) throw new UsageError('apps takes one folder');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework apps: ${error.message}\nUsage: appframework apps [--json] [folder]\n`);
    return 2;
  }
  const folder = path.resolve(options.positional[0] ?? '.');
  const loaded = await loadProjectConfig(folder, nodeFs);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    io.err(`${displayPath(loaded.file)} has errors (see appframework config check); invalid values fall back to the defaults\n`);
  }
  const snapshot = await loadApps(loaded.config, nodeFs);
  if (options.flags.has('json')) {
    io.out(`${JSON.stringify(snapshot, null, 2)}\n`);
    return 0;
  }
  if (snapshot.apps.length === 0) {
    io.out(`No apps in ${displayPath(folder)} (looked in ${path.relative(folder, loaded.config.paths.definitions) || '.'}, the registry and JOB_TEMPLATES).\n`);
  } else {
    const rows = [['ID', 'NAME', 'IMAGE', 'REGISTERED', 'JOB TEMPLATE', 'PROBLEMS']];
    for (const app of snapshot.apps) {
      rows.push([
        app.id,
        app.registry?.name ?? '-',
        IMAGE_STATE[app.imageState],
        app.registry ? 'yes' : 'no',
        app.jobTemplate ? `${app.jobTemplate.name}${app.jobTemplate.exists ? '' : ' (missing)'}` : '-',
        String(app.problems.length),
      ]);
    }
    io.out(table(rows));
  }
  const lines = [...snapshot.problems, ...snapshot.apps.flatMap((app) => app.problems.map((problem) => `${app.id}: ${problem}`))];
  if (lines.length > 0) io.out(`\nProblems:\n${lines.map((line) => `  ${line}\n`).join('')}`);
  return 0;
}

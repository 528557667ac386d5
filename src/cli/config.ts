import * as path from 'node:path';
import { formatDiagnostic, loadProjectConfig } from '../core/config';
import { nodeFs } from '../core/apps/fs';
import type { CliIo } from './main';
import { parseOptions, UsageError } from './options';

/** Paths in messages: relative to the current folder when inside it, like compilers print them. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { positional } = parseOptions(args, {});
  if (positional.length > 1) throw new UsageError('config check takes one folder');
  const folder = path.resolve(positional[0] ?? '.');
  const loaded = await loadProjectConfig(folder, nodeFs);
  if (!loaded.exists) {
    io.out(`${displayPath(loaded.file)}: not found; the defaults apply (everything runs on this machine)\n`);
    return 0;
  }
  for (const diagnostic of loaded.diagnostics) io.out(`${formatDiagnostic(displayPath(loaded.file), diagnostic)}\n`);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = loaded.diagnostics.filter((d) => d.severity === 'warning').length;
  if (loaded.diagnostics.length === 0) io.out(`${displayPath(loaded.file)}: ok\n`);
  else io.err(`${errors} error(s), ${warnings} warning(s)\n`);
  return errors > 0 ? 1 : 0;
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { positional } = parseOptions(args, {});
  if (positional.length > 1) throw new UsageError('config show takes one folder');
  const loaded = await loadProjectConfig(path.resolve(positional[0] ?? '.'), nodeFs);
  // Personal values (ssh user, keys) are not part of the project's configuration.
  io.out(`${JSON.stringify(loaded.config, (key, value) => (key === 'personal' ? undefined : value), 2)}\n`);
  return loaded.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** `appframework config check [folder]` and `appframework config show [folder]`. */
export async function runConfig(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  try {
    if (action === 'check') return await check(rest, io);
    if (action === 'show') return await show(rest, io);
    throw new UsageError(action ? `unknown action ${JSON.stringify(action)}` : 'missing action');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework config: ${error.message}\nUsage: appframework config check|show [folder]\n`);
    return 2;
  }
}

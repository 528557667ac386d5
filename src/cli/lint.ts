// `appframework lint`: the editor's definition-file diagnostics on the command line, for CI.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkDefinition, LINT_RULES, type DefDiagnostic } from '../core/apptainer';
import type { CliIo } from './main';

const USAGE = `Usage: appframework lint <files or folders...> [--format text|json]

Checks Apptainer definition files: what Apptainer's parser rejects (AF codes) and the
App Framework lint rules (AFL codes). Folders are searched for *.def, Apptainer* and
Singularity* files. Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable file.
`;

type Format = 'text' | 'json';

interface Options {
  readonly paths: string[];
  readonly format: Format;
}

class UsageError extends Error {}

function parseArgs(args: string[]): Options | 'help' {
  const paths: string[] = [];
  let format: Format = 'text';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    const value = arg === '--format' ? args[++i] : arg.startsWith('--format=') ? arg.slice('--format='.length) : undefined;
    if (arg === '--format' || arg.startsWith('--format=')) {
      if (value !== 'text' && value !== 'json') throw new UsageError(`--format must be text or json, not "${value ?? ''}"`);
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError('give at least one file or folder');
  return { paths, format };
}

function isDefinitionName(name: string): boolean {
  return name.endsWith('.def') || name.startsWith('Apptainer') || name.startsWith('Singularity');
}

/** Definition files under a folder, in a stable order; hidden folders and node_modules are skipped. */
async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') found.push(...(await walk(path)));
    } else if (entry.isFile() && isDefinitionName(entry.name)) found.push(path);
  }
  return found;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}

async function collect(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    try {
      files.push(...((await stat(path)).isDirectory() ? await walk(path) : [path]));
    } catch (error) {
      throw new Error(`cannot read ${path}: ${reason(error)}`);
    }
  }
  return [...new Set(files)];
}

interface Result {
  readonly file: string;
  readonly diagnostic: DefDiagnostic;
}

function toJson({ file, diagnostic: d }: Result) {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    source: d.source,
    message: d.message,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function runLint(args: string[], io: CliIo): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`appframework lint: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    io.out(`${USAGE}\nLint rules (silence one with "# appframework-ignore CODE" on the line before):\n`);
    for (const rule of LINT_RULES) io.out(`  ${rule.code}  ${rule.severity.padEnd(7)}  ${rule.summary}\n`);
    return 0;
  }

  let files: string[];
  const results: Result[] = [];
  try {
    files = await collect(options.paths);
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new Error(`cannot read ${file}: ${reason(error)}`);
      }
      for (const diagnostic of checkDefinition(text)) results.push({ file, diagnostic });
    }
  } catch (error) {
    io.err(`appframework lint: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }

  results.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
      a.diagnostic.range.start.character - b.diagnostic.range.start.character ||
      a.diagnostic.code.localeCompare(b.diagnostic.code),
  );
  if (options.format === 'json') io.out(`${JSON.stringify(results.map(toJson), null, 2)}\n`);
  else {
    for (const r of results) {
      const j = toJson(r);
      io.out(`${j.file}:${j.line}:${j.column}: ${j.severity} ${j.code} ${j.message}\n`);
    }
  }

  const count = (severity: string) => results.filter((r) => r.diagnostic.severity === severity).length;
  const errors = count('error');
  io.err(
    `${plural(files.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')}` +
      `${files.length === 0 ? ' (no *.def, Apptainer* or Singularity* files found)' : ''}\n`,
  );
  return errors > 0 ? 1 : 0;
}

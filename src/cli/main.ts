// `appframework`: the extension's core on the command line, for terminals and CI pipelines.
import { runApps } from './apps';
import { runConfig } from './config';
import { runLint } from './lint';
import { runNew } from './new';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

type Subcommand = { summary: string; run(args: string[], io: CliIo): Promise<number> };

const subcommands: Record<string, Subcommand> = {
  lint: { summary: 'lint <files or folders...> [--format text|json]  check Apptainer definition files', run: runLint },
  config: { summary: 'config check|show [folder]  validate appframework.yaml / print the effective configuration', run: runConfig },
  apps: { summary: 'apps [--json] [folder]  list the apps joined from defs, images, job templates and the registry', run: runApps },
  new: { summary: 'new <id> --packages <pkgs> [options]  scaffold an app: def, job template, registry entry, JOB_TEMPLATES line', run: runNew },
};

function usage(io: CliIo): void {
  io.out('Usage: appframework <command> [options]\n\nCommands:\n');
  for (const { summary } of Object.values(subcommands)) io.out(`  ${summary}\n`);
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    usage(io);
    return name ? 0 : 2;
  }
  const subcommand = subcommands[name];
  if (!subcommand) {
    io.err(`appframework: unknown command "${name}"\n`);
    usage(io);
    return 2;
  }
  try {
    return await subcommand.run(args, io);
  } catch (error) {
    // A clear line, never a stack trace.
    io.err(`appframework ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  const io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}

// `appframework`: the extension's core on the command line, for terminals and CI pipelines.
import { runApps } from './apps';
import { runConfig } from './config';
import { runLint } from './lint';
import { runNew } from './new';
import { runCancel } from './cancel';
import { runJobs } from './jobs';
import { runLaunch } from './launch';
import { runLogs } from './logs';
import { runVerify } from './verify';
import { runBuildCommand } from './build';
import { runDeploy } from './deploy';
import { runImages } from './images';

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
  build: { summary: 'build <app> [folder] [--sandbox]  apptainer build on the access host, errors as file:line', run: runBuildCommand },
  deploy: { summary: 'deploy <app> [folder] [--build] [--nodes a,b] | deploy --vnc FILE.sif  verified, atomic deploy to the viz nodes', run: runDeploy },
  images: { summary: 'images [folder] [--nodes a,b] [--json]  the images on each viz node and whether they match the local build', run: runImages },
  launch: { summary: 'launch <app> [folder] [--via sbatch|backend]  submit the app\'s job and wait until its session answers', run: runLaunch },
  jobs: { summary: 'jobs [folder] [--all-users] [--json]  your Slurm jobs, app sessions first', run: runJobs },
  cancel: { summary: 'cancel <job-id...> [--folder DIR]  cancel jobs (scancel)', run: runCancel },
  logs: { summary: 'logs <job-id> [--error] [--follow]  a job\'s output or error log, read on its node', run: runLogs },
  verify: { summary: 'verify <app> [folder] [--json] [--no-build]  run the Verify App checklist (test job cancelled at the end)', run: runVerify },
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

import type { ShellCommand, ShellWord } from '../../shell/script';
import { range } from '../../types';
import type { LintContext } from '../context';
import type { LintRule, RuleHit } from '../rule';
import { assignmentsOf, commandName, firstOperand, insertAfter } from '../shellWords';

const aptCommands = new Set(['apt-get', 'apt']);
const aptOptionsWithValue = new Set(['-o', '-c', '-t', '-a', '--option', '--config-file', '--target-release']);

interface AptInstall {
  readonly command: ShellCommand;
  readonly name: ShellWord;
  readonly install: ShellWord;
}

function aptInstall(command: ShellCommand): AptInstall | undefined {
  const name = commandName(command);
  if (!name || !aptCommands.has(name) || !command.name) return undefined;
  const sub = firstOperand(command, aptOptionsWithValue);
  return sub?.value === 'install' ? { command, name: command.name, install: sub } : undefined;
}

function assumesYes(command: ShellCommand): boolean {
  const args = command.args.map((a) => a.value);
  if (args.some((a) => a === '--yes' || a === '--assume-yes' || a === '-qq' || a === '-q=2' || /^-[a-zA-Z]*y[a-zA-Z]*$/.test(a))) return true;
  if (args.some((a, i) => (a === '-o' || a === '--option') && /^APT::Get::Assume-Yes=(true|yes|1)$/i.test(args[i + 1] ?? ''))) return true;
  return command.pipedFrom !== undefined && commandName(command.pipedFrom) === 'yes';
}

/** Installs in the stage's build-time scripts, in the order they run. */
function installs(ctx: LintContext) {
  return ctx.stages.map((stage) => {
    const commands = ctx.buildScripts(stage).flatMap((s) => s.commands);
    return { stage, commands, installs: commands.flatMap((c) => aptInstall(c) ?? []) };
  });
}

const installRange = (i: AptInstall) => ({ start: i.name.range.start, end: i.install.range.end });

export const aptAssumeYes: LintRule = {
  code: 'AFL001',
  severity: 'warning',
  summary: 'apt-get install without -y',
  check: (ctx) =>
    installs(ctx).flatMap(({ installs: found }) =>
      found
        .filter((i) => !assumesYes(i.command))
        .map((i) => ({
          range: installRange(i),
          message: `${i.name.value} install without -y waits for a "Do you want to continue?" answer that never comes in a build: add -y`,
          fix: { title: 'Add -y', edits: [insertAfter(i.install, ' -y')] },
        })),
    ),
};

function removesAptLists(command: ShellCommand): boolean {
  return commandName(command) === 'rm' && command.args.some((a) => a.value.startsWith('/var/lib/apt/lists'));
}

export const aptListsCleanup: LintRule = {
  code: 'AFL002',
  severity: 'info',
  summary: 'apt lists not removed after apt-get install',
  check: (ctx) => {
    const final = installs(ctx).find(({ stage }) => stage === ctx.finalStage);
    const last = final?.installs[final.installs.length - 1];
    if (!final || !last) return [];
    const after = final.commands.slice(final.commands.indexOf(last.command) + 1);
    if (after.some(removesAptLists)) return [];
    const line = ctx.model.lines[last.command.lastLine];
    const indent = ctx.model.lines[last.command.firstLine].match(/^\s*/)?.[0] ?? '';
    const hit: RuleHit = {
      range: installRange(last),
      message: 'the apt package lists stay in the image (tens of MB): end the install with "rm -rf /var/lib/apt/lists/*"',
      fix: {
        title: 'Remove the apt lists after the install',
        edits: [{ range: range(last.command.lastLine, line.length, last.command.lastLine, line.length), newText: `\n${indent}rm -rf /var/lib/apt/lists/*` }],
      },
    };
    return [hit];
  },
};

function setsNoninteractive(value: string): boolean {
  return value === 'noninteractive';
}

export const aptNoninteractive: LintRule = {
  code: 'AFL003',
  severity: 'warning',
  summary: 'apt-get install without DEBIAN_FRONTEND=noninteractive',
  check: (ctx) =>
    installs(ctx).flatMap(({ commands }) => {
      let exported = false;
      let assigned = false;
      for (const command of commands) {
        const name = commandName(command);
        const sets = assignmentsOf(command).some((a) => a.name === 'DEBIAN_FRONTEND' && setsNoninteractive(a.value));
        if (name === 'export' && (sets || (assigned && command.args.some((a) => a.value === 'DEBIAN_FRONTEND')))) exported = true;
        else if (!name && sets) assigned = true;
        const install = aptInstall(command);
        if (install && !exported && !command.assignments.some((a) => a.value === 'DEBIAN_FRONTEND=noninteractive')) {
          return [
            {
              range: installRange(install),
              message:
                'packages such as tzdata stop the build with a question unless DEBIAN_FRONTEND=noninteractive: add "export DEBIAN_FRONTEND=noninteractive" at the top of %post',
            },
          ];
        }
      }
      return [];
    }),
};

export const aptNotAptGet: LintRule = {
  code: 'AFL004',
  severity: 'warning',
  summary: 'apt instead of apt-get in a script',
  check: (ctx) =>
    ctx.stages.flatMap((stage) =>
      ctx
        .buildScripts(stage)
        .flatMap((s) => s.commands)
        .filter((c) => c.name?.value === 'apt')
        .map((c) => {
          const word = c.name as ShellWord;
          return {
            range: word.range,
            message: 'apt is for terminals ("WARNING: apt does not have a stable CLI interface"): use apt-get in scripts',
            fix: { title: 'Use apt-get', edits: [{ range: word.range, newText: 'apt-get' }] },
          };
        }),
    ),
};

import type { ShellCommand, ShellWord } from '../../shell/script';
import type { LintRule, RuleHit } from '../rule';
import { assignmentsOf, commandName, firstOperand, insertAfter } from '../shellWords';

const pipOptionsWithValue = new Set(['--proxy', '--retries', '--timeout', '--log', '--cache-dir', '--python']);

/** The `install` word of `pip install`, `pip3 install` or `python3 -m pip install`. */
function pipInstall(command: ShellCommand): ShellWord | undefined {
  const name = commandName(command) ?? '';
  if (/^pip[\d.]*$/.test(name)) {
    const sub = firstOperand(command, pipOptionsWithValue);
    return sub?.value === 'install' ? sub : undefined;
  }
  if (/^python[\d.]*$/.test(name)) {
    const m = command.args.findIndex((a) => a.value === '-m');
    if (m >= 0 && /^pip[\d.]*$/.test(command.args[m + 1]?.value ?? '') && command.args[m + 2]?.value === 'install') return command.args[m + 2];
  }
  return undefined;
}

const disablesCache = (value: string) => value !== '' && !/^(0|false|no|off)$/i.test(value);

export const pipNoCacheDir: LintRule = {
  code: 'AFL005',
  severity: 'info',
  summary: 'pip install without --no-cache-dir',
  check: (ctx) =>
    ctx.stages.flatMap((stage) => {
      const hits: RuleHit[] = [];
      let cacheOff = false;
      for (const command of ctx.buildScripts(stage).flatMap((s) => s.commands)) {
        const setsEnv = assignmentsOf(command).some((a) => a.name === 'PIP_NO_CACHE_DIR' && disablesCache(a.value));
        if (setsEnv && commandName(command) === 'export') cacheOff = true;
        const install = pipInstall(command);
        if (!install || cacheOff || setsEnv || command.args.some((a) => a.value === '--no-cache-dir')) continue;
        hits.push({
          range: { start: (command.name as ShellWord).range.start, end: install.range.end },
          message: "pip keeps its download cache in the image (often hundreds of MB): add --no-cache-dir",
          fix: { title: 'Add --no-cache-dir', edits: [insertAfter(install, ' --no-cache-dir')] },
        });
      }
      return hits;
    }),
};

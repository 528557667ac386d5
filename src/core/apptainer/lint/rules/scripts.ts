import type { ShellWord } from '../../shell/script';
import type { LintRule, RuleHit } from '../rule';

export const startscriptWithoutRunscript: LintRule = {
  code: 'AFL010',
  severity: 'warning',
  summary: '%startscript without %runscript',
  check: (ctx): RuleHit[] => {
    const stage = ctx.finalStage;
    if (!stage || stage.sections.some((s) => s.name === 'runscript')) return [];
    const start = stage.sections.find((s) => s.name === 'startscript' && s.lastContentLine > s.line);
    if (!start) return [];
    return [
      {
        range: start.nameRange,
        message:
          'the job runs "apptainer run", which runs %runscript and never %startscript (only "apptainer instance start" does): put the commands in %runscript',
      },
    ];
  },
};

export const sudoInPost: LintRule = {
  code: 'AFL011',
  severity: 'warning',
  summary: 'sudo in %post',
  check: (ctx) =>
    ctx.stages.flatMap((stage) =>
      ctx
        .buildScripts(stage)
        .flatMap((s) => s.commands)
        .flatMap((c) => {
          const sudo = c.sudo as ShellWord | undefined;
          if (!sudo) return [];
          const next = c.name ?? c.assignments[0];
          return [
            {
              range: sudo.range,
              message: '%post already runs as root (or fakeroot) and images rarely contain sudo: drop "sudo"',
              fix: next
                ? { title: 'Remove sudo', edits: [{ range: { start: sudo.range.start, end: next.range.start }, newText: '' }] }
                : undefined,
            },
          ];
        }),
    ),
};

import { SHELL_ARG_SECTIONS } from '../keywords';
import { AF } from '../parser/codes';
import type { DefinitionModel, Section } from '../parser/model';
import { fieldsWithOffsets } from '../text';
import { lineRange } from '../types';
import type { Finding } from './finding';

/**
 * The arguments as Apptainer uses them: everything after a `#` is a comment. A `{{ var }}`
 * stays one field (it is substituted before the build reads the arguments).
 */
function argFields(section: Section): { text: string; start: number }[] {
  const start = section.argsRange?.start.character ?? 0;
  const args = section.args.split('#')[0].replace(/\{\{\s*\w+\s*\}\}/g, (m) => `{{${'_'.repeat(m.length - 4)}}}`);
  return fieldsWithOffsets(args).map((f) => ({ text: f.text, start: start + f.start }));
}

/** `%post -c` with nothing after `-c`: Apptainer's getSectionScriptArgs fails the build. */
function checkShellArg(section: Section): Finding[] {
  if (!SHELL_ARG_SECTIONS.has(section.name)) return [];
  const fields = argFields(section);
  const index = fields.findIndex((f) => f.text === '-c');
  if (index < 0 || index < fields.length - 1) return [];
  const c = fields[index];
  return [
    {
      code: AF.shellArgMissing,
      severity: 'error',
      message: `bad ${section.name} section '-c' parameter: missing arguments: name the shell, e.g. "%${section.name} -c /bin/bash"`,
      range: lineRange(section.line, c.start, c.start + 2),
    },
  ];
}

/** `%files from <stage>`: the stage must be named (`Stage: <name>`) by an earlier stage. */
function checkFilesFrom(model: DefinitionModel, stageIndex: number, section: Section): Finding[] {
  if (section.name !== 'files' || section.args.split('#')[0] === '') return [];
  const fields = argFields(section);
  const where = section.argsRange ?? section.nameRange;
  if (fields.length !== 2) {
    return [
      {
        code: AF.ignoredFilesArgs,
        severity: 'warning',
        message: 'Apptainer ignores this %files section: its arguments must be "from <stage>" (or nothing, to copy from the host)',
        range: where,
      },
    ];
  }
  const findings: Finding[] = [];
  if (fields[0].text !== 'from') {
    findings.push({
      code: AF.ignoredFilesArgs,
      severity: 'warning',
      message: `Apptainer reads "${fields[1].text}" as the stage to copy from whatever the first word is: write "from ${fields[1].text}"`,
      range: lineRange(section.line, fields[0].start, fields[0].start + fields[0].text.length),
    });
  }
  const stageName = fields[1];
  if (stageName.text.includes('{{')) return findings;
  const nameRange = lineRange(section.line, stageName.start, stageName.start + stageName.text.length);
  const defined = model.stages.findIndex((s) => s.name === stageName.text);
  if (defined < 0) {
    const names = model.stages.slice(0, stageIndex).flatMap((s) => (s.name ? [s.name] : []));
    findings.push({
      code: AF.unknownStage,
      severity: 'error',
      message: `stage ${stageName.text} was not found${names.length ? ` (earlier stages: ${names.join(', ')})` : ': name a stage with "Stage: <name>" in its header'}`,
      range: nameRange,
    });
  } else if (defined >= stageIndex) {
    // Apptainer accepts it, then fails to find the files: that stage is not built yet.
    findings.push({
      code: AF.laterStage,
      severity: 'warning',
      message: `stage ${stageName.text} is not built before this stage: files can only be copied from a stage defined earlier in the file`,
      range: nameRange,
    });
  }
  return findings;
}

export function checkSectionArgs(model: DefinitionModel): Finding[] {
  return model.stages.flatMap((stage, index) =>
    stage.sections.flatMap((section) => [...checkShellArg(section), ...checkFilesFrom(model, index, section)]),
  );
}

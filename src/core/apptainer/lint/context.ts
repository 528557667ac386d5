import { SCRIPT_SECTIONS } from '../keywords';
import type { DefinitionModel, Section, Stage } from '../parser/model';
import { parseScript, type ShellCommand } from '../shell/script';

/** A script section with its parsed commands. */
export interface Script {
  readonly stage: Stage;
  readonly section: Section;
  readonly commands: readonly ShellCommand[];
}

/** What rules look at: the parsed model plus the commands of every script section, parsed once. */
export class LintContext {
  private readonly parsed = new Map<Section, Script>();

  constructor(readonly model: DefinitionModel) {}

  /** Stages with a bootstrap agent; the last one is the image that gets built. */
  get stages(): readonly Stage[] {
    return this.model.stages.filter((s) => s.bootstrap !== undefined);
  }

  get finalStage(): Stage | undefined {
    return this.stages[this.stages.length - 1];
  }

  script(stage: Stage, section: Section): Script {
    let script = this.parsed.get(section);
    if (!script) {
      script = { stage, section, commands: parseScript(this.model.lines, section.bodyStartLine, section.bodyEndLine) };
      this.parsed.set(section, script);
    }
    return script;
  }

  /** Every shell script section of every stage (including %environment and the app scripts). */
  scripts(): Script[] {
    return this.stages.flatMap((stage) => stage.sections.filter((s) => SCRIPT_SECTIONS.has(s.name)).map((s) => this.script(stage, s)));
  }

  /**
   * What runs inside the container at build time, in order: the `%post` sections (Apptainer
   * concatenates them) and then the `%appinstall` sections (appended to the same script).
   */
  buildScripts(stage: Stage): Script[] {
    const pick = (name: string) => stage.sections.filter((s) => s.name === name).map((s) => this.script(stage, s));
    return [...pick('post'), ...pick('appinstall')];
  }
}

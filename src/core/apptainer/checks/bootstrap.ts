import { AGENTS, spellHeaderKey } from '../keywords';
import { AF } from '../parser/codes';
import type { DefinitionModel, HeaderEntry, Stage } from '../parser/model';
import { headerValue } from '../parser/model';
import { lineRange } from '../types';
import type { Finding } from './finding';
import { isImageReference } from './imageReference';

const osVersionPlaceholder = /%\{OSVERSION\}/i;

function present(stage: Stage, key: string): boolean {
  const entry = headerValue(stage, key);
  return entry !== undefined && entry.value !== '';
}

/** Keys the agent's conveyor packer refuses to run without, with Apptainer's reason. */
function missingKeys(agent: string, stage: Stage): { key: string; why: string }[] {
  const missing = (keys: string[], why: (key: string) => string) =>
    keys.filter((key) => !present(stage, key)).map((key) => ({ key, why: why(key) }));
  const mentionsOsVersion = ['mirrorurl', 'updateurl'].some((key) => osVersionPlaceholder.test(headerValue(stage, key)?.value ?? ''));
  switch (agent) {
    case 'debootstrap':
      return missing(['osversion', 'mirrorurl'], (key) => `invalid debootstrap header, no ${key} specified`);
    case 'busybox':
      return missing(['mirrorurl'], () => 'invalid busybox header, no mirror url specified');
    case 'yum':
    case 'dnf':
      return [
        ...missing(['mirrorurl'], () => 'invalid yum header, no mirrorurl specified'),
        ...(mentionsOsVersion ? missing(['osversion'], () => 'invalid yum header, osversion referenced in mirror but no osversion specified') : []),
      ];
    case 'zypper': {
      const sle = ['product', 'user', 'regcode'].some((key) => headerValue(stage, key));
      if (sle) {
        return [
          ...missing(['product', 'user', 'regcode'], () => "for installation of SLE 'Product', 'User' and 'Regcode' need to be set"),
          ...missing(['osversion'], () => 'invalid zypper header, OSVersion always required for SLE'),
        ];
      }
      // Without MirrorURL zypper falls back to the build host's registration: nothing is required.
      return mentionsOsVersion ? missing(['osversion'], () => 'invalid zypper header, OSVersion referenced in mirror but no OSVersion specified') : [];
    }
    default:
      return missing([...(AGENTS[agent]?.required ?? [])], (key) => `Bootstrap: ${agent} needs "${spellHeaderKey(key)}:"`);
  }
}

function firstContentRange(model: DefinitionModel, stage: Stage) {
  for (let line = stage.startLine; line <= stage.endLine; line++) {
    const text = model.lines[line];
    const t = text.trim();
    if (t !== '' && !t.startsWith('#')) return lineRange(line, text.length - text.trimStart().length, text.length);
  }
  return lineRange(stage.startLine, 0, model.lines[stage.startLine].length);
}

/** Agents that still start without `From:`; the build then fails or does something surprising. */
const toleratedWithoutFrom: Readonly<Record<string, string>> = {
  library: 'Apptainer then asks the library for "library://:latest", which fails',
  localimage: 'Apptainer then builds from the current folder, as if it were a sandbox',
};

/** `Bootstrap: docker` joins Registry:, Namespace: and From: into one reference it must parse. */
function checkReference(stage: Stage): Finding[] {
  const from = headerValue(stage, 'from');
  if (!from || from.value === '' || from.value.includes('{{')) return [];
  const parts = ['registry', 'namespace'].flatMap((key) => headerValue(stage, key)?.value || []);
  const ref = [...parts, from.value].join('/');
  if (ref.includes('{{') || isImageReference(ref)) return [];
  return [
    {
      code: AF.invalidImageReference,
      severity: 'error',
      message: `could not parse reference: ${ref} (an image reference is [host[:port]/]name[:tag][@digest], the name in lower case)`,
      range: from.valueRange,
    },
  ];
}

function checkAgent(model: DefinitionModel, stage: Stage, bootstrap: HeaderEntry): Finding[] {
  const agent = bootstrap.value;
  // `{{ agent }}` is substituted before Apptainer looks at the agent.
  if (agent.includes('{{')) return [];
  const spec = AGENTS[agent];
  if (!spec) {
    const lower = agent.toLowerCase();
    const hint = AGENTS[lower] ? ` (agent names are case-sensitive: use "${lower}")` : ` (one of: ${Object.keys(AGENTS).join(', ')})`;
    return [{ code: AF.unknownAgent, severity: 'error', message: `invalid build source ${agent}${hint}`, range: bootstrap.valueRange }];
  }
  const findings: Finding[] = missingKeys(agent, stage).map(({ key, why }) => {
    const tolerated = key === 'from' ? toleratedWithoutFrom[agent] : undefined;
    return {
      code: tolerated ? AF.missingFromTolerated : AF.missingAgentKey,
      severity: tolerated ? ('warning' as const) : ('error' as const),
      message: `${why}${tolerated ? `: ${tolerated}` : ''}: add "${spellHeaderKey(key)}: ..." to the header${misplacedHint(model, stage, key)}`,
      range: bootstrap.valueRange,
    };
  });
  if (agent === 'docker') findings.push(...checkReference(stage));
  return findings;
}

/** A header line written inside a section body (`From:` under `%post`): a likely cause of a missing key. */
function misplacedHint(model: DefinitionModel, stage: Stage, key: string): string {
  const pattern = new RegExp(`^\\s*${key}\\s*:`, 'i');
  for (const section of stage.sections) {
    for (let line = section.bodyStartLine; line <= section.bodyEndLine; line++) {
      if (pattern.test(model.lines[line])) {
        return ` (line ${line + 1} looks like one, but it is inside %${section.name}: header lines go before the first section)`;
      }
    }
  }
  return '';
}

/** Every stage needs a bootstrap agent that exists and the header keys that agent needs. */
export function checkBootstrap(model: DefinitionModel): Finding[] {
  const findings: Finding[] = [];
  for (const stage of model.stages) {
    const bootstrap = stage.bootstrap;
    if (!stage.startsWithBootstrap && !bootstrap) {
      const multi = model.stages.length > 1;
      findings.push({
        code: AF.missingBootstrap,
        severity: 'error',
        message: multi
          ? 'this text comes before the first "Bootstrap:" line, so Apptainer reads it as a stage without a bootstrap agent: move it below "Bootstrap:" or remove it'
          : `no "Bootstrap:" header: every definition starts with "Bootstrap: <agent>"${misplacedHint(model, stage, 'bootstrap')}`,
        range: firstContentRange(model, stage),
      });
      continue;
    }
    if (!bootstrap || bootstrap.value === '') {
      const where = bootstrap?.keyRange ?? lineRange(stage.startLine, 0, model.lines[stage.startLine].length);
      findings.push({ code: AF.missingBootstrap, severity: 'error', message: 'no bootstrap specification found: "Bootstrap:" needs an agent such as docker', range: where });
      continue;
    }
    findings.push(...checkAgent(model, stage, bootstrap));
  }
  return findings;
}

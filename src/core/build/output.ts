// What `apptainer build` printed, read back: its FATAL reason and, where the definition file
// caused it, the line of the file to show it on. Apptainer's parser messages carry no line
// numbers; the file's own diagnostics (which mirror Apptainer's parser) and the `+ command`
// trace of a failing script section find the place.
import { checkDefinition, parseDefinition, type DefDiagnostic, type Range, type Section } from '../apptainer';

export interface BuildProblem {
  readonly range: Range;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface BuildOutputSummary {
  /** The last `FATAL:` message, without its prefix. */
  readonly fatal?: string;
  readonly warnings: readonly string[];
  /** Commands a failing script section traced (`+ command`), last one last. */
  readonly traces: readonly string[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export function summarizeBuildOutput(output: string): BuildOutputSummary {
  let fatal: string | undefined;
  const warnings: string[] = [];
  const traces: string[] = [];
  for (const raw of output.replace(ANSI, '').split(/\r?\n/)) {
    const line = raw.trimEnd();
    const level = /^(FATAL|ERROR|WARNING):\s+(.*)$/.exec(line);
    if (level) {
      if (level[1] === 'WARNING') warnings.push(level[2]);
      else if (level[1] === 'FATAL') fatal = level[2];
      continue;
    }
    const trace = /^\++ (.*)$/.exec(line);
    if (trace) traces.push(trace[1]);
  }
  return { ...(fatal === undefined ? {} : { fatal }), warnings, traces };
}

/** The problems to show in the definition file for a failed build's output. */
export function mapBuildProblems(output: string, definitionText: string): BuildProblem[] {
  const summary = summarizeBuildOutput(output);
  if (!summary.fatal) return [];
  const reason = reasonOf(summary.fatal);
  const model = parseDefinition(definitionText);
  const top: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: model.lines[0]?.length ?? 0 } };
  const problem = (range: Range, message = reason): BuildProblem[] => [{ range, severity: 'error', message: `apptainer build: ${message}` }];

  const script = /while running %(\w+) section/.exec(summary.fatal);
  if (script) {
    const sections = model.stages.flatMap((stage) => stage.sections).filter((s) => s.name === script[1]);
    if (sections.length === 0) return problem(top);
    return problem(traceRange(model.lines, sections, summary.traces) ?? sections[sections.length - 1].nameRange, reason);
  }

  if (isDefinitionError(summary.fatal)) {
    const candidates = checkDefinition(definitionText).filter((d) => d.source === 'apptainer');
    const best = bestMatch(candidates, reason);
    if (best) return problem(best.range);
    const named = namedPlace(model.lines, reason);
    return problem(named ?? top);
  }

  if (/conveyor failed to get|while (performing http request|getting)|unable to (get|pull)|failed to (get|pull)/i.test(summary.fatal)) {
    const source = headerLine(model.lines, /^\s*(from|mirrorurl)\s*:/i) ?? headerLine(model.lines, /^\s*bootstrap\s*:/i);
    return problem(source ?? top);
  }
  return problem(top);
}

/** Apptainer's wrapping ("Unable to build from x.def: while parsing definition: x.def: ") taken off. */
export function reasonOf(fatal: string): string {
  const wrappers = [
    /^Unable to build from \S+:\s*/,
    /^Unable to create build:\s*/,
    /^while parsing definition:\s*\S+:\s*/,
    /^While performing build:\s*/,
    /^conveyor failed to get:\s*/,
    /^unable to get conveyorpacker:\s*/,
    /^failed to parse deffile header:\s*/,
    /^while running engine:\s*/,
    /^while processing section %\w+ arguments:\s*/,
    /^while getting bootstrap options:\s*/,
    /^while fetching library image:\s*/,
  ];
  let reason = fatal.trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const wrapper of wrappers) {
      const next = reason.replace(wrapper, '');
      if (next !== reason) {
        reason = next;
        changed = true;
      }
    }
  }
  return reason;
}

function isDefinitionError(fatal: string): boolean {
  return (
    /while parsing definition|Unable to create build|build var \S+ is not defined|invalid .* header|no .* specified|invalid build source|unsupported transport|could not parse reference|multiple stages detected|bad \w+ section '-c'|stage \S+ was not found|no bootstrap specification/i.test(fatal)
  );
}

/** The diagnostic whose message shares the longest start with Apptainer's reason. */
function bestMatch(candidates: readonly DefDiagnostic[], reason: string): DefDiagnostic | undefined {
  const wanted = normalize(reason);
  let best: DefDiagnostic | undefined;
  let bestScore = 0;
  for (const candidate of candidates) {
    const score = commonPrefix(normalize(candidate.message), wanted);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  // A few shared words are chance; a real match shares the reason's opening phrase.
  if (best && bestScore >= Math.min(12, wanted.length)) return best;
  return candidates.find((c) => c.severity === 'error');
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Places Apptainer's reason names: an invalid section, a build variable, a header key. */
function namedPlace(lines: readonly string[], reason: string): Range | undefined {
  const section = /invalid section\(s\) specified: (\S+)/.exec(reason);
  if (section) return lineRange(lines, lines.findIndex((l) => new RegExp(`^\\s*%${escape(section[1].split(',')[0])}\\b`, 'i').test(l)));
  const variable = /build var (\S+) is not defined/.exec(reason);
  if (variable) return lineRange(lines, lines.findIndex((l) => new RegExp(`{{\\s*${escape(variable[1])}\\s*}}`).test(l)));
  const key = /header (?:key|keyword found:?) (\S+)/i.exec(reason);
  if (key) return lineRange(lines, lines.findIndex((l) => l.trim().toLowerCase().startsWith(key[1].toLowerCase())));
  return undefined;
}

function headerLine(lines: readonly string[], pattern: RegExp): Range | undefined {
  return lineRange(lines, lines.findIndex((l) => pattern.test(l)));
}

function lineRange(lines: readonly string[], index: number): Range | undefined {
  if (index < 0) return undefined;
  const text = lines[index];
  const start = text.length - text.trimStart().length;
  return { start: { line: index, character: start }, end: { line: index, character: text.length } };
}

/** The line of the section whose command the shell traced last before failing. */
function traceRange(lines: readonly string[], sections: readonly Section[], traces: readonly string[]): Range | undefined {
  for (const trace of [...traces].reverse()) {
    const wanted = normalize(trace);
    if (!wanted) continue;
    for (const section of [...sections].reverse()) {
      for (let line = section.bodyEndLine; line >= section.bodyStartLine; line--) {
        const text = normalize(lines[line] ?? '');
        if (!text || text.startsWith('#')) continue;
        // The trace shows one simple command; the line may hold it inside `a && b` or with quotes.
        if (text === wanted || text.includes(wanted) || stripQuotes(text).includes(stripQuotes(wanted))) return lineRange(lines, line);
      }
    }
  }
  return undefined;
}

function stripQuotes(text: string): string {
  return text.replace(/['"]/g, '');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

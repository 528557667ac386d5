import { splitLines, trimSpace } from '../text';
import { range } from '../types';
import { AF } from './codes';
import { parseHeader } from './header';
import type { DefinitionModel, ParseProblem, Stage } from './model';
import { headerValue } from './model';
import { isSectionLine, parseSections } from './sections';
import { splitStages } from './stages';

function isBlankOrComment(line: string): boolean {
  const t = trimSpace(line);
  return t === '' || t.startsWith('#');
}

/**
 * Parses a definition file into stages, header entries and sections with exact ranges, following
 * Apptainer 1.4's parser (pkg/build/types/parser/deffile.go). Problems Apptainer's parser would
 * reject are in `problems`; checks that need the whole model (agents, stages, templating) are
 * in `../checks`.
 */
export function parseDefinition(text: string): DefinitionModel {
  const lines = splitLines(text);
  const stages: Stage[] = [];
  const problems: ParseProblem[] = [];

  for (const chunk of splitStages(lines)) {
    // Text above the first `Bootstrap:` is a stage of its own when it holds anything but comments.
    const contentLines: number[] = [];
    for (let l = chunk.startLine; l <= chunk.endLine; l++) if (!isBlankOrComment(lines[l])) contentLines.push(l);
    if (!chunk.startsWithBootstrap && contentLines.length === 0) continue;

    const sectionLines: number[] = [];
    for (let l = chunk.startLine; l <= chunk.endLine; l++) if (isSectionLine(lines[l])) sectionLines.push(l);
    const headerEndLine = (sectionLines[0] ?? chunk.endLine + 1) - 1;
    const header = parseHeader(lines, chunk.startLine, headerEndLine);
    const sections = parseSections(lines, sectionLines, chunk.endLine);
    problems.push(...header.problems, ...sections.problems);

    let last = chunk.endLine;
    while (last > chunk.startLine && trimSpace(lines[last]) === '') last--;
    const stage: Stage = {
      index: stages.length,
      startsWithBootstrap: chunk.startsWithBootstrap,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      header: header.entries,
      headerEndLine,
      sections: sections.sections,
      range: range(chunk.startLine, 0, last, lines[last].length),
    };
    const bootstrap = headerValue(stage, 'bootstrap');
    const name = headerValue(stage, 'stage');
    stages.push({ ...stage, bootstrap, name: name?.value });
  }

  if (stages.length === 0) {
    problems.push({
      code: AF.emptyDefinition,
      message: 'no stages found in definition file: it is empty or holds only comments; start it with "Bootstrap: <agent>"',
      range: range(0, 0, 0, lines[0].length),
    });
  }
  return { lines, stages, problems };
}

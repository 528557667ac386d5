// What the apps model reads from a Slurm job template: the image it runs.
import type { Range } from '../config/diagnostics';

export interface JobTemplateInfo {
  /** The first `APPTAINER_IMAGE=...` assignment: its value and where the value is. */
  readonly imagePath?: { readonly value: string; readonly range: Range };
}

const ASSIGNMENT = /^([ \t]*(?:export[ \t]+)?APPTAINER_IMAGE=)(\S*)/;

function unquote(word: string): { value: string; offset: number } {
  const quoted = /^(["'])(.*)\1$/.exec(word);
  if (quoted) return { value: quoted[2], offset: 1 };
  // `${APPTAINER_IMAGE:-/opt/...}`: the default is what runs.
  const fallback = /^\$\{APPTAINER_IMAGE:-(["']?)([^"'}]*)\1\}$/.exec(word);
  if (fallback) return { value: fallback[2], offset: word.indexOf(fallback[2]) };
  return { value: word, offset: 0 };
}

export function parseJobTemplate(text: string): JobTemplateInfo {
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const match = ASSIGNMENT.exec(lines[line].replace(/\r$/, ''));
    if (!match) continue;
    const word = match[2].replace(/[;#].*$/, '');
    const { value, offset } = unquote(word);
    const character = match[1].length + offset;
    return { imagePath: { value, range: { start: { line, character }, end: { line, character: character + value.length } } } };
  }
  return {};
}

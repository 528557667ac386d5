import { parseDefinition } from '../parser/parse';

export interface FoldingRange {
  readonly startLine: number;
  readonly endLine: number;
}

/** One fold per section (header line to its last non-blank line) and one per multi-line stage header. */
export function foldingRanges(text: string): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const stage of parseDefinition(text).stages) {
    const lastHeaderLine = stage.header.reduce((l, e) => Math.max(l, e.range.end.line), stage.startLine);
    if (lastHeaderLine > stage.startLine) ranges.push({ startLine: stage.startLine, endLine: lastHeaderLine });
    for (const section of stage.sections) {
      if (section.lastContentLine > section.line) ranges.push({ startLine: section.line, endLine: section.lastContentLine });
    }
  }
  return ranges;
}

/** Apptainer splits a file into stages before each line starting with `bootstrap:` (any case, column 0). */
const stageStart = /^bootstrap:/i;

export interface StageChunk {
  readonly startLine: number;
  /** Inclusive. */
  readonly endLine: number;
  readonly startsWithBootstrap: boolean;
}

/** The chunks Apptainer's parser.All parses one by one: the text above the first `Bootstrap:` and one per `Bootstrap:` line. */
export function splitStages(lines: readonly string[]): StageChunk[] {
  const starts: number[] = [];
  lines.forEach((line, index) => {
    if (stageStart.test(line)) starts.push(index);
  });
  const chunks: StageChunk[] = [];
  const first = starts[0] ?? lines.length;
  if (first > 0) chunks.push({ startLine: 0, endLine: first - 1, startsWithBootstrap: false });
  starts.forEach((start, i) => {
    const end = (starts[i + 1] ?? lines.length) - 1;
    chunks.push({ startLine: start, endLine: end, startsWithBootstrap: true });
  });
  return chunks;
}

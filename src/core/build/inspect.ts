// `apptainer inspect --json --all` read into what the Images view shows: labels, scripts, the
// definition the image was built from. Checked where parsed: a surprise is an error, not undefined.

export interface ImageInspection {
  readonly labels: Readonly<Record<string, string>>;
  readonly deffile?: string;
  readonly runscript?: string;
  readonly startscript?: string;
  readonly environment?: string;
  readonly test?: string;
  readonly helpfile?: string;
}

export class InspectParseError extends Error {
  constructor(detail: string) {
    super(`apptainer inspect printed something unexpected: ${detail}`);
    this.name = 'InspectParseError';
  }
}

const TEXT_ATTRIBUTES = ['deffile', 'runscript', 'startscript', 'test', 'helpfile'] as const;

export function parseInspect(stdout: string): ImageInspection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new InspectParseError('not JSON');
  }
  const attributes = (parsed as { data?: { attributes?: unknown } } | null)?.data?.attributes;
  if (typeof attributes !== 'object' || attributes === null) throw new InspectParseError('no data.attributes');
  const a = attributes as Record<string, unknown>;
  const labels: Record<string, string> = {};
  if (a.labels !== undefined && a.labels !== null) {
    if (typeof a.labels !== 'object') throw new InspectParseError('labels is not an object');
    for (const [key, value] of Object.entries(a.labels as Record<string, unknown>)) labels[key] = String(value);
  }
  const inspection: { -readonly [K in keyof ImageInspection]: ImageInspection[K] } = { labels };
  for (const key of TEXT_ATTRIBUTES) {
    const value = a[key];
    if (typeof value === 'string' && value.trim()) inspection[key] = value;
  }
  // Apptainer gives the environment as one script, or as a map of file name to script.
  if (typeof a.environment === 'string' && a.environment.trim()) inspection.environment = a.environment;
  else if (typeof a.environment === 'object' && a.environment !== null) {
    const scripts = Object.values(a.environment as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (scripts.length) inspection.environment = scripts.join('\n');
  }
  return inspection;
}

/** Markdown-ish plain text for a read-only document. */
export function formatInspection(image: string, node: string, inspection: ImageInspection): string {
  const lines = [`# ${image} on ${node}`, '', '## Labels', ''];
  const labels = Object.entries(inspection.labels);
  lines.push(...(labels.length ? labels.map(([k, v]) => `- ${k}: ${v}`) : ['(none)']));
  for (const [title, text] of [
    ['Run script', inspection.runscript],
    ['Start script', inspection.startscript],
    ['Environment', inspection.environment],
    ['Test', inspection.test],
    ['Definition file', inspection.deffile],
  ] as const) {
    if (text) lines.push('', `## ${title}`, '', '```', text.trimEnd(), '```');
  }
  return `${lines.join('\n')}\n`;
}

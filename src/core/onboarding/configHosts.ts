// Writes the cluster hosts a person named (Configure Cluster) into appframework.yaml: the
// template for a new file, or the two values replaced in place in an existing one, keeping its
// comments and everything else as written.
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { parseHostSpec } from '../config/hostSpec';
import { renderConfigTemplate } from '../config/template';

export interface ClusterAnswers {
  /** `local`, an ssh alias, or user@host[:port]. */
  readonly access: string;
  readonly viz: readonly string[];
}

/** Checks the answers the way appframework.yaml's reader will; throws the first problem. */
export function checkAnswers(answers: ClusterAnswers): void {
  for (const [what, value] of [['access host', answers.access], ...answers.viz.map((v) => ['visualization node', v] as const)] as const) {
    const parsed = parseHostSpec(value);
    if (!parsed.ok) throw new Error(`The ${what} ${parsed.message}.`);
  }
  if (answers.viz.length === 0) throw new Error('Name at least one visualization node (or "local").');
}

/** Visualization nodes typed as one line: separated by commas or spaces. */
export function splitHostList(text: string): string[] {
  return text.split(/[\s,]+/).filter((word) => word !== '');
}

/** A host value as YAML: plain where that is unambiguous, else double-quoted. */
function yamlValue(value: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9._@-]*(?::\d+)?$/.test(value) ? value : JSON.stringify(value);
}

function flowList(values: readonly string[]): string {
  return `[${values.map(yamlValue).join(', ')}]`;
}

/** Replaces the template's `local` placeholders, keeping its comment column. */
function fromTemplate(answers: ClusterAnswers): string | undefined {
  let text = renderConfigTemplate();
  const replace = (pattern: RegExp, value: string) => {
    const match = pattern.exec(text);
    if (!match) return false;
    const [, prefix, old, spaces] = match;
    const gap = ' '.repeat(Math.max(1, old.length + spaces.length - value.length));
    text = text.slice(0, match.index) + prefix + value + gap + text.slice(match.index + match[0].length);
    return true;
  };
  const ok = replace(/^( {2}access: )(local)( +)(?=#)/m, yamlValue(answers.access)) && replace(/^( {2}viz: )(\[local\])( +)(?=#)/m, flowList(answers.viz));
  return ok ? text : undefined;
}

/** Replaces the text of one value node (up to its value's end, so a trailing comment stays). */
function replaceNode(text: string, doc: Document, path: readonly string[], values: string | readonly string[]): string | undefined {
  const node = doc.getIn(path, true);
  if (typeof values === 'string') {
    if (!isScalar(node) || !node.range) return undefined;
    return text.slice(0, node.range[0]) + yamlValue(values) + text.slice(node.range[1]);
  }
  if (isScalar(node) && node.range) return text.slice(0, node.range[0]) + flowList(values) + text.slice(node.range[1]);
  if (!isSeq(node) || !node.range) return undefined;
  const last = node.items[node.items.length - 1] as { range?: [number, number, number] } | undefined;
  const start = node.range[0];
  if (node.flow || !last?.range) return text.slice(0, start) + flowList(values) + text.slice(node.range[1]);
  // A block list stays a block list, indented as it was.
  const indent = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
  const items = values.map((value, i) => `${i === 0 ? '' : `\n${indent}`}- ${yamlValue(value)}`).join('');
  return text.slice(0, start) + items + text.slice(last.range[1]);
}

/** The new text of appframework.yaml (`current` undefined: the file does not exist yet). */
export function withClusterHosts(current: string | undefined, answers: ClusterAnswers): string {
  checkAnswers(answers);
  if (current === undefined) {
    const text = fromTemplate(answers);
    if (text !== undefined) return text;
  }
  const source = current ?? renderConfigTemplate();
  const doc = parseDocument(source);
  if (doc.errors.length > 0) throw new Error(`appframework.yaml is not valid YAML (${doc.errors[0].message.split('\n')[0]}): fix it first.`);
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new Error('appframework.yaml does not hold a mapping at the top: fix it first.');
  // Edit the two values in the text itself: comments and layout elsewhere stay as written.
  const offset = (path: readonly string[]) => (doc.getIn(path, true) as { range?: number[] } | undefined)?.range?.[0] ?? -1;
  if (offset(['hosts', 'access']) >= 0 && offset(['hosts', 'viz']) >= 0) {
    const edits = [
      { path: ['hosts', 'access'], values: answers.access as string | readonly string[] },
      { path: ['hosts', 'viz'], values: answers.viz },
    ].sort((a, b) => offset(b.path) - offset(a.path)); // the later node first, so the earlier one's offsets hold
    let text: string | undefined = source;
    for (const edit of edits) text = text === undefined ? undefined : replaceNode(text, doc, edit.path, edit.values);
    if (text !== undefined) return text;
  }
  doc.setIn(['hosts', 'access'], answers.access);
  const seq = doc.createNode([...answers.viz]);
  seq.flow = true;
  doc.setIn(['hosts', 'viz'], seq);
  return doc.toString({ lineWidth: 0 });
}

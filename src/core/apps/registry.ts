// The backend's app registry (`config/apps.json`): entries with the line where each starts.
import { OffsetMap, type Diagnostic, type Range } from '../config/diagnostics';
import { JsonSyntaxError, member, parseJsonTree, toValue, type JsonArray, type JsonNode, type JsonObject } from './jsonTree';

export interface RegistryEntry {
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  readonly icon?: string;
  readonly resources?: { readonly cpus?: number; readonly memory?: string; readonly partition?: string };
  readonly display?: { readonly type?: string; readonly resolution?: string };
  /** The `job_template` field: a file name in the job templates folder. */
  readonly jobTemplate?: string;
  /** Where the entry's object starts and ends (0-based). */
  readonly range: Range;
}

export type RegistryParse =
  | { readonly kind: 'ok'; readonly entries: readonly RegistryEntry[]; readonly problems: readonly Diagnostic[] }
  | { readonly kind: 'invalid'; readonly message: string; readonly range: Range };

/** The `apps` array: the seed's `{ "apps": [...] }`, or a bare array. */
export function appsArray(root: JsonNode): JsonArray | undefined {
  if (root.kind === 'array') return root;
  const apps = member(root, 'apps');
  return apps?.kind === 'array' ? apps : undefined;
}

const STRING_FIELDS = { name: 'name', description: 'description', icon: 'icon', job_template: 'jobTemplate' } as const;

function readEntry(node: JsonObject, offsets: OffsetMap, problems: Diagnostic[]): RegistryEntry | undefined {
  const problem = (at: JsonNode, message: string, code: string) =>
    problems.push({ severity: 'warning', code, message, range: offsets.range(at.start, at.end) });
  const idNode = member(node, 'id');
  if (idNode?.kind !== 'string' || idNode.value === '') {
    problem(idNode ?? node, 'this app entry has no "id" string', 'registry/no-id');
    return undefined;
  }
  const entry: Record<string, unknown> = { id: idNode.value, range: offsets.range(node.start, node.end) };
  for (const [field, property] of Object.entries(STRING_FIELDS)) {
    const value = member(node, field);
    if (value === undefined) continue;
    if (value.kind !== 'string') problem(value, `"${field}" should be a string`, 'registry/type');
    else entry[property] = value.value;
  }
  for (const field of ['resources', 'display'] as const) {
    const value = member(node, field);
    if (value === undefined) continue;
    if (value.kind !== 'object') problem(value, `"${field}" should be an object`, 'registry/type');
    else entry[field] = toValue(value);
  }
  return entry as unknown as RegistryEntry;
}

export function parseRegistry(text: string): RegistryParse {
  const offsets = new OffsetMap(text);
  let root: JsonNode;
  try {
    root = parseJsonTree(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { kind: 'invalid', message: `invalid JSON: ${error.message}`, range: offsets.range(error.offset, error.offset + 1) };
  }
  const apps = appsArray(root);
  if (!apps) {
    const apps = member(root, 'apps');
    return {
      kind: 'invalid',
      message: apps ? '"apps" must be an array of app entries' : 'the registry has no "apps" array',
      range: offsets.range((apps ?? root).start, (apps ?? root).start + 1),
    };
  }
  const entries: RegistryEntry[] = [];
  const problems: Diagnostic[] = [];
  for (const item of apps.items) {
    if (item.kind !== 'object') {
      problems.push({ severity: 'warning', code: 'registry/type', message: 'an app entry must be an object', range: offsets.range(item.start, item.end) });
      continue;
    }
    const entry = readEntry(item, offsets, problems);
    if (!entry) continue;
    if (entries.some((known) => known.id === entry.id)) {
      problems.push({ severity: 'error', code: 'registry/duplicate', message: `${JSON.stringify(entry.id)} is registered twice`, range: entry.range });
      continue;
    }
    entries.push(entry);
  }
  return { kind: 'ok', entries, problems };
}

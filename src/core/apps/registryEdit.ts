// Adds one app entry to apps.json in the file's own style, leaving every other byte alone.
import { OffsetMap } from '../config/diagnostics';
import { JsonSyntaxError, parseJsonTree, type JsonNode, type JsonObject } from './jsonTree';
import { appsArray } from './registry';
import { indentationBefore, lineEndingOf, lineStartOf, sameLine, type TextInsertion } from './textEdit';

interface JsonStyle {
  readonly eol: string;
  /** One level of indentation. */
  readonly unit: string;
  /** Whether the entry object spans several lines. */
  readonly multiLine: boolean;
  /** Keys of the entry whose objects are written on one line, like `"resources": { "cpus": 2 }`. */
  readonly inlineKeys: ReadonlySet<string>;
  readonly colon: string;
  /** Space inside the braces of one-line objects: `{ "a": 1 }` or `{"a": 1}`. */
  readonly pad: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function fileUnit(text: string): string {
  const indented = /^([ \t]+)["{[\]}]/m.exec(text);
  if (!indented) return '  ';
  return indented[1].startsWith('\t') ? '\t' : indented[1];
}

function styleOf(text: string, example: JsonObject | undefined, defaults: { eol: string; unit: string }): JsonStyle {
  if (!example || example.members.length === 0) {
    return { ...defaults, multiLine: true, inlineKeys: new Set(), colon: ': ', pad: ' ' };
  }
  const first = example.members[0];
  const multiLine = !sameLine(text, example.start, example.end);
  const entryIndent = indentationBefore(text, example.start);
  const memberIndent = indentationBefore(text, first.keyStart);
  const unit =
    multiLine && entryIndent !== undefined && memberIndent !== undefined && memberIndent.startsWith(entryIndent) && memberIndent.length > entryIndent.length
      ? memberIndent.slice(entryIndent.length)
      : defaults.unit;
  const inlineKeys = new Set(
    example.members.filter((m) => (m.value.kind === 'object' || m.value.kind === 'array') && sameLine(text, m.value.start, m.value.end)).map((m) => m.key),
  );
  const colonText = text.slice(first.keyEnd, first.value.start);
  const spacing = /^[ \t]*:([ \t]*)$/.exec(colonText);
  const colon = spacing ? `:${spacing[1]}` : ': ';
  const inlineObject = multiLine ? example.members.find((m) => inlineKeys.has(m.key) && m.value.kind === 'object')?.value : example;
  const pad = inlineObject && text[inlineObject.start + 1] !== ' ' ? '' : ' ';
  return { ...defaults, unit, multiLine, inlineKeys, colon, pad };
}

function render(value: Json, indent: string, style: JsonStyle, inline: boolean, topLevel = false): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const isArray = Array.isArray(value);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  const parts = isArray
    ? value.map((item) => ({ key: undefined as string | undefined, item }))
    : Object.entries(value).map(([key, item]) => ({ key, item }));
  if (parts.length === 0) return open + close;
  const inner = indent + style.unit;
  const item = (key: string | undefined, child: Json, childIndent: string, childInline: boolean) =>
    (key === undefined ? '' : JSON.stringify(key) + style.colon) + render(child, childIndent, style, childInline);
  if (inline) {
    const pad = isArray ? '' : style.pad;
    return `${open}${pad}${parts.map(({ key, item: child }) => item(key, child, indent, true)).join(', ')}${pad}${close}`;
  }
  const lines = parts.map(({ key, item: child }) => inner + item(key, child, inner, topLevel && key !== undefined && style.inlineKeys.has(key)));
  return `${open}${style.eol}${lines.join(`,${style.eol}`)}${style.eol}${indent}${close}`;
}

/** The registry file for a project that has none yet. */
export function newRegistryText(entry: Record<string, Json>): string {
  const style: JsonStyle = { eol: '\n', unit: '  ', multiLine: true, inlineKeys: new Set(), colon: ': ', pad: ' ' };
  return `{\n  "apps": [\n    ${render(entry, '    ', style, false, true)}\n  ]\n}\n`;
}

/**
 * Insertions that append `entry` to the registry's `apps` array. `text` is undefined when the
 * file does not exist. Throws with a clear message when the file cannot be edited safely.
 */
export function planRegistryInsert(text: string | undefined, entry: Record<string, Json>): TextInsertion[] {
  if (text === undefined) return [{ offset: 0, text: newRegistryText(entry) }];
  let root: JsonNode;
  try {
    root = parseJsonTree(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { line, character } = new OffsetMap(text).position(error.offset);
    throw new Error(`cannot add to the registry: invalid JSON at ${line + 1}:${character + 1} (${error.message})`);
  }
  const defaults = { eol: lineEndingOf(text), unit: fileUnit(text) };
  const apps = appsArray(root);
  if (apps) {
    const last = apps.items[apps.items.length - 1];
    const example = [...apps.items].reverse().find((item): item is JsonObject => item.kind === 'object');
    const style = styleOf(text, example, defaults);
    if (last) {
      const indent = indentationBefore(text, last.start);
      if (indent === undefined || !style.multiLine) {
        // Entries that share a line continue on that line; one entry per line stays one per line.
        const onOwnLine = indent !== undefined;
        const rendered = render(entry, indent ?? '', style, true);
        return [{ offset: last.end, text: onOwnLine ? `,${style.eol}${indent}${rendered}` : `, ${rendered}` }];
      }
      return [{ offset: last.end, text: `,${style.eol}${indent}${render(entry, indent, style, false, true)}` }];
    }
    const arrayIndent = text.slice(lineStartOf(text, apps.start)).match(/^[ \t]*/)?.[0] ?? '';
    const itemIndent = arrayIndent + style.unit;
    const closing = sameLine(text, apps.start, apps.end) ? `${style.eol}${arrayIndent}` : '';
    return [{ offset: apps.start + 1, text: `${style.eol}${itemIndent}${render(entry, itemIndent, style, false, true)}${closing}` }];
  }
  if (root.kind !== 'object') throw new Error('cannot add to the registry: it is neither an object with "apps" nor an array');
  if (root.members.some((m) => m.key === 'apps')) throw new Error('cannot add to the registry: "apps" is not an array');
  // An object without "apps": add the array as its last member.
  const style = styleOf(text, undefined, defaults);
  const lastMember = root.members[root.members.length - 1];
  const memberIndent = (lastMember && indentationBefore(text, lastMember.keyStart)) ?? style.unit;
  const itemIndent = memberIndent + style.unit;
  const array = `"apps": [${style.eol}${itemIndent}${render(entry, itemIndent, style, false, true)}${style.eol}${memberIndent}]`;
  if (lastMember) return [{ offset: lastMember.value.end, text: `,${style.eol}${memberIndent}${array}` }];
  return [{ offset: root.start + 1, text: `${style.eol}${memberIndent}${array}${style.eol}` }];
}

export type { Json };

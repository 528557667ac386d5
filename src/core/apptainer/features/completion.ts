import { AGENTS, APP_SECTIONS, HEADER_KEYS, STANDARD_SECTIONS, spellHeaderKey } from '../keywords';
import { parseDefinition } from '../parser/parse';
import { splitLines } from '../text';
import type { Position, Range } from '../types';
import { AGENT_DOCS, HEADER_DOCS, SECTION_DOCS } from './docs';

export type CompletionKind = 'section' | 'header' | 'agent';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail: string;
  /** Markdown. */
  readonly documentation: string;
  /** A snippet in VS Code/LSP syntax (`${1:name}`). */
  readonly insertText: string;
  /** The text the item replaces. */
  readonly range: Range;
}

function sectionItems(line: number, from: number, to: number): CompletionItem[] {
  const range = { start: { line, character: from }, end: { line, character: to } };
  const standard = STANDARD_SECTIONS.map((name) => ({
    label: `%${name}`,
    kind: 'section' as const,
    detail: 'section',
    documentation: SECTION_DOCS[name],
    insertText: name === 'files' ? '%files' : `%${name}`,
    range,
  }));
  const apps = APP_SECTIONS.map((name) => ({
    label: `%${name}`,
    kind: 'section' as const,
    detail: 'app section (needs an app name)',
    documentation: SECTION_DOCS[name],
    insertText: `%${name} \${1:app}`,
    range,
  }));
  return [...standard, ...apps];
}

function headerItems(line: number, to: number, existing: ReadonlySet<string>): CompletionItem[] {
  const range = { start: { line, character: 0 }, end: { line, character: to } };
  return HEADER_KEYS.filter((key) => !existing.has(key)).map((key) => {
    const spelled = spellHeaderKey(key);
    return { label: `${spelled}:`, kind: 'header' as const, detail: 'header keyword', documentation: HEADER_DOCS[key], insertText: `${spelled}: $0`, range };
  });
}

/** Agent names; picking one also inserts the header keys the agent needs, as snippet fields. */
function agentItems(line: number, from: number, to: number, existing: ReadonlySet<string>): CompletionItem[] {
  const range = { start: { line, character: from }, end: { line, character: to } };
  return Object.values(AGENTS).map((agent) => {
    let field = 0;
    const keys = Object.entries(agent.snippet)
      .filter(([key]) => !existing.has(key))
      .map(([key, example]) => `\n${spellHeaderKey(key)}: \${${++field}:${example}}`)
      .join('');
    return { label: agent.name, kind: 'agent' as const, detail: 'bootstrap agent', documentation: AGENT_DOCS[agent.name], insertText: `${agent.name}${keys}`, range };
  });
}

/**
 * Completions at a position: section names after `%` at the start of a line, header keywords at
 * the start of a header line, agents after `Bootstrap:`.
 */
export function completions(text: string, position: Position): CompletionItem[] {
  const line = splitLines(text)[position.line] ?? '';
  const before = line.slice(0, position.character);
  const section = /^(\s*)(%\w*)$/.exec(before);
  if (section) return sectionItems(position.line, section[1].length, position.character);

  const model = parseDefinition(text);
  const stage = model.stages.find((s) => s.startLine <= position.line && position.line <= s.endLine);
  const inHeader = !stage || position.line <= stage.headerEndLine;
  if (!inHeader) return [];
  const existing = new Set((stage?.header ?? []).filter((e) => e.line !== position.line).map((e) => e.key));
  const agent = /^(\s*bootstrap\s*:\s*)(\S*)$/i.exec(before);
  if (agent) return agentItems(position.line, agent[1].length, position.character, existing);
  if (/^\s*[A-Za-z]*$/.test(before)) return headerItems(position.line, position.character, existing);
  return [];
}

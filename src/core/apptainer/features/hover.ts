import { AGENTS, spellHeaderKey } from '../keywords';
import { parseDefinition } from '../parser/parse';
import { contains, type Position, type Range } from '../types';
import { AGENT_DOCS, HEADER_DOCS, SECTION_DOCS } from './docs';

export interface HoverResult {
  /** Markdown. */
  readonly contents: string;
  readonly range: Range;
}

function headerDoc(key: string): string | undefined {
  return HEADER_DOCS[key] ?? (/^otherurl\d+$/.test(key) ? HEADER_DOCS['otherurl<N>'] : undefined);
}

/** Documentation of the section, header keyword or bootstrap agent under the cursor. */
export function hover(text: string, position: Position): HoverResult | undefined {
  const model = parseDefinition(text);
  for (const stage of model.stages) {
    for (const entry of stage.header) {
      if (contains(entry.keyRange, position)) {
        const doc = headerDoc(entry.key);
        if (doc) return { contents: `**${spellHeaderKey(entry.key)}:** (header)\n\n${doc}`, range: entry.keyRange };
      }
      if (entry.key === 'bootstrap' && contains(entry.valueRange, position) && AGENTS[entry.value]) {
        const required = AGENTS[entry.value].required.map((k) => `\`${spellHeaderKey(k)}:\``);
        const needs = required.length ? `\n\nRequired: ${required.join(', ')}` : '';
        return { contents: `**Bootstrap: ${entry.value}**\n\n${AGENT_DOCS[entry.value]}${needs}`, range: entry.valueRange };
      }
    }
    for (const section of stage.sections) {
      if (section.kind !== 'invalid' && contains(section.nameRange, position)) {
        const app = section.appName ? ` ${section.appName}` : '';
        return { contents: `**%${section.name}${app}**\n\n${SECTION_DOCS[section.name]}`, range: section.nameRange };
      }
    }
  }
  return undefined;
}

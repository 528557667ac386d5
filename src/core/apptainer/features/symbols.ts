import { spellHeaderKey } from '../keywords';
import type { Section, Stage } from '../parser/model';
import { parseDefinition } from '../parser/parse';
import type { Range } from '../types';

export type SymbolKind = 'stage' | 'header' | 'section' | 'app';

export interface DefSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: readonly DefSymbol[];
}

function sectionSymbol(section: Section): DefSymbol {
  return { name: `%${section.name}`, detail: section.args.trim(), kind: 'section', range: section.range, selectionRange: section.nameRange, children: [] };
}

/** One node per SCI-F app, holding its `%app*` sections wherever they are in the stage. */
function appSymbol(name: string, sections: Section[]): DefSymbol {
  const first = sections[0];
  return {
    name: `app ${name}`,
    detail: sections.map((s) => `%${s.name}`).join(' '),
    kind: 'app',
    range: { start: first.range.start, end: sections[sections.length - 1].range.end },
    selectionRange: first.appNameRange ?? first.nameRange,
    children: sections.map(sectionSymbol),
  };
}

function stageSymbol(stage: Stage): DefSymbol {
  const children: DefSymbol[] = stage.header.map((e) => ({
    name: spellHeaderKey(e.key),
    detail: e.value,
    kind: 'header',
    range: e.range,
    selectionRange: e.keyRange,
    children: [],
  }));
  const apps = new Map<string, { index: number; sections: Section[] }>();
  for (const section of stage.sections) {
    if (section.kind === 'app' && section.appName !== undefined) {
      let app = apps.get(section.appName);
      if (!app) {
        app = { index: children.length, sections: [] };
        apps.set(section.appName, app);
        children.push(sectionSymbol(section));
      }
      app.sections.push(section);
    } else children.push(sectionSymbol(section));
  }
  for (const [name, app] of apps) children[app.index] = appSymbol(name, app.sections);

  const from = stage.header.find((e) => e.key === 'from')?.value;
  const agent = stage.bootstrap?.value ?? 'no Bootstrap';
  return {
    name: stage.name ? `stage ${stage.name}` : `stage ${stage.index + 1}`,
    detail: from ? `${agent} ${from}` : agent,
    kind: 'stage',
    range: stage.range,
    selectionRange: stage.bootstrap?.keyRange ?? { start: stage.range.start, end: stage.range.start },
    children,
  };
}

/** Outline: stage → header entries and sections → apps with their sections. */
export function documentSymbols(text: string): DefSymbol[] {
  return parseDefinition(text).stages.map(stageSymbol);
}

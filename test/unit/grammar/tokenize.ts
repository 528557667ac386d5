// Tokenizes text with the extension's Apptainer grammar through vscode-textmate and
// vscode-oniguruma, the engine VS Code itself uses, with VS Code's own shell grammar
// (shell-unix-bash, scopeName source.shell) for the embedded script sections.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StateStack } from 'vscode-textmate';
import { repoRoot } from '../../helpers/repoRoot';

export { repoRoot };

const grammarFiles: Record<string, string> = {
  'source.apptainer': join(repoRoot, 'syntaxes', 'apptainer.tmLanguage.json'),
  'source.shell': join(repoRoot, 'node_modules', 'tm-grammars', 'grammars', 'shellscript.json'),
};

export interface Token {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

export interface TokenizedLine {
  text: string;
  tokens: Token[];
}

let grammarPromise: Promise<IGrammar> | undefined;

/** Loads the Apptainer grammar once per process. */
export function loadApptainerGrammar(): Promise<IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(join(repoRoot, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        const path = grammarFiles[scopeName];
        return path ? parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
      },
    });
    const grammar = await registry.loadGrammar('source.apptainer');
    if (!grammar) throw new Error('source.apptainer did not load');
    return grammar;
  })();
  return grammarPromise;
}

export async function tokenizeText(text: string): Promise<TokenizedLine[]> {
  const grammar = await loadApptainerGrammar();
  let state: StateStack = INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return {
      text: line,
      tokens: result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, end: t.endIndex, scopes: t.scopes })),
    };
  });
}

export function tokenizeFixture(name: string): Promise<TokenizedLine[]> {
  return tokenizeText(readFileSync(join(repoRoot, 'test', 'fixtures', 'grammar', name), 'utf8'));
}

/** Index of the only line that contains `marker` (a fixture line is named by its content, not its number). */
export function lineOf(lines: TokenizedLine[], marker: string): number {
  const found = lines.flatMap((line, index) => (line.text.includes(marker) ? [index] : []));
  if (found.length !== 1) throw new Error(`"${marker}" is on ${found.length} lines, expected exactly one`);
  return found[0];
}

/**
 * Scopes that every token covering `text` on the line carries (their intersection), so that a
 * scope asserted for a word holds for all of it. `occurrence` picks a later match on the line.
 */
export function scopesAt(lines: TokenizedLine[], line: number, text: string, occurrence = 0): string[] {
  return scopesFrom(lines, line, text, findOnLine(lines, line, text, occurrence, 0));
}

/** Scopes of `text` where it first appears inside `context` on the line. */
export function scopesWithin(lines: TokenizedLine[], line: number, context: string, text: string): string[] {
  const at = findOnLine(lines, line, context, 0, 0);
  return scopesFrom(lines, line, text, findOnLine(lines, line, text, 0, at));
}

function findOnLine(lines: TokenizedLine[], line: number, text: string, occurrence: number, from: number): number {
  const source = lines[line];
  if (!source) throw new Error(`no line ${line}`);
  let start = from - 1;
  for (let i = 0; i <= occurrence; i++) {
    start = source.text.indexOf(text, start + 1);
    if (start < 0) throw new Error(`"${text}" (occurrence ${occurrence}) is not on line ${line}: ${source.text}`);
  }
  return start;
}

function scopesFrom(lines: TokenizedLine[], line: number, text: string, start: number): string[] {
  const source = lines[line];
  const end = start + text.length;
  const covering = source.tokens.filter((t) => t.end > start && t.start < end);
  return covering.map((t) => t.scopes).reduce((common, scopes) => common.filter((s) => scopes.includes(s)));
}

/** Scopes of `text` on the only line containing `marker` (`text` itself when omitted). */
export function scopesOf(lines: TokenizedLine[], marker: string, text = marker, occurrence = 0): string[] {
  return scopesAt(lines, lineOf(lines, marker), text, occurrence);
}

/** True when some scope equals `scope` or is a more specific scope under it (TextMate's prefix rule). */
export function hasScope(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(`${scope}.`));
}

export function allScopes(lines: TokenizedLine[]): string[] {
  return lines.flatMap((line) => line.tokens.flatMap((t) => t.scopes));
}

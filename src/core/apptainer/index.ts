// The Apptainer definition-file language: parser, Apptainer-compatible diagnostics, lint rules
// and editor features, all pure functions of text. Nothing here imports `vscode`.
export type { DefDiagnostic, LintOptions, Position, Range, Severity, TextEdit } from './types';
export type { DefinitionModel, HeaderEntry, Section, SectionKind, Stage, ParseProblem } from './parser/model';
export { parseDefinition } from './parser/parse';
export { checkDefinition } from './check';
export { AF } from './parser/codes';
export { LINT_RULES } from './lint/registry';
export type { LintRule } from './lint/rule';
export { hover, type HoverResult } from './features/hover';
export { completions, type CompletionItem, type CompletionKind } from './features/completion';
export { documentSymbols, type DefSymbol, type SymbolKind } from './features/symbols';
export { foldingRanges, type FoldingRange } from './features/folding';
export { codeActions, type CodeAction } from './features/codeActions';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './tokenize';

interface LanguageConfiguration {
  comments: { lineComment: string };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  surroundingPairs: [string, string][];
  folding: { offSide: boolean; markers: { start: string; end: string } };
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: { beforeText: string; action: { indent: string } }[];
}

const config = JSON.parse(readFileSync(join(repoRoot, 'syntaxes', 'language-configuration.json'), 'utf8')) as LanguageConfiguration;

/** The word VS Code picks around `column` (completion prefix, double-click), from the wordPattern. */
function wordAt(line: string, column: number): string | undefined {
  const pattern = new RegExp(config.wordPattern, 'g');
  for (const match of line.matchAll(pattern)) {
    if (match.index <= column && column <= match.index + match[0].length) return match[0];
  }
  return undefined;
}

test('(unit) language configuration: comments, brackets and pairs', () => {
  assert.equal(config.comments.lineComment, '#');
  assert.deepEqual(config.brackets[0], ['{{', '}}']);
  for (const [open, close] of [['{{', '}}'], ['{', '}'], ['[', ']'], ['(', ')'], ['"', '"'], ["'", "'"]]) {
    assert.ok(config.autoClosingPairs.some((p) => p.open === open && p.close === close), `auto-closing ${open}${close}`);
  }
  for (const [open, close] of [['{', '}'], ['"', '"']]) {
    assert.ok(config.surroundingPairs.some(([o, c]) => o === open && c === close), `surrounding ${open}${close}`);
  }
});

test('(unit) language configuration: words are whole %sections, header keys and agent names', () => {
  assert.equal(wordAt('%appinstall foo', 3), '%appinstall');
  assert.equal(wordAt('%post -c /bin/bash', 0), '%post');
  assert.equal(wordAt('%appinstall foo', 13), 'foo');
  assert.equal(wordAt('MirrorURL: http://deb.debian.org/debian', 4), 'MirrorURL');
  assert.equal(wordAt('OtherURL12: x', 9), 'OtherURL12');
  assert.equal(wordAt('Bootstrap: docker-archive', 14), 'docker-archive');
  assert.equal(wordAt('From: {{ release }}', 10), 'release');
});

test('(unit) language configuration: sections fold and indent their bodies', () => {
  // Folding is by indentation (offSide): a body indented under its "%section" line folds into
  // it, and the next "%" line at column 0 closes it. Explicit regions use "# region".
  assert.equal(config.folding.offSide, true);
  assert.match('  # region build', new RegExp(config.folding.markers.start));
  assert.match('# endregion', new RegExp(config.folding.markers.end));
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  assert.match('%post -c /bin/bash', increase);
  assert.match('%appinstall foo', increase);
  assert.doesNotMatch('    echo 100%', increase);
  assert.match('%runscript', new RegExp(config.onEnterRules[0].beforeText));
  assert.equal(config.onEnterRules[0].action.indent, 'indent');
});

// Holds checkDefinition to what the real Apptainer 1.4 says about a corpus of real-world and
// crafted definition files (test/fixtures/defs, recorded by test/apptainer/record-verdicts.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkDefinition } from '../../../src/core/apptainer';
import { repoRoot } from '../../helpers/repoRoot';

interface Verdict {
  accepted: boolean;
  /** Apptainer's FATAL message, when it rejected the file. */
  error?: string;
  /** A 1-based line number, only where Apptainer's own message gives one. */
  line?: number;
  /** The 1-based line holding what Apptainer's message names (a header key, a section, a build variable). */
  causeLine?: number;
  /** Where Apptainer stopped; `template` means only a missing `--build-arg` rejected the file. */
  phase?: string;
}

const DEFS = path.join(repoRoot, 'test', 'fixtures', 'defs');

function isVerdict(value: unknown): value is Verdict {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const optionalLine = (n: unknown) => n === undefined || (Number.isInteger(n) && (n as number) >= 1);
  return (
    typeof v.accepted === 'boolean' &&
    (v.error === undefined || typeof v.error === 'string') &&
    (v.accepted || typeof v.error === 'string') &&
    optionalLine(v.line) &&
    optionalLine(v.causeLine)
  );
}

function readVerdicts(): Map<string, Verdict> {
  const parsed: unknown = JSON.parse(readFileSync(path.join(DEFS, 'verdicts.json'), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('verdicts.json is not an object');
  const verdicts = new Map<string, Verdict>();
  for (const [file, verdict] of Object.entries(parsed)) {
    if (!isVerdict(verdict)) throw new Error(`verdicts.json: malformed entry for ${file}`);
    verdicts.set(file, verdict);
  }
  return verdicts;
}

function corpusFiles(): string[] {
  return ['real', 'crafted'].flatMap((dir) =>
    readdirSync(path.join(DEFS, dir))
      .filter((name) => name.endsWith('.def'))
      .map((name) => `${dir}/${name}`),
  );
}

const verdicts = readVerdicts();

/** Errors that mean "Apptainer would refuse this file". */
function apptainerErrors(text: string) {
  return checkDefinition(text).filter((d) => d.source === 'apptainer' && d.severity === 'error');
}

function buildArgWarnings(text: string) {
  return checkDefinition(text).filter((d) => d.code === 'AF012' && d.severity === 'warning');
}

test('(unit) apptainer verdicts: every corpus file has a recorded verdict and every verdict a file', () => {
  assert.deepEqual([...verdicts.keys()].sort(), corpusFiles().sort());
  assert.ok(verdicts.size >= 60, `expected a sizeable corpus, found ${verdicts.size} files`);
});

for (const [file, verdict] of verdicts) {
  const expectation = verdict.accepted ? 'accepted' : 'rejected';
  test(`(unit) apptainer verdicts: ${file} is ${expectation}, as by Apptainer`, () => {
    // Read as-is: byte order marks and CRLF line endings are part of what is tested.
    const text = readFileSync(path.join(DEFS, file), 'utf8');
    // A placeholder without default is rejected only when the build gets no --build-arg for it:
    // checkDefinition warns about it (AF012) instead of erring, as a pipeline may supply it.
    const errors = verdict.phase === 'template' ? buildArgWarnings(text) : apptainerErrors(text);
    const shown = JSON.stringify(errors.map((e) => `${e.range.start.line + 1}: ${e.code} ${e.message}`));

    if (verdict.accepted) {
      assert.deepEqual(errors, [], `Apptainer accepts ${file}, but checkDefinition reports ${shown}`);
      return;
    }
    assert.ok(errors.length > 0, `Apptainer rejects ${file} ("${verdict.error}"), but checkDefinition reports no error`);
    // Diagnostic lines are 0-based; Apptainer's and the corpus' line numbers are 1-based.
    if (verdict.line !== undefined) {
      assert.equal(errors[0].range.start.line, verdict.line - 1, `Apptainer reports line ${verdict.line}; ours: ${shown}`);
    }
    if (verdict.causeLine !== undefined) {
      const cause = verdict.causeLine;
      assert.ok(
        errors.some((e) => e.range.start.line === cause - 1),
        `Apptainer's message ("${verdict.error}") names line ${cause}; ours: ${shown}`,
      );
    }
  });
}

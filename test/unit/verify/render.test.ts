import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderVerifyMarkdown, renderVerifyText, VERIFY_CHECKS, type CheckResult, type VerifyReport } from '../../../src/core/verify';
import { codeBlock, codeSpan } from '../../../src/core/verify/render';

function report(overrides: Partial<CheckResult>[] = [], extra: Partial<VerifyReport> = {}): VerifyReport {
  const checks: CheckResult[] = VERIFY_CHECKS.map(({ id, title }, i) => ({ number: i + 1, id, title, status: 'pass', summary: `summary ${i + 1}`, evidence: [], ms: 10, ...overrides[i] }));
  const counts = { pass: 0, fail: 0, skipped: 0 };
  for (const check of checks) counts[check.status]++;
  return {
    appId: 'gedit',
    project: '/home/alice/dashboard/app_5174',
    accessHost: 'af-access',
    vizHosts: ['viz-node001'],
    startedAt: '2025-01-02T03:04:05.000Z',
    finishedAt: '2025-01-02T03:04:17.500Z',
    checks,
    cleanup: ['test job 41 cancelled'],
    cancelled: false,
    counts,
    ok: counts.fail === 0,
    ...extra,
  };
}

const failing = report([
  {},
  { status: 'skipped', summary: 'Apptainer is not installed on this machine, so the image cannot be run there' },
  {
    status: 'fail',
    summary: 'viz-node001: no /opt/apptainers/apps/gedit/gedit.sif',
    fix: 'Deploy the image (Deploy in the Apps view).',
    evidence: [
      { kind: 'path', label: 'expected at', value: '/opt/apptainers/apps/gedit/gedit.sif' },
      { kind: 'output', label: 'node said', value: 'line one\n```\nline *three*' },
    ],
  },
]);

test('(unit) verify report as Markdown: a summary, a table of the eight checks, each check with evidence and its fix, and the cleanup', () => {
  const markdown = renderVerifyMarkdown(failing);
  assert.match(markdown, /^# Verify App: gedit\n\n\*\*6 passed, 1 failed, 1 skipped\*\* — 1 check failed: start with check 3\./);
  assert.match(markdown, /· 2025-01-02 03:04:05 UTC, 12\.5 s/);
  const rows = markdown.split('\n').filter((line) => /^\| \d \|/.test(line));
  assert.equal(rows.length, 8);
  assert.match(rows[1], /^\| 2 \| Image runs locally and its websocket port answers \| ⏭️ skipped \| Apptainer is not installed/);
  assert.match(markdown, /## 3\. Image deployed on every visualization node — ❌ fail\n\nviz-node001: no \/opt\/apptainers\/apps\/gedit\/gedit\.sif\n\n\*\*Fix:\*\* Deploy the image \\\(Deploy in the Apps view\\\)\./);
  assert.match(markdown, /- expected at: `\/opt\/apptainers\/apps\/gedit\/gedit\.sif`/);
  // The output block survives a fence inside it, and Markdown in it stays literal.
  assert.match(markdown, / {2}````text\n {2}line one\n {2}```\n {2}line \*three\*\n {2}````/);
  assert.doesNotMatch(markdown, /Fix:.*\n.*## 2\./, 'no fix for a skipped check');
  assert.match(markdown, /## Cleanup\n\n- test job 41 cancelled\n$/);
});

test('(unit) verify report as terminal text: one status word per check, evidence indented, output quoted, fix lines only on failures', () => {
  const text = renderVerifyText(failing);
  const heads = text.split('\n').filter((line) => /^(PASS|FAIL|SKIP) /.test(line));
  assert.deepEqual(heads.map((line) => line.slice(0, 7)), ['PASS  1', 'SKIP  2', 'FAIL  3', 'PASS  4', 'PASS  5', 'PASS  6', 'PASS  7', 'PASS  8']);
  assert.match(text, /FAIL {2}3\. Image deployed on every visualization node\n {6}viz-node001: no \/opt\/apptainers\/apps\/gedit\/gedit\.sif\n {6}expected at: \/opt\/apptainers\/apps\/gedit\/gedit\.sif\n {6}node said:\n {8}\| line one\n {8}\| ```\n {8}\| line \*three\*\n {6}fix: Deploy the image/);
  assert.equal(text.match(/fix:/g)?.length, 1);
  assert.match(text, /Cleanup: test job 41 cancelled\nResult: 6 passed, 1 failed, 1 skipped in 12\.5 s\. 1 check failed: start with check 3\.\n$/);
});

test('(unit) verify report: all passing, cancelled, and nothing to clean up read as such', () => {
  const passing = report([], { cleanup: [] });
  assert.match(renderVerifyText(passing), /Result: 8 passed, 0 failed, 0 skipped in 12\.5 s\. gedit passed every check that applies here\.\n$/);
  assert.match(renderVerifyMarkdown(passing), /- nothing to undo: no test job was submitted/);
  const cancelled = report([{}, {}, {}, {}, { status: 'skipped', summary: 'the run was cancelled' }], { cancelled: true, ok: false });
  assert.match(renderVerifyMarkdown(cancelled), /— The run was cancelled\./);
  assert.equal(JSON.parse(JSON.stringify(cancelled)).checks[4].summary, 'the run was cancelled', 'the report is plain data for --json');
});

test('(unit) verify report: code spans and blocks are never closed early by backticks in values', () => {
  assert.equal(codeSpan('/opt/a b'), '`/opt/a b`');
  assert.equal(codeSpan('a`b'), '``a`b``');
  assert.equal(codeSpan('`x`'), '`` `x` ``');
  assert.equal(codeBlock('plain'), '```text\nplain\n```');
  assert.equal(codeBlock('a\n````\nb'), '`````text\na\n````\nb\n`````');
});

// The Verify App report for people: Markdown (the editor's preview) and plain terminal text.
// (`--json` prints the report object itself.)
import { markdownText } from '../jobs/diagnose';
import type { CheckResult, Evidence, VerifyReport, VerifyStatus } from './types';

const MARKS: Record<VerifyStatus, string> = { pass: '✅ pass', fail: '❌ fail', skipped: '⏭️ skipped' };
const WORDS: Record<VerifyStatus, string> = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIP' };

function seconds(report: VerifyReport): string {
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  return `${(ms / 1000).toFixed(1)} s`;
}

function utc(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** Inline code that survives backticks in the value. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block longer than any fence inside the text. */
export function codeBlock(text: string): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function summaryLine(report: VerifyReport): string {
  const { pass, fail, skipped } = report.counts;
  return `${pass} passed, ${fail} failed, ${skipped} skipped`;
}

function verdict(report: VerifyReport): string {
  if (report.cancelled) return 'The run was cancelled.';
  if (report.ok) return `${report.appId} passed every check that applies here.`;
  const first = report.checks.find((check) => check.status === 'fail');
  return `${report.counts.fail} check${report.counts.fail === 1 ? '' : 's'} failed: start with ${first ? `check ${first.number}` : 'the first one'}.`;
}

function markdownEvidence(item: Evidence): string[] {
  if (item.kind === 'output') return [`- ${markdownText(item.label)}:`, '', indent(codeBlock(item.value), '  '), ''];
  const value = item.kind === 'note' ? markdownText(item.value) : codeSpan(item.value);
  return [`- ${markdownText(item.label)}: ${value}`];
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

function markdownCheck(check: CheckResult): string[] {
  const lines = [`## ${check.number}. ${markdownText(check.title)} — ${MARKS[check.status]}`, '', markdownText(check.summary), ''];
  if (check.fix && check.status === 'fail') lines.push(`**Fix:** ${markdownText(check.fix)}`, '');
  if (check.evidence.length) {
    lines.push(...check.evidence.flatMap(markdownEvidence));
    if (lines[lines.length - 1] !== '') lines.push('');
  }
  return lines;
}

export function renderVerifyMarkdown(report: VerifyReport): string {
  const lines = [
    `# Verify App: ${markdownText(report.appId)}`,
    '',
    `**${summaryLine(report)}** — ${markdownText(verdict(report))}`,
    '',
    `Project ${codeSpan(report.project)} · access host ${codeSpan(report.accessHost)} · visualization nodes ${report.vizHosts.map(codeSpan).join(', ') || 'none'} · ${utc(report.startedAt)}, ${seconds(report)}`,
    '',
    '| # | Check | Result | Found |',
    '|---|---|---|---|',
    ...report.checks.map((check) => `| ${check.number} | ${markdownText(check.title)} | ${MARKS[check.status]} | ${markdownText(check.summary)} |`),
    '',
    ...report.checks.flatMap(markdownCheck),
    '## Cleanup',
    '',
    ...(report.cleanup.length ? report.cleanup.map((note) => `- ${markdownText(note)}`) : ['- nothing to undo: no test job was submitted']),
    '',
  ];
  return lines.join('\n');
}

export function renderVerifyText(report: VerifyReport): string {
  const out = [`Verify App: ${report.appId}  (project ${report.project}; access ${report.accessHost}; viz ${report.vizHosts.join(', ') || 'none'})`, ''];
  for (const check of report.checks) {
    out.push(`${WORDS[check.status]}  ${check.number}. ${check.title}`);
    out.push(`      ${check.summary}`);
    for (const item of check.evidence) {
      if (item.kind === 'output') {
        out.push(`      ${item.label}:`);
        out.push(...item.value.split('\n').map((line) => `        | ${line}`));
      } else {
        out.push(`      ${item.label}: ${item.value}`);
      }
    }
    if (check.fix && check.status === 'fail') out.push(`      fix: ${check.fix}`);
    out.push('');
  }
  out.push(`Cleanup: ${report.cleanup.length ? report.cleanup.join('; ') : 'nothing to undo'}`);
  out.push(`Result: ${summaryLine(report)} in ${seconds(report)}. ${verdict(report)}`);
  return `${out.join('\n')}\n`;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out: () => out.join(''), err: () => err.join('') };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'appframework-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const clean = 'Bootstrap: docker\nFrom: alpine:3.20\n%runscript\n    exec echo hi\n';
const broken = 'Bootstrap: docker\nFrom: ubuntu\n%bogus\n';

test('(unit) cli lint: a clean file exits 0 with an empty report and a summary', async () => {
  const dir = workspace({ 'app.def': clean });
  try {
    const c = capture();
    assert.equal(await main(['lint', join(dir, 'app.def')], c.io), 0);
    assert.equal(c.out(), '');
    assert.equal(c.err(), '1 file checked: 0 errors, 0 warnings, 0 infos\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) cli lint: errors exit 1, lines are file:line:col: severity code message, sorted', async () => {
  const dir = workspace({ 'b.def': broken, 'a.def': broken });
  try {
    const c = capture();
    assert.equal(await main(['lint', join(dir, 'b.def'), join(dir, 'a.def')], c.io), 1);
    const lines = c.out().trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => l.replace(dir, 'DIR').split(' ').slice(0, 3).join(' ')),
      ['DIR/a.def:2:7: warning AFL006', 'DIR/a.def:3:1: error AF005', 'DIR/b.def:2:7: warning AFL006', 'DIR/b.def:3:1: error AF005'],
    );
    assert.match(lines[1], /invalid section\(s\) specified: bogus/);
    assert.equal(c.err(), '2 files checked: 2 errors, 2 warnings, 0 infos\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) cli lint: folders are searched for *.def, Apptainer* and Singularity*', async () => {
  const dir = workspace({
    'apptainer/gedit.def': clean,
    'apptainer/nested/Apptainer': broken,
    'Singularity.old': broken,
    'notes.txt': broken,
    'node_modules/x/y.def': broken,
    '.hidden/z.def': broken,
  });
  try {
    const c = capture();
    assert.equal(await main(['lint', '--format', 'json', dir], c.io), 1);
    const report = JSON.parse(c.out()) as { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; source: string; message: string }[];
    assert.deepEqual([...new Set(report.map((r) => r.file.slice(dir.length + 1)))], ['apptainer/nested/Apptainer', 'Singularity.old']);
    assert.deepEqual(report[1], {
      file: join(dir, 'apptainer/nested/Apptainer'),
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 7,
      severity: 'error',
      code: 'AF005',
      source: 'apptainer',
      message: report[1].message,
    });
    assert.match(c.err(), /^3 files checked: 2 errors, 2 warnings, 0 infos/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) cli lint: --format=json with only warnings exits 0', async () => {
  const dir = workspace({ 'w.def': 'Bootstrap: docker\nFrom: ubuntu\n' });
  try {
    const c = capture();
    assert.equal(await main(['lint', `--format=json`, join(dir, 'w.def')], c.io), 0);
    assert.deepEqual(
      (JSON.parse(c.out()) as { code: string }[]).map((r) => r.code),
      ['AFL006'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) cli lint: bad usage and unreadable files exit 2 with one clear line', async () => {
  let c = capture();
  assert.equal(await main(['lint'], c.io), 2);
  assert.match(c.err(), /^appframework lint: give at least one file or folder\n/);
  c = capture();
  assert.equal(await main(['lint', '--format', 'xml', 'x.def'], c.io), 2);
  assert.match(c.err(), /--format must be text or json, not "xml"/);
  c = capture();
  assert.equal(await main(['lint', '--strict', 'x.def'], c.io), 2);
  assert.match(c.err(), /unknown option "--strict"/);
  const dir = workspace({ 'present.def': clean });
  try {
    c = capture();
    assert.equal(await main(['lint', join(dir, 'missing.def')], c.io), 2);
    assert.equal(c.err(), `appframework lint: cannot read ${join(dir, 'missing.def')}: no such file or folder\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) cli lint: --help prints the usage and exits 0', async () => {
  const c = capture();
  assert.equal(await main(['lint', '--help'], c.io), 0);
  assert.match(c.out(), /^Usage: appframework lint <files or folders\.\.\.> \[--format text\|json\]/);
  assert.match(c.out(), /\n {2}AFL001 {2}warning {2}apt-get install without -y\n/);
});

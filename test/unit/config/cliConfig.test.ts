import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { copyFixture, FIXTURE_APP_FOLDER } from '../apps/fixture';

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, text: () => ({ out, err }) };
}

test('(unit) cli config check: no file means the defaults, exit 0', async () => {
  const c = capture();
  assert.equal(await main(['config', 'check', FIXTURE_APP_FOLDER], c.io), 0);
  assert.match(c.text().out, /appframework\.yaml: not found; the defaults apply/);
});

test('(unit) cli config check: prints file:line:col: severity message and exits 1 on errors', async () => {
  const { appFolder } = copyFixture();
  const file = path.join(appFolder, 'appframework.yaml');
  writeFileSync(file, 'hosts:\n  access: "bad host"\nslurm:\n  ports: 6080-6180\n  partiton: viz\ndeploy: { mode: 755 }\n');
  const c = capture();
  assert.equal(await main(['config', 'check', appFolder], c.io), 1);
  const lines = c.text().out.trim().split('\n');
  assert.deepEqual(
    lines.map((line) => line.replace(file, 'FILE').replace(/ .*?: /, ' ').split(' ').slice(0, 2).join(' ')),
    ['FILE:2:11: error', 'FILE:5:3: error', 'FILE:6:17: warning'],
  );
  assert.match(lines[1], /unknown key "partiton" in "slurm". Did you mean "partition"\?$/);
  assert.match(c.text().err, /2 error\(s\), 1 warning\(s\)/);
  writeFileSync(file, 'deploy: { mode: 755 }\n');
  assert.equal(await main(['config', 'check', appFolder], capture().io), 0, 'warnings alone pass');
  writeFileSync(file, 'slurm: { partition: gpu }\n');
  const ok = capture();
  assert.equal(await main(['config', 'check', appFolder], ok.io), 0);
  assert.match(ok.text().out, /appframework\.yaml: ok/);
});

test('(unit) cli config show prints the effective configuration; bad usage exits 2', async () => {
  const c = capture();
  assert.equal(await main(['config', 'show', FIXTURE_APP_FOLDER], c.io), 0);
  const shown = JSON.parse(c.text().out);
  assert.equal(shown.paths.jobTemplates, path.join(FIXTURE_APP_FOLDER, 'slurm_jobs'));
  assert.equal(shown.personal, undefined);
  const bad = capture();
  assert.equal(await main(['config', 'lint'], bad.io), 2);
  assert.match(bad.text().err, /unknown action "lint"/);
});

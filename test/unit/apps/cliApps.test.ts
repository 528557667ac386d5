import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { copyFixture, FIXTURE_APP_FOLDER } from './fixture';

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, text: () => ({ out, err }) };
}

test('(unit) cli apps: a table of the joined apps, and --json for scripts', async () => {
  const table = capture();
  assert.equal(await main(['apps', FIXTURE_APP_FOLDER], table.io), 0);
  const rows = table.text().out.trim().split('\n').map((row) => row.split(/\s{2,}/));
  assert.deepEqual(rows, [
    ['ID', 'NAME', 'IMAGE', 'REGISTERED', 'JOB TEMPLATE', 'PROBLEMS'],
    ['gedit', 'Gedit', 'not built', 'yes', 'gedit_vnc_job.sh', '0'],
    ['lsprepost', 'LS-PrePost', 'not built', 'yes', 'lsprepost_vnc_job.sh', '0'],
  ]);
  const json = capture();
  assert.equal(await main(['apps', '--json', FIXTURE_APP_FOLDER], json.io), 0);
  const snapshot = JSON.parse(json.text().out);
  assert.deepEqual(snapshot.apps.map((a: { id: string }) => a.id), ['gedit', 'lsprepost']);
  assert.equal(snapshot.apps[0].registry.range.start.line, 2);
  const bad = capture();
  assert.equal(await main(['apps', '--jsn'], bad.io), 2);
  assert.match(bad.text().err, /unknown option --jsn/);
});

test('(unit) cli new: scaffolds an app that `apps` then lists without problems', async () => {
  const { appFolder, registry } = copyFixture();
  const c = capture();
  const code = await main(['new', 'paraview', '--folder', appFolder, '--name', 'ParaView', '--packages', 'paraview,x11-apps', '--cpus', '4', '--memory', '8G', '--time', '04:00:00', '--base', 'debootstrap'], c.io);
  assert.equal(code, 0, c.text().err);
  assert.match(c.text().out, /created .*apptainer\/paraview\.def \(definition\)/);
  assert.match(c.text().out, /updated .*apps\.json \(registry\)/);
  assert.match(readFileSync(path.join(appFolder, 'apptainer', 'paraview.def'), 'utf8'), /^Bootstrap: debootstrap\nOSVersion: bookworm\n/);
  assert.match(readFileSync(path.join(appFolder, 'slurm_jobs', 'paraview_vnc_job.sh'), 'utf8'), /^#SBATCH --cpus-per-task=4$/m);
  assert.equal(JSON.parse(readFileSync(registry, 'utf8')).apps[2].resources.memory, '8Gi');
  const listed = capture();
  await main(['apps', appFolder], listed.io);
  assert.match(listed.text().out, /^paraview\s+ParaView\s+not built\s+yes\s+paraview_vnc_job\.sh\s+0$/m);

  const again = capture();
  assert.equal(await main(['new', 'paraview', '--folder', appFolder, '--packages', 'paraview'], again.io), 1);
  assert.match(again.text().err, /app "paraview" already exists/);
});

test('(unit) cli new: hostile ids and values are refused before anything is written', async () => {
  const { appFolder } = copyFixture();
  for (const id of ['; rm -rf ~', '$(touch x)', '../x', 'my app', 'ünï']) {
    const c = capture();
    assert.equal(await main(['new', id, '--folder', appFolder, '--packages', 'gedit'], c.io), 1, id);
    assert.match(c.text().err, /app id/);
  }
  const c = capture();
  assert.equal(await main(['new', 'ok', '--folder', appFolder, '--packages', 'gedit', '--command', 'gedit; curl x | sh'], c.io), 1);
  assert.match(c.text().err, /the command must be words/);
  assert.equal(existsSync(path.join(appFolder, 'apptainer', 'ok.def')), false);
  const dry = capture();
  assert.equal(await main(['new', 'ok', '--folder', appFolder, '--packages', 'gedit', '--dry-run'], dry.io), 0);
  assert.match(dry.text().out, /would create .*ok\.def/);
  assert.equal(existsSync(path.join(appFolder, 'apptainer', 'ok.def')), false);
  const usage = capture();
  assert.equal(await main(['new', '--packages', 'gedit'], usage.io), 2);
  assert.match(usage.text().err, /give exactly one app id/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../../src/core/config';
import { applyNewAppPlan, loadApps, nodeFs, planNewApp, resolveNewApp, type NewAppInput } from '../../../src/core/apps';
import { copyFixture, withoutInsertions } from './fixture';

const INPUT: NewAppInput = { id: 'paraview', name: 'ParaView', packages: ['paraview'] };

function snapshotFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else files.set(path.relative(root, file), readFileSync(file, 'utf8'));
    }
  };
  walk(root);
  return files;
}

test('(unit) new app: resources default from the config; bad input is refused with every reason', () => {
  const config = defaultConfig('/projects/app');
  const ok = resolveNewApp(INPUT, config);
  assert.ok(ok.ok);
  if (!ok.ok) return;
  assert.deepEqual(ok.spec.resources, { cpus: 2, memory: '2G', partition: 'viz', time: '02:00:00' });
  assert.equal(ok.spec.command, 'paraview');
  assert.equal(ok.spec.base, 'docker');
  const bad = resolveNewApp({ id: '$(x)', packages: ['ok', 'Bad;pkg'], command: 'run; rm -rf /', cpus: 0, memory: 'lots', time: 'soon', partition: 'a b', resolution: 'big', base: 'debootstrap', baseImage: 'Sid!' }, config);
  assert.equal(bad.ok, false);
  if (bad.ok) return;
  assert.equal(bad.problems.length, 9, bad.problems.join('\n'));
  assert.ok(bad.problems.every((p) => !p.includes('\n')));
  assert.deepEqual(resolveNewApp({ id: 'x', packages: [] }, config), { ok: false, problems: ['name at least one package that holds the app'] });
  assert.deepEqual(resolveNewApp({ id: 'x', name: '%post', packages: ['x11-apps'] }, config), { ok: false, problems: ['the display name must not start with "%"'] });
  assert.deepEqual(resolveNewApp({ id: 'x', name: 'Two\nlines', description: 'd', packages: ['x11-apps'] }, config), { ok: false, problems: ['the display name must be at most 64 printable characters'] });
});

test('(unit) new app: writes def, job template, registry entry and JOB_TEMPLATES line; the rest stays byte-for-byte', async () => {
  const copy = copyFixture();
  const config = defaultConfig(copy.appFolder);
  const before = snapshotFiles(copy.workspace);
  const resolved = resolveNewApp(INPUT, config);
  assert.ok(resolved.ok);
  if (!resolved.ok) return;
  const plan = await planNewApp(config, resolved.spec, nodeFs);
  assert.deepEqual(plan.changes.map((c) => [path.relative(copy.workspace, c.file), c.before === undefined]), [
    ['dashboard/app_5174/apptainer/paraview.def', true],
    ['dashboard/app_5174/slurm_jobs/paraview_vnc_job.sh', true],
    ['dashboard/kooCAEWebServer_5000/config/apps.json', false],
    ['dashboard/kooCAEWebServer_5000/services/slurm_app_manager.py', false],
  ]);
  await applyNewAppPlan(plan, nodeFs);
  const after = snapshotFiles(copy.workspace);
  assert.equal(after.size, before.size + 2);
  for (const [file, text] of before) {
    const change = plan.changes.find((c) => path.relative(copy.workspace, c.file) === file);
    if (!change) assert.equal(after.get(file), text, `${file} changed`);
    else assert.equal(withoutInsertions(after.get(file)!, change.insertions), text, `${file}: unrelated bytes changed`);
  }
  // The joined model sees a complete app with no problems.
  const paraview = (await loadApps(config, nodeFs)).apps.find((a) => a.id === 'paraview');
  assert.ok(paraview);
  assert.deepEqual(paraview.problems, []);
  assert.equal(paraview.registry?.name, 'ParaView');
  assert.equal(paraview.registry?.jobTemplate, 'paraview_vnc_job.sh');
  assert.deepEqual(paraview.registry?.resources, { cpus: 2, memory: '2Gi', partition: 'viz' });
  assert.equal(paraview.jobTemplate?.imagePath?.value, '/opt/apptainers/apps/paraview/paraview.sif');
  assert.equal(paraview.templateMapping?.template, 'paraview_vnc_job.sh');
  assert.equal(plan.definitionFile, paraview.definition?.file);
});

test('(unit) new app: an existing app is refused and nothing is written', async () => {
  const copy = copyFixture();
  const config = defaultConfig(copy.appFolder);
  const before = snapshotFiles(copy.workspace);
  for (const id of ['gedit', 'lsprepost']) {
    const resolved = resolveNewApp({ id, packages: ['x11-apps'] }, config);
    assert.ok(resolved.ok);
    if (!resolved.ok) return;
    await assert.rejects(planNewApp(config, resolved.spec, nodeFs), new RegExp(`app "${id}" already exists .*nothing was changed`));
  }
  // Present only in JOB_TEMPLATES: still refused.
  writeFileSync(copy.templateMap, readFileSync(copy.templateMap, 'utf8').replace("    'lsprepost'", "    'ghost': 'ghost_vnc_job.sh',\n    'lsprepost'"));
  const ghost = resolveNewApp({ id: 'ghost', packages: ['x11-apps'] }, config);
  assert.ok(ghost.ok);
  if (!ghost.ok) return;
  await assert.rejects(planNewApp(config, ghost.spec, nodeFs), /its JOB_TEMPLATES entry in slurm_app_manager\.py/);
  const after = snapshotFiles(copy.workspace);
  assert.deepEqual([...after.keys()], [...before.keys()]);
});

test('(unit) new app: a broken registry or a file changed after planning leaves everything untouched', async () => {
  const copy = copyFixture();
  const config = defaultConfig(copy.appFolder);
  const resolved = resolveNewApp(INPUT, config);
  assert.ok(resolved.ok);
  if (!resolved.ok) return;
  const plan = await planNewApp(config, resolved.spec, nodeFs);
  writeFileSync(copy.templateMap, readFileSync(copy.templateMap, 'utf8') + '# edited meanwhile\n');
  const before = snapshotFiles(copy.workspace);
  await assert.rejects(applyNewAppPlan(plan, nodeFs), /changed while the app was being prepared/);
  assert.deepEqual(snapshotFiles(copy.workspace), before);
  writeFileSync(copy.registry, '{"apps": [');
  await assert.rejects(planNewApp(config, resolved.spec, nodeFs), /cannot add to .*apps\.json: invalid JSON/);
});

test('(unit) new app: missing backend files are created', async () => {
  const copy = copyFixture();
  const config = defaultConfig(copy.appFolder);
  const { rmSync } = await import('node:fs');
  rmSync(path.dirname(path.dirname(copy.registry)), { recursive: true });
  const resolved = resolveNewApp(INPUT, config);
  assert.ok(resolved.ok);
  if (!resolved.ok) return;
  await applyNewAppPlan(await planNewApp(config, resolved.spec, nodeFs), nodeFs);
  assert.equal(JSON.parse(readFileSync(copy.registry, 'utf8')).apps[0].id, 'paraview');
  assert.equal(readFileSync(copy.templateMap, 'utf8'), "JOB_TEMPLATES = {\n    'paraview': 'paraview_vnc_job.sh',\n}\n");
});

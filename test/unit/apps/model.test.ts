import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../../src/core/config';
import { loadApps, nodeFs, type App } from '../../../src/core/apps';
import { copyFixture, FIXTURE_APP_FOLDER } from './fixture';

function byId(apps: readonly App[], id: string): App {
  const app = apps.find((a) => a.id === id);
  assert.ok(app, `no app ${id}`);
  return app;
}

test('(unit) apps model: the fixture joins gedit and lsprepost from every source, with lines', async () => {
  const config = defaultConfig(FIXTURE_APP_FOLDER);
  const snapshot = await loadApps(config, nodeFs);
  assert.deepEqual(snapshot.apps.map((a) => a.id), ['gedit', 'lsprepost']);
  assert.deepEqual([snapshot.registry, snapshot.templateMap, snapshot.problems], ['ok', 'ok', []]);
  const gedit = byId(snapshot.apps, 'gedit');
  assert.deepEqual(gedit.problems, []);
  assert.equal(gedit.registry?.name, 'Gedit');
  assert.equal(gedit.registry?.range.start.line, 2);
  assert.equal(gedit.definition?.file, path.join(FIXTURE_APP_FOLDER, 'apptainer', 'gedit.def'));
  assert.equal(gedit.imageState, 'not-built');
  assert.equal(gedit.image, undefined);
  assert.equal(gedit.jobTemplate?.exists, true);
  assert.deepEqual(gedit.jobTemplate?.imagePath, {
    value: '/opt/apptainers/apps/gedit/gedit.sif',
    range: { start: { line: 12, character: 17 }, end: { line: 12, character: 53 } },
  });
  assert.equal(gedit.templateMapping?.template, 'gedit_vnc_job.sh');
  assert.equal(gedit.templateMapping?.range.start.line, 14);
  assert.equal(gedit.expectedImagePath, '/opt/apptainers/apps/gedit/gedit.sif');
  // Filled in by the deploy and sessions layers, never invented here.
  assert.equal(gedit.deployments, undefined);
  assert.equal(gedit.sessions, undefined);
  assert.equal(byId(snapshot.apps, 'lsprepost').registry?.range.start.line, 11);
});

test('(unit) apps model: an image is built, then stale once the definition is newer', async () => {
  const copy = copyFixture();
  const config = defaultConfig(copy.appFolder);
  const image = path.join(copy.appFolder, 'gedit.sif');
  const def = path.join(copy.appFolder, 'apptainer', 'gedit.def');
  writeFileSync(image, Buffer.alloc(4096));
  utimesSync(def, new Date('2025-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
  utimesSync(image, new Date('2025-01-02T00:00:00Z'), new Date('2025-01-02T00:00:00Z'));
  let gedit = byId((await loadApps(config, nodeFs)).apps, 'gedit');
  assert.equal(gedit.imageState, 'built');
  assert.equal(gedit.image?.size, 4096);
  assert.equal(gedit.image?.mtimeMs, Date.parse('2025-01-02T00:00:00Z'));
  utimesSync(def, new Date('2025-01-03T00:00:00Z'), new Date('2025-01-03T00:00:00Z'));
  gedit = byId((await loadApps(config, nodeFs)).apps, 'gedit');
  assert.equal(gedit.imageState, 'stale');
  assert.equal(byId((await loadApps(config, nodeFs)).apps, 'lsprepost').imageState, 'not-built');
});

test('(unit) apps model: apps present in only some places appear with what is missing', async () => {
  const copy = copyFixture();
  const config = defaultConfig(copy.appFolder);
  rmSync(path.join(copy.appFolder, 'apptainer', 'lsprepost.def'));
  writeFileSync(path.join(copy.appFolder, 'apptainer', 'paraview.def'), 'Bootstrap: docker\nFrom: ubuntu:22.04\n');
  writeFileSync(path.join(copy.appFolder, 'slurm_jobs', 'handmade_vnc_job.sh'), '#!/bin/bash\nAPPTAINER_IMAGE=/opt/apptainers/handmade.sif\n');
  const snapshot = await loadApps(config, nodeFs);
  assert.deepEqual(snapshot.apps.map((a) => a.id), ['gedit', 'handmade', 'lsprepost', 'paraview']);

  const lsprepost = byId(snapshot.apps, 'lsprepost');
  assert.deepEqual(lsprepost.problems, ['registered in apps.json but apptainer/lsprepost.def does not exist']);
  assert.deepEqual(lsprepost.diagnostics.map((d) => [path.basename(d.file), d.range.start.line, d.code]), [['apps.json', 11, 'app/no-definition']]);

  const paraview = byId(snapshot.apps, 'paraview');
  assert.deepEqual(paraview.problems, [
    'not registered in apps.json',
    'no JOB_TEMPLATES entry in slurm_app_manager.py',
    'no job template slurm_jobs/paraview_vnc_job.sh',
  ]);
  assert.equal(paraview.registry, undefined);
  assert.equal(paraview.jobTemplate?.exists, false);

  const handmade = byId(snapshot.apps, 'handmade');
  assert.deepEqual(handmade.problems, [
    'no definition file apptainer/handmade.def',
    'not registered in apps.json',
    'no JOB_TEMPLATES entry in slurm_app_manager.py',
    'the job template runs /opt/apptainers/handmade.sif, but deployed images are at /opt/apptainers/apps/handmade/handmade.sif',
  ]);
  const imagePath = handmade.diagnostics.find((d) => d.code === 'app/image-path');
  assert.deepEqual([imagePath?.range.start, imagePath?.severity], [{ line: 1, character: 16 }, 'error']);
});

test('(unit) apps model: cross-file problems in the registry and JOB_TEMPLATES', async () => {
  const copy = copyFixture();
  const config = defaultConfig(copy.appFolder);
  const registry = JSON.parse((await nodeFs.readText(copy.registry))!);
  registry.apps[1].job_template = 'lsprepost_job.sh';
  registry.apps.push({ id: '../escape', name: 'x' }, { id: 'other', job_template: '../../etc/passwd' });
  writeFileSync(copy.registry, JSON.stringify(registry, null, 2));
  const template = path.join(copy.appFolder, 'slurm_jobs', 'gedit_vnc_job.sh');
  writeFileSync(template, (await nodeFs.readText(template))!.replace('/opt/apptainers/apps/gedit/gedit.sif', '/opt/apptainers/gedit.sif'));
  const snapshot = await loadApps(config, nodeFs);

  const gedit = byId(snapshot.apps, 'gedit');
  assert.deepEqual(gedit.problems, ['the job template runs /opt/apptainers/gedit.sif, but deployed images are at /opt/apptainers/apps/gedit/gedit.sif']);
  assert.deepEqual(gedit.diagnostics[0].range, { start: { line: 12, character: 17 }, end: { line: 12, character: 42 } });

  const lsprepost = byId(snapshot.apps, 'lsprepost');
  assert.deepEqual(lsprepost.problems, [
    'apps.json names job template lsprepost_job.sh but JOB_TEMPLATES maps lsprepost to lsprepost_vnc_job.sh',
    'apps.json names job template slurm_jobs/lsprepost_job.sh, which does not exist',
  ]);
  assert.deepEqual(lsprepost.diagnostics.map((d) => [path.basename(d.file), d.code]), [
    ['slurm_app_manager.py', 'app/template-mismatch'],
    ['apps.json', 'app/missing-template'],
  ]);
  assert.match(byId(snapshot.apps, '../escape').problems[0], /cannot name files/);
  assert.ok(byId(snapshot.apps, 'other').problems.some((p) => /must be a file name inside slurm_jobs/.test(p)));
});

test('(unit) apps model: unreadable or missing backend files are project problems, not crashes', async () => {
  const copy = copyFixture();
  const config = defaultConfig(copy.appFolder);
  writeFileSync(copy.registry, '{ "apps": [ { "id": "gedit" ');
  rmSync(copy.templateMap);
  const snapshot = await loadApps(config, nodeFs);
  assert.equal(snapshot.registry, 'invalid');
  assert.equal(snapshot.templateMap, 'missing');
  assert.equal(snapshot.problems.length, 2);
  assert.match(snapshot.problems[0], /apps\.json: invalid JSON/);
  assert.match(snapshot.problems[1], /slurm_app_manager\.py does not exist/);
  // Without a readable registry nothing is "not registered": the apps still come from the defs.
  assert.deepEqual(snapshot.apps.map((a) => [a.id, a.problems.length]), [['gedit', 0], ['lsprepost', 0]]);
  const empty = await loadApps(defaultConfig(path.join(copy.workspace, 'nothing-here')), nodeFs);
  assert.deepEqual(empty.apps, []);
});

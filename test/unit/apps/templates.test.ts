import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { registryMemory, renderDefinition, renderJobTemplate, type NewAppSpec } from '../../../src/core/apps/templates';
import { parseJobTemplate } from '../../../src/core/apps/jobTemplate';

const SPEC: NewAppSpec = {
  id: 'paraview', name: 'ParaView', description: 'Visualization', packages: ['paraview'], command: 'paraview',
  base: 'docker', baseImage: 'ubuntu:22.04', mirrorUrl: 'http://deb.debian.org/debian', resolution: '1280x720',
  resources: { cpus: 4, memory: '8G', partition: 'viz', time: '04:00:00' },
};

/** The body of one section of a definition file. */
function section(def: string, name: string): string {
  const match = new RegExp(`^%${name}\\n([\\s\\S]*?)(?=^%|(?![\\s\\S]))`, 'm').exec(def);
  assert.ok(match, `no %${name}`);
  return match[1];
}

test('(unit) templates: the definition fixes the seed defects', () => {
  const def = renderDefinition(SPEC);
  assert.match(def, /^Bootstrap: docker\nFrom: ubuntu:22\.04\n/);
  const runscript = section(def, 'runscript');
  assert.match(runscript, /Xvnc "\$DISPLAY" .*-rfbport "\$VNC_PORT" -localhost yes/);
  assert.match(runscript, /-SecurityTypes VncAuth -PasswordFile "\$VNC_PASSWORD_FILE"/);
  assert.match(runscript, /websockify "\$\{WEBSOCKIFY_BIND\}:\$\{WEBSOCKIFY_PORT\}" "127\.0\.0\.1:\$\{VNC_PORT\}"/);
  assert.match(runscript, /^ {4}paraview &$/m);
  assert.doesNotMatch(def, /%startscript/);
  assert.doesNotMatch(def, /\/root\/\.vnc|echo "password"|DISPLAY=:1\b|-localhost no/);
  assert.match(section(def, 'environment'), /WEBSOCKIFY_BIND="\$\{WEBSOCKIFY_BIND:-127\.0\.0\.1\}"/);
  const post = section(def, 'post');
  assert.match(post, /export DEBIAN_FRONTEND=noninteractive/);
  assert.match(post, /apt-get install -y --no-install-recommends/);
  assert.match(post, /rm -rf \/var\/lib\/apt\/lists\/\*/);
  assert.doesNotMatch(post, /vncpasswd/, 'no password is baked into the image');
  const debootstrap = renderDefinition({ ...SPEC, base: 'debootstrap', baseImage: 'bookworm' });
  assert.match(debootstrap, /^Bootstrap: debootstrap\nOSVersion: bookworm\nMirrorURL: http:\/\/deb\.debian\.org\/debian\n/);
});

test('(unit) templates: the runscript and job template are valid shell (sh -n, bash -n)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'appframework-templates-'));
  try {
    const runscript = path.join(dir, 'runscript.sh');
    writeFileSync(runscript, section(renderDefinition(SPEC), 'runscript'));
    const job = path.join(dir, 'job.sh');
    writeFileSync(job, renderJobTemplate({ id: 'paraview', resources: SPEC.resources, resolution: '1280x720', imagePath: '/opt/apptainers/apps/paraview/paraview.sif', infoFile: '/tmp/app_session_${SESSION_ID}.info' }));
    for (const [shell, file] of [['sh', runscript], ['bash', job]]) {
      const result = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      assert.equal(result.status, 0, `${shell} -n ${file}: ${result.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) templates: the job template derives display and ports per session and hides its files', () => {
  const job = renderJobTemplate({ id: 'paraview', resources: SPEC.resources, resolution: '1280x720', imagePath: '/opt/apptainers/apps/paraview/paraview.sif', infoFile: '/run/af/${SESSION_ID}.info' });
  assert.match(job, /^#SBATCH --job-name=paraview_vnc$/m);
  assert.match(job, /^#SBATCH --partition=viz$/m);
  assert.match(job, /^#SBATCH --cpus-per-task=4$/m);
  assert.match(job, /^#SBATCH --mem=8G$/m);
  assert.match(job, /^#SBATCH --time=04:00:00$/m);
  assert.match(job, /^umask 077$/m);
  assert.ok(job.indexOf('umask 077') < job.indexOf('cat > "$JOB_INFO_FILE"'));
  assert.match(job, /^JOB_INFO_FILE="\/run\/af\/\$\{SESSION_ID\}\.info"$/m);
  assert.match(job, /^DISPLAY_NUMBER=\$VNC_PORT$/m);
  assert.match(job, /^apptainer run --cleanenv /m);
  assert.match(job, /--env DISPLAY=":\$DISPLAY_NUMBER"/);
  assert.match(job, /--env WEBSOCKIFY_PORT="\$VNC_PORT"/);
  assert.doesNotMatch(job, /DISPLAY=:1\b|VNC_PORT=5901/);
  assert.equal(parseJobTemplate(job).imagePath?.value, '/opt/apptainers/apps/paraview/paraview.sif');
  assert.equal(registryMemory('8G'), '8Gi');
  assert.equal(registryMemory('512'), '512Mi');
});

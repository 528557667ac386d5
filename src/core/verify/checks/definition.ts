// Check 1: the definition parses with no errors Apptainer would stop at, and the image is built
// from it (or is built now, where Apptainer is installed).
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { checkDefinition, type DefDiagnostic } from '../../apptainer';
import { formatDuration, planBuild, runBuild, versionArgv } from '../../build';
import type { CancellationTokenLike, Host } from '../../hosts';
import type { VerifyContext } from '../context';
import { findBuiltImage, homeOf } from '../image';
import { evidence, fail, pass, type CheckOutcome, type Evidence } from '../types';

function counts(diagnostics: readonly DefDiagnostic[]): string {
  const by = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  const parts = [`${by('error')} error(s)`, `${by('warning')} warning(s)`, `${by('info')} note(s)`];
  return parts.join(', ');
}

function line(d: DefDiagnostic): string {
  return `line ${d.range.start.line + 1}: ${d.code} ${d.message}`;
}

/** Whether `apptainer` runs on the host, and what it printed. */
export async function apptainerVersion(host: Host, token?: CancellationTokenLike): Promise<{ ok: boolean; output: string }> {
  const result = await host.exec(versionArgv(), { token, timeoutMs: 30_000 });
  return { ok: result.exitCode === 0, output: (result.stdout + result.stderr).trim() };
}

export async function checkDefinitionAndImage(ctx: VerifyContext): Promise<CheckOutcome> {
  const { config, app, token } = ctx;
  const relative = (file: string) => path.relative(config.root, file) || file;
  if (!app.definition) {
    return fail(`${app.id} has no definition file (${relative(path.join(config.paths.definitions, `${app.id}.def`))})`, 'Write the definition file (New App creates one), then build it.');
  }
  const text = await fsp.readFile(app.definition.file, 'utf8');
  const diagnostics = checkDefinition(text, { severities: { ...config.lint.severities } });
  const parseErrors = diagnostics.filter((d) => d.source === 'apptainer' && d.severity === 'error');
  const lintNotes = diagnostics.filter((d) => d.source !== 'apptainer');
  const found: Evidence[] = [evidence.path('definition', app.definition.file)];
  if (parseErrors.length > 0) {
    found.push(evidence.output('errors Apptainer would stop at', parseErrors.slice(0, 5).map(line).join('\n')));
    return fail(
      `${relative(app.definition.file)} has ${parseErrors.length} error${parseErrors.length === 1 ? '' : 's'} Apptainer stops at: ${parseErrors[0].message}`,
      `Fix ${relative(app.definition.file)} line ${parseErrors[0].range.start.line + 1} (the Problems view lists every error), then build again.`,
      found,
    );
  }
  const lintErrors = lintNotes.filter((d) => d.severity === 'error');
  found.push(evidence.note('lint', lintNotes.length ? `${counts(lintNotes)} (they do not stop a build; see the Problems view)` : 'no findings'));
  if (lintErrors.length) found.push(evidence.output('lint errors', lintErrors.slice(0, 5).map(line).join('\n')));

  let image = await findBuiltImage(config, app.id, ctx.hosts, token);
  const current = image !== undefined && image.mtimeMs >= app.definition.mtimeMs;
  let built = '';
  if (!current) {
    const why = image ? `${image.where} is older than ${relative(app.definition.file)}` : `no image ${app.id}.sif has been built`;
    const buildHost = ctx.hosts.access;
    if (!ctx.options.build) {
      return fail(`${relative(app.definition.file)} parses, but ${why}`, `Build the image (Build in the Apps view), then verify again.`, found);
    }
    const version = await apptainerVersion(buildHost.host, token);
    if (!version.ok) {
      found.push(evidence.output(`apptainer --version on ${buildHost.host.label}`, version.output || 'no output'));
      return fail(
        `${relative(app.definition.file)} parses, but ${why}, and Apptainer is not installed on ${buildHost.host.label} to build it`,
        `Build the image where Apptainer is installed (hosts.access in appframework.yaml names the build host), then verify again.`,
        found,
      );
    }
    ctx.note(`building ${app.id} on ${buildHost.host.label} (${version.output})`);
    const remoteHome = buildHost.spec.kind === 'local' ? undefined : await homeOf(buildHost.host, token);
    if (buildHost.spec.kind !== 'local' && !remoteHome) throw new Error(`Cannot tell the home folder on ${buildHost.host.label} for the build.`);
    const plan = planBuild(config, { appId: app.id }, buildHost.host, text, remoteHome);
    if (plan.upload) {
      await buildHost.host.mkdir(path.posix.dirname(plan.definition), { recursive: true, token });
      await buildHost.host.writeFile(plan.definition, text, { token });
    }
    let output = '';
    const result = await runBuild(plan, (chunk) => (output = (output + chunk).slice(-16_384)), token);
    found.push(evidence.output(`${plan.argv.join(' ')} on ${buildHost.host.label}`, output));
    if (result.status === 'cancelled') throw new Error('the build was cancelled');
    if (result.status === 'failed') {
      const where = result.problems[0] ? ` (line ${result.problems[0].range.start.line + 1})` : '';
      return fail(`${why}; building it failed: ${result.message}`, `Fix what the build reported${where} in ${relative(app.definition.file)}, then verify again.`, found);
    }
    built = ` (built now in ${formatDuration(result.durationMs)})`;
    image = await findBuiltImage(config, app.id, ctx.hosts, token);
    if (!image) return fail(`the build succeeded but no ${app.id}.sif appeared`, `Check where the build writes (${plan.output}) against paths.images in appframework.yaml.`, found);
  }
  if (!image) throw new Error('unreachable: no image after the build');
  const sha256 = image.source.kind === 'local' ? await ctx.checksums.local(image.file, token) : await ctx.checksums.remote(image.source.host, image.file, token);
  ctx.state.build = { ...image, sha256 };
  found.push(evidence.path('image', image.where), evidence.note('size and date', `${image.size} bytes, ${new Date(image.mtimeMs).toISOString()}`), evidence.checksum('sha256', sha256));
  return pass(`${relative(app.definition.file)} parses with no errors; the image is up to date${built}`, found);
}

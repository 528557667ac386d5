// Check 8: the backend knows the app: an apps.json entry naming its job template, a
// JOB_TEMPLATES entry naming the same file, and that file in the job templates folder.
import * as path from 'node:path';
import type { VerifyContext } from '../context';
import { evidence, fail, pass, type CheckOutcome, type Evidence } from '../types';

export async function checkRegistered(ctx: VerifyContext): Promise<CheckOutcome> {
  const { app, config } = ctx;
  const relative = (file: string) => path.relative(config.root, file) || file;
  const registryFile = relative(config.paths.registry);
  const mapFile = relative(config.paths.templateMap);
  const expectedName = app.jobTemplate?.name ?? `${app.id}_vnc_job.sh`;
  const found: Evidence[] = [];
  const problems: string[] = [];
  const fixes: string[] = [];

  if (!app.registry) {
    problems.push(`${registryFile} has no entry with "id": "${app.id}"`);
    fixes.push(`add an entry for ${app.id} to ${registryFile} with "job_template": "${expectedName}" (New App writes it)`);
  } else if (app.registry.jobTemplate === undefined) {
    problems.push(`the ${registryFile} entry of ${app.id} names no job_template`);
    fixes.push(`add "job_template": "${expectedName}" to the ${app.id} entry of ${registryFile}`);
  } else {
    found.push(evidence.path(registryFile, `"${app.id}" → job_template "${app.registry.jobTemplate}" (line ${app.registry.range.start.line + 1})`));
  }

  if (!app.templateMapping) {
    problems.push(`JOB_TEMPLATES in ${mapFile} has no '${app.id}'`);
    fixes.push(`add '${app.id}': '${expectedName}' to JOB_TEMPLATES in ${mapFile}`);
  } else if (app.templateMapping.template === undefined) {
    problems.push(`JOB_TEMPLATES['${app.id}'] in ${mapFile} is not a plain file name`);
    fixes.push(`write JOB_TEMPLATES['${app.id}'] as the string '${expectedName}'`);
  } else {
    found.push(evidence.path(mapFile, `JOB_TEMPLATES['${app.id}'] = '${app.templateMapping.template}' (line ${app.templateMapping.range.start.line + 1})`));
  }

  const registryName = app.registry?.jobTemplate;
  const mappedName = app.templateMapping?.template;
  if (registryName !== undefined && mappedName !== undefined && registryName !== mappedName) {
    problems.push(`${registryFile} names ${registryName} but JOB_TEMPLATES maps ${app.id} to ${mappedName}`);
    fixes.push(`make both name the template that exists${app.jobTemplate?.exists ? ` (${app.jobTemplate.name})` : ''}`);
  }
  if (app.jobTemplate && !app.jobTemplate.exists) {
    problems.push(`the job template they name, ${relative(app.jobTemplate.file)}, does not exist`);
    fixes.push(`write ${relative(app.jobTemplate.file)} or correct the name`);
  } else if (app.jobTemplate) {
    found.push(evidence.path('job template', app.jobTemplate.file));
  }

  if (problems.length === 0) return pass(`${registryFile} and JOB_TEMPLATES both name ${expectedName}, which exists`, found);
  const fix = fixes.join('; ');
  return fail(problems.join('; '), `${fix.charAt(0).toUpperCase()}${fix.slice(1)}.`, found);
}

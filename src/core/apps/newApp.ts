// New App: validate the request, compute every file change first, and only then apply them,
// so a refused or failed request leaves nothing half-written.
import * as path from 'node:path';
import { checkCpus, checkMemory, checkPartition, checkTime } from '../config/values';
import type { ProjectConfig } from '../config/types';
import { appIdProblem } from './appId';
import type { ProjectFs, WritableProjectFs } from './fs';
import { definitionFileOf, defaultJobTemplateName, expectedImagePath, jobTemplateFileOf } from './model';
import { parseRegistry } from './registry';
import { planRegistryInsert } from './registryEdit';
import { parseTemplateMap, planTemplateMapInsert } from './templateMap';
import {
  DEFAULT_BASE_IMAGE, DEFAULT_MIRROR_URL, DEFAULT_RESOLUTION, registryEntryOf, renderDefinition, renderJobTemplate,
  type DefinitionBase, type NewAppSpec,
} from './templates';
import { applyInsertions, type TextInsertion } from './textEdit';

export interface NewAppInput {
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  readonly packages: readonly string[];
  readonly command?: string;
  readonly base?: DefinitionBase;
  readonly baseImage?: string;
  readonly mirrorUrl?: string;
  readonly resolution?: string;
  readonly cpus?: number;
  readonly memory?: string;
  readonly partition?: string;
  readonly time?: string;
}

export type NewAppSpecResult = { readonly ok: true; readonly spec: NewAppSpec } | { readonly ok: false; readonly problems: readonly string[] };

/** No control characters (newlines would break the def's %help and one-line messages). */
const isPrintable = (text: string) => ![...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
const PACKAGE = /^[a-z0-9][a-z0-9+.-]{1,62}$/;
const COMMAND = /^[A-Za-z0-9_./+-]+(?: [A-Za-z0-9_./+=:,@%-]+)*$/;
const DOCKER_IMAGE = /^[a-z0-9][a-z0-9._/-]{0,127}(?::[A-Za-z0-9._-]{1,128})?(?:@sha256:[a-f0-9]{64})?$/;
const SUITE = /^[a-z][a-z0-9-]{0,31}$/;
const RESOLUTION = /^[1-9]\d{2,4}x[1-9]\d{2,4}$/;

export function packageProblem(name: string): string | undefined {
  return PACKAGE.test(name) ? undefined : `${JSON.stringify(name)} is not a package name (lowercase letters, digits, "+", "-", ".")`;
}

export function commandProblem(command: string): string | undefined {
  return command.length <= 200 && COMMAND.test(command)
    ? undefined
    : 'the command must be words of letters, digits and ./_+-=:,@% separated by single spaces';
}

export function titleOf(id: string): string {
  return id.split(/[-_]/).filter(Boolean).map((word) => word[0].toUpperCase() + word.slice(1)).join(' ');
}

/** Checks a request and fills in defaults (resources from the project configuration). */
export function resolveNewApp(input: NewAppInput, config: ProjectConfig): NewAppSpecResult {
  const problems: string[] = [];
  const idProblem = appIdProblem(input.id);
  if (idProblem) problems.push(idProblem);
  const name = input.name?.trim() || titleOf(input.id);
  if (name.length > 64 || !isPrintable(name)) problems.push('the display name must be at most 64 printable characters');
  // The name starts a line of the def's %help, where a leading % would begin a section.
  if (name.startsWith('%')) problems.push('the display name must not start with "%"');
  const description = input.description?.trim() || name;
  if (description.length > 200 || !isPrintable(description)) problems.push('the description must be at most 200 printable characters');
  if (input.packages.length === 0) problems.push('name at least one package that holds the app');
  for (const name of input.packages) {
    const problem = packageProblem(name);
    if (problem) problems.push(problem);
  }
  const command = input.command?.trim() || input.packages[0] || '';
  const commandError = command ? commandProblem(command) : undefined;
  if (commandError) problems.push(commandError);
  const base = input.base ?? 'docker';
  if (base !== 'docker' && base !== 'debootstrap') problems.push(`the base must be docker or debootstrap, not ${JSON.stringify(String(base))}`);
  const baseImage = input.baseImage ?? DEFAULT_BASE_IMAGE[base] ?? '';
  if (base === 'docker' && !DOCKER_IMAGE.test(baseImage)) problems.push(`${JSON.stringify(baseImage)} is not a container image reference like ubuntu:22.04`);
  if (base === 'debootstrap' && !SUITE.test(baseImage)) problems.push(`${JSON.stringify(baseImage)} is not a Debian suite like bookworm`);
  const mirrorUrl = input.mirrorUrl ?? DEFAULT_MIRROR_URL;
  if (!/^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~/-]*)?$/.test(mirrorUrl)) problems.push(`${JSON.stringify(mirrorUrl)} is not a mirror URL like ${DEFAULT_MIRROR_URL}`);
  const resolution = input.resolution ?? DEFAULT_RESOLUTION;
  if (!RESOLUTION.test(resolution)) problems.push(`${JSON.stringify(resolution)} is not a resolution like 1280x720`);
  const defaults = config.slurm.resources;
  const cpus = checkCpus(input.cpus ?? defaults.cpus);
  const memory = checkMemory(input.memory ?? defaults.memory);
  const partition = checkPartition(input.partition ?? config.slurm.partition);
  const time = checkTime(input.time ?? defaults.time);
  for (const checked of [cpus, memory, partition, time]) if (!checked.ok) problems.push(checked.message);
  if (problems.length > 0 || !cpus.ok || !memory.ok || !partition.ok || !time.ok) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      id: input.id, name, description, packages: [...input.packages], command, base, baseImage, mirrorUrl, resolution,
      resources: { cpus: cpus.value, memory: memory.value, partition: partition.value, time: time.value },
    },
  };
}

/** One file that New App creates (`before` undefined) or extends. */
export interface FileChange {
  readonly file: string;
  readonly role: 'definition' | 'job template' | 'registry' | 'template map';
  readonly before?: string;
  readonly insertions: readonly TextInsertion[];
  readonly after: string;
}

export interface NewAppPlan {
  readonly spec: NewAppSpec;
  readonly changes: readonly FileChange[];
  /** The file to open once applied. */
  readonly definitionFile: string;
}

export class NewAppError extends Error {}

/** Computes every change New App makes, refusing when any part of the app already exists. */
export async function planNewApp(config: ProjectConfig, spec: NewAppSpec, fs: ProjectFs): Promise<NewAppPlan> {
  const relative = (file: string) => path.relative(config.root, file);
  const templateName = defaultJobTemplateName(spec.id);
  const definitionFile = definitionFileOf(config, spec.id);
  const templateFile = jobTemplateFileOf(config, templateName);
  const [definitionStat, templateStat, registryText, mapText] = await Promise.all([
    fs.stat(definitionFile),
    fs.stat(templateFile),
    fs.readText(config.paths.registry),
    fs.readText(config.paths.templateMap),
  ]);
  const existing: string[] = [];
  if (definitionStat) existing.push(relative(definitionFile));
  if (templateStat) existing.push(relative(templateFile));
  if (registryText !== undefined) {
    const registry = parseRegistry(registryText);
    if (registry.kind === 'invalid') throw new NewAppError(`cannot add to ${relative(config.paths.registry)}: ${registry.message}`);
    if (registry.entries.some((e) => e.id === spec.id)) existing.push(`its entry in ${path.basename(config.paths.registry)}`);
  }
  if (mapText !== undefined) {
    const map = parseTemplateMap(mapText);
    if (map.kind === 'ok' && map.map.entries.some((e) => e.key === spec.id)) existing.push(`its JOB_TEMPLATES entry in ${path.basename(config.paths.templateMap)}`);
  }
  if (existing.length > 0) throw new NewAppError(`app "${spec.id}" already exists (${existing.join(', ')}); nothing was changed`);

  const change = (file: string, role: FileChange['role'], before: string | undefined, insertions: TextInsertion[]): FileChange => ({
    file, role, ...(before === undefined ? {} : { before }), insertions, after: applyInsertions(before ?? '', insertions),
  });
  let registryInsertions: TextInsertion[];
  let mapInsertions: TextInsertion[];
  try {
    registryInsertions = planRegistryInsert(registryText, registryEntryOf(spec, templateName));
    mapInsertions = planTemplateMapInsert(mapText, spec.id, templateName);
  } catch (error) {
    throw new NewAppError(error instanceof Error ? error.message : String(error));
  }
  const jobTemplate = renderJobTemplate({
    id: spec.id, resources: spec.resources, resolution: spec.resolution,
    imagePath: expectedImagePath(config, spec.id), infoFile: config.slurm.infoFile,
  });
  return {
    spec,
    definitionFile,
    changes: [
      change(definitionFile, 'definition', undefined, [{ offset: 0, text: renderDefinition(spec) }]),
      change(templateFile, 'job template', undefined, [{ offset: 0, text: jobTemplate }]),
      change(config.paths.registry, 'registry', registryText, registryInsertions),
      change(config.paths.templateMap, 'template map', mapText, mapInsertions),
    ],
  };
}

/** Writes a plan, after checking that no file changed since it was computed. */
export async function applyNewAppPlan(plan: NewAppPlan, fs: WritableProjectFs): Promise<void> {
  for (const change of plan.changes) {
    const current = await fs.readText(change.file);
    if (current !== change.before) {
      throw new NewAppError(`${change.file} changed while the app was being prepared; nothing was changed`);
    }
  }
  for (const change of plan.changes) await fs.writeText(change.file, change.after);
}

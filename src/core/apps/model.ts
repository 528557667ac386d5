// One app = the join of its registry entry, definition file, local image, job template and
// JOB_TEMPLATES mapping. Apps present in only some of these places still appear, with the
// missing parts named in `problems`.
import * as path from 'node:path';
import type { Diagnostic, Range, Severity } from '../config/diagnostics';
import type { ProjectConfig } from '../config/types';
import type { ProjectFs } from './fs';
import { parseJobTemplate } from './jobTemplate';
import { parseRegistry, type RegistryEntry } from './registry';
import { parseTemplateMap, type TemplateMap } from './templateMap';
import { OffsetMap } from '../config/diagnostics';

export type ImageState = 'built' | 'stale' | 'not-built';

/** A problem located in a file, for editors to show where it is. */
export interface FileDiagnostic extends Diagnostic {
  readonly file: string;
}

export interface AppDefinition {
  readonly file: string;
  readonly mtimeMs: number;
}

export interface AppImage {
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface AppJobTemplate {
  /** File name inside the job templates folder. */
  readonly name: string;
  readonly file: string;
  readonly exists: boolean;
  /** The job's `APPTAINER_IMAGE` value and where it is written. */
  readonly imagePath?: { readonly value: string; readonly range: Range };
}

export interface AppTemplateMapping {
  readonly file: string;
  /** Undefined when the dict's value is not a plain string. */
  readonly template?: string;
  readonly range: Range;
}

/** An image found on a visualization node (filled by the deploy/images layer). */
export interface AppDeployment {
  readonly host: string;
  readonly path: string;
  readonly size?: number;
  readonly mtimeMs?: number;
  readonly matchesLocal?: boolean;
}

/** A Slurm job running this app (filled by the sessions/jobs layer). */
export interface AppSession {
  readonly jobId: string;
  readonly state: string;
  readonly node?: string;
  readonly sessionId?: string;
}

export interface App {
  readonly id: string;
  readonly registry?: RegistryEntry & { readonly file: string };
  readonly definition?: AppDefinition;
  readonly image?: AppImage;
  readonly imageState: ImageState;
  readonly jobTemplate?: AppJobTemplate;
  readonly templateMapping?: AppTemplateMapping;
  /** Where the job template should find the image on a node: `<deploy.root>/<id>/<id>.sif`. */
  readonly expectedImagePath: string;
  /** Not known to the apps model; set by the layers that query the nodes and Slurm. */
  readonly deployments?: readonly AppDeployment[];
  readonly sessions?: readonly AppSession[];
  /** What is missing or inconsistent, as sentences. */
  readonly problems: readonly string[];
  /** The same problems where they have a place in a file. */
  readonly diagnostics: readonly FileDiagnostic[];
}

export type SourceState = 'ok' | 'missing' | 'invalid';

export interface AppsSnapshot {
  readonly root: string;
  readonly apps: readonly App[];
  readonly registry: SourceState;
  readonly templateMap: SourceState;
  /** Problems that belong to no single app (unreadable registry, ...). */
  readonly problems: readonly string[];
  readonly diagnostics: readonly FileDiagnostic[];
}

/** Ids that can safely name files; registry ids outside this set are reported, not joined. */
const FILE_SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TEMPLATE_SUFFIX = '_vnc_job.sh';
const TOP: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function defaultJobTemplateName(id: string): string {
  return `${id}${TEMPLATE_SUFFIX}`;
}

export function expectedImagePath(config: ProjectConfig, id: string): string {
  return path.posix.join(config.deploy.root, id, `${id}.sif`);
}

export function definitionFileOf(config: ProjectConfig, id: string): string {
  return path.join(config.paths.definitions, `${id}.def`);
}

export function imageFileOf(config: ProjectConfig, id: string): string {
  return path.join(config.paths.images, `${id}.sif`);
}

export function jobTemplateFileOf(config: ProjectConfig, name: string): string {
  return path.join(config.paths.jobTemplates, name);
}

interface Sources {
  registry: { state: SourceState; entries: RegistryEntry[] };
  map: { state: SourceState; map?: TemplateMap; offsets?: OffsetMap };
  definitions: Set<string>;
  templates: Set<string>;
}

async function readSources(config: ProjectConfig, fs: ProjectFs, problems: string[], diagnostics: FileDiagnostic[]): Promise<Sources> {
  const relative = (file: string) => path.relative(config.root, file) || '.';
  const sources: Sources = {
    registry: { state: 'missing', entries: [] },
    map: { state: 'missing' },
    definitions: new Set(),
    templates: new Set(),
  };
  const [registryText, mapText, definitionNames, templateNames] = await Promise.all([
    fs.readText(config.paths.registry),
    fs.readText(config.paths.templateMap),
    fs.list(config.paths.definitions),
    fs.list(config.paths.jobTemplates),
  ]);
  if (registryText === undefined) {
    problems.push(`the registry ${relative(config.paths.registry)} does not exist`);
  } else {
    const parsed = parseRegistry(registryText);
    if (parsed.kind === 'invalid') {
      sources.registry.state = 'invalid';
      problems.push(`the registry ${relative(config.paths.registry)}: ${parsed.message}`);
      diagnostics.push({ file: config.paths.registry, severity: 'error', code: 'registry/invalid', message: parsed.message, range: parsed.range });
    } else {
      sources.registry = { state: 'ok', entries: [...parsed.entries] };
      for (const problem of parsed.problems) {
        problems.push(`the registry ${relative(config.paths.registry)}: ${problem.message}`);
        diagnostics.push({ ...problem, file: config.paths.registry });
      }
    }
  }
  if (mapText === undefined) {
    problems.push(`the template map ${relative(config.paths.templateMap)} does not exist`);
  } else {
    const parsed = parseTemplateMap(mapText);
    const offsets = new OffsetMap(mapText);
    if (parsed.kind === 'ok') {
      sources.map = { state: 'ok', map: parsed.map, offsets };
    } else {
      sources.map = { state: 'invalid' };
      const message = parsed.kind === 'absent' ? 'it defines no JOB_TEMPLATES dict' : parsed.message;
      problems.push(`the template map ${relative(config.paths.templateMap)}: ${message}`);
      const range = parsed.kind === 'absent' ? TOP : offsets.range(parsed.offset, parsed.offset + 'JOB_TEMPLATES'.length);
      diagnostics.push({ file: config.paths.templateMap, severity: 'warning', code: 'templateMap/invalid', message, range });
    }
  }
  for (const name of definitionNames) {
    const id = name.slice(0, -'.def'.length);
    if (name.endsWith('.def') && FILE_SAFE_ID.test(id)) sources.definitions.add(id);
  }
  for (const name of templateNames) if (name.endsWith('.sh')) sources.templates.add(name);
  return sources;
}

async function joinApp(id: string, config: ProjectConfig, fs: ProjectFs, sources: Sources): Promise<App> {
  const relative = (file: string) => path.relative(config.root, file) || '.';
  const problems: string[] = [];
  const diagnostics: FileDiagnostic[] = [];
  const problem = (message: string, where?: { file: string; range: Range; severity?: Severity; code: string }) => {
    problems.push(message);
    if (where) diagnostics.push({ file: where.file, range: where.range, severity: where.severity ?? 'warning', code: where.code, message });
  };

  const entry = sources.registry.entries.find((e) => e.id === id);
  const registry = entry && { ...entry, file: config.paths.registry };
  const mapEntry = sources.map.map?.entries.find((e) => e.key === id);
  const templateMapping: AppTemplateMapping | undefined =
    mapEntry && sources.map.offsets
      ? { file: config.paths.templateMap, range: sources.map.offsets.range(mapEntry.start, mapEntry.end), ...(mapEntry.template === undefined ? {} : { template: mapEntry.template }) }
      : undefined;

  if (!FILE_SAFE_ID.test(id)) {
    problem(`the id ${JSON.stringify(id)} cannot name files (letters, digits, ".", "_", "-")`, registry && { file: registry.file, range: registry.range, code: 'app/unsafe-id' });
    return { id, ...(registry ? { registry } : {}), ...(templateMapping ? { templateMapping } : {}), imageState: 'not-built', expectedImagePath: '', problems, diagnostics };
  }

  const definitionFile = definitionFileOf(config, id);
  const imageFile = imageFileOf(config, id);
  const [definitionStat, imageStat] = await Promise.all([fs.stat(definitionFile), fs.stat(imageFile)]);
  const definition = definitionStat?.isFile ? { file: definitionFile, mtimeMs: definitionStat.mtimeMs } : undefined;
  const image = imageStat?.isFile ? { file: imageFile, size: imageStat.size, mtimeMs: imageStat.mtimeMs } : undefined;
  const imageState: ImageState = !image ? 'not-built' : definition && image.mtimeMs < definition.mtimeMs ? 'stale' : 'built';

  if (!definition) {
    problem(
      registry ? `registered in apps.json but ${relative(definitionFile)} does not exist` : `no definition file ${relative(definitionFile)}`,
      registry && { file: registry.file, range: registry.range, code: 'app/no-definition' },
    );
  }
  if (sources.registry.state === 'ok' && !registry) {
    problem(`not registered in ${path.basename(config.paths.registry)}`, definition && { file: definition.file, range: TOP, severity: 'info', code: 'app/not-registered' });
  }
  if (sources.map.state === 'ok' && !templateMapping) {
    problem(`no JOB_TEMPLATES entry in ${path.basename(config.paths.templateMap)}`, registry && { file: registry.file, range: registry.range, severity: 'info', code: 'app/no-template-mapping' });
  }

  const registryName = registry?.jobTemplate;
  const mappedName = templateMapping?.template;
  if (registryName !== undefined && mappedName !== undefined && registryName !== mappedName) {
    problem(`apps.json names job template ${registryName} but JOB_TEMPLATES maps ${id} to ${mappedName}`, templateMapping && { file: templateMapping.file, range: templateMapping.range, code: 'app/template-mismatch' });
  }
  const name = registryName ?? mappedName ?? defaultJobTemplateName(id);
  let jobTemplate: AppJobTemplate | undefined;
  if (name !== path.basename(name) || name === '..' || name === '.') {
    problem(`job template ${JSON.stringify(name)} must be a file name inside ${relative(config.paths.jobTemplates)}`, registry && { file: registry.file, range: registry.range, severity: 'error', code: 'app/template-path' });
  } else {
    const file = jobTemplateFileOf(config, name);
    const text = await fs.readText(file);
    const info = text === undefined ? {} : parseJobTemplate(text);
    jobTemplate = { name, file, exists: text !== undefined, ...info };
    if (text === undefined) {
      const named = registryName !== undefined ? 'apps.json' : mappedName !== undefined ? 'JOB_TEMPLATES' : undefined;
      const where = registryName !== undefined && registry
        ? { file: registry.file, range: registry.range, severity: 'error' as const, code: 'app/missing-template' }
        : mappedName !== undefined && templateMapping
          ? { file: templateMapping.file, range: templateMapping.range, severity: 'error' as const, code: 'app/missing-template' }
          : undefined;
      problem(named ? `${named} names job template ${relative(file)}, which does not exist` : `no job template ${relative(file)}`, where);
    }
  }
  const expected = expectedImagePath(config, id);
  if (jobTemplate?.imagePath && jobTemplate.imagePath.value !== expected) {
    problem(`the job template runs ${jobTemplate.imagePath.value}, but deployed images are at ${expected}`, {
      file: jobTemplate.file, range: jobTemplate.imagePath.range, severity: 'error', code: 'app/image-path',
    });
  }
  return {
    id,
    ...(registry ? { registry } : {}),
    ...(definition ? { definition } : {}),
    ...(image ? { image } : {}),
    imageState,
    ...(jobTemplate ? { jobTemplate } : {}),
    ...(templateMapping ? { templateMapping } : {}),
    expectedImagePath: expected,
    problems,
    diagnostics,
  };
}

/** Reads every source of the project and joins them into apps, sorted by id. */
export async function loadApps(config: ProjectConfig, fs: ProjectFs): Promise<AppsSnapshot> {
  const problems: string[] = [];
  const diagnostics: FileDiagnostic[] = [];
  const sources = await readSources(config, fs, problems, diagnostics);
  const ids = new Set<string>([
    ...sources.registry.entries.map((e) => e.id),
    ...sources.definitions,
    ...(sources.map.map?.entries.flatMap((e) => (e.key === undefined ? [] : [e.key])) ?? []),
  ]);
  // A job template that no app refers to is an app of its own, e.g. one copied by hand.
  const referenced = new Set([
    ...sources.registry.entries.flatMap((e) => (e.jobTemplate ? [e.jobTemplate] : [])),
    ...(sources.map.map?.entries.flatMap((e) => (e.template ? [e.template] : [])) ?? []),
  ]);
  for (const name of sources.templates) {
    const id = name.slice(0, -TEMPLATE_SUFFIX.length);
    if (name.endsWith(TEMPLATE_SUFFIX) && !referenced.has(name) && FILE_SAFE_ID.test(id)) ids.add(id);
  }
  const apps = await Promise.all([...ids].sort().map((id) => joinApp(id, config, fs, sources)));
  return {
    root: config.root,
    apps,
    registry: sources.registry.state,
    templateMap: sources.map.state,
    problems,
    diagnostics: [...diagnostics, ...apps.flatMap((app) => app.diagnostics)],
  };
}

// Reads appframework.yaml into a ProjectConfig, reporting every problem at its exact position.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { defaultConfig } from './defaults';
import type { Diagnostic, Range, Severity } from './diagnostics';
import { parseHostSpec, type HostSpec } from './hostSpec';
import type { LintSeverity, PersonalSettings, ProjectConfig } from './types';
import {
  checkCpus, checkInfoFile, checkMemory, checkMode, checkOwner, checkPartition, checkPortRange,
  checkProjectPath, checkRemoteDirectory, checkTime, checkUrl, type Checked, type PathScope,
} from './values';

export interface ParsedConfig {
  readonly config: ProjectConfig;
  readonly diagnostics: readonly Diagnostic[];
}

/** The schema's keys, per section; anything else is reported. */
const SECTIONS = {
  '': ['hosts', 'paths', 'deploy', 'build', 'slurm', 'backend', 'lint'],
  hosts: ['access', 'viz'],
  paths: ['definitions', 'images', 'jobTemplates', 'registry', 'templateMap'],
  deploy: ['root', 'vncImages', 'owner', 'mode', 'sudo'],
  build: ['sudo', 'fakeroot'],
  slurm: ['partition', 'ports', 'infoFile', 'resources'],
  'slurm.resources': ['cpus', 'memory', 'time'],
  backend: ['url'],
  lint: ['rules'],
} as const;

type Section = keyof typeof SECTIONS;

interface Entry {
  readonly key: string;
  readonly keyNode: Node;
  /** Undefined when the key has no value (`key:`). */
  readonly value: Node | undefined;
}

const LINT_SEVERITIES: readonly LintSeverity[] = ['error', 'warning', 'info', 'off'];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

class ConfigReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  rangeOf(start: number, end: number): Range {
    const a = this.lines.linePos(start);
    const b = this.lines.linePos(Math.max(start, end));
    return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
  }

  nodeRange(node: Node): Range {
    const [start, end] = node.range ?? [0, 0];
    return this.rangeOf(start, end);
  }

  report(node: Node, severity: Severity, code: string, message: string): void {
    this.diagnostics.push({ severity, code, message, range: this.nodeRange(node) });
  }

  resolve(node: Node | undefined | null): Node | undefined {
    if (!node) return undefined;
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? undefined;
    return node;
  }

  source(node: Node): string {
    const [start, end] = node.range ?? [0, 0];
    return this.text.slice(start, end);
  }

  /** The entries of a mapping; unknown keys, non-mappings and duplicates are reported. */
  section(node: Node | undefined, section: Section): Map<string, Entry> | undefined {
    const entries = new Map<string, Entry>();
    const resolved = this.resolve(node);
    if (!resolved || (isScalar(resolved) && resolved.value === null)) return entries;
    const name = section === '' ? 'the file' : `"${section}"`;
    if (!isMap(resolved)) {
      this.report(resolved, 'error', 'config/type', `${name} must be a mapping of ${SECTIONS[section].join(', ')}`);
      return undefined;
    }
    const known: readonly string[] = SECTIONS[section];
    for (const pair of resolved.items) {
      const keyNode = pair.key as Node | null;
      if (!keyNode) continue;
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        this.report(keyNode, 'error', 'config/type', `keys in ${name} must be plain names`);
        continue;
      }
      const key = keyNode.value;
      if (!known.includes(key)) {
        const suggestion = known.find((candidate) => editDistance(candidate, key) <= 2);
        const hint = suggestion ? ` Did you mean "${suggestion}"?` : ` Known keys: ${known.join(', ')}.`;
        this.report(keyNode, 'error', 'config/unknown-key', `unknown key ${JSON.stringify(key)} in ${name}.${hint}`);
        continue;
      }
      entries.set(key, { key, keyNode, value: this.resolve(pair.value as Node | null) });
    }
    return entries;
  }

  /** A scalar's value; `key:` without a value counts as absent. */
  scalar(entry: Entry | undefined): { node: Node; value: unknown } | undefined {
    if (!entry) return undefined;
    if (!entry.value || (isScalar(entry.value) && entry.value.value === null)) {
      this.report(entry.keyNode, 'error', 'config/missing-value', `"${entry.key}" has no value`);
      return undefined;
    }
    if (!isScalar(entry.value)) {
      this.report(entry.value, 'error', 'config/type', `"${entry.key}" must be a single value, not a ${isSeq(entry.value) ? 'list' : 'mapping'}`);
      return undefined;
    }
    return { node: entry.value, value: entry.value.value };
  }

  string(entry: Entry | undefined): { node: Node; value: string } | undefined {
    const scalar = this.scalar(entry);
    if (!scalar) return undefined;
    if (typeof scalar.value !== 'string') {
      this.report(scalar.node, 'error', 'config/type', `"${entry!.key}" must be a string`);
      return undefined;
    }
    return { node: scalar.node, value: scalar.value };
  }

  boolean(entry: Entry | undefined): boolean | undefined {
    const scalar = this.scalar(entry);
    if (!scalar) return undefined;
    if (typeof scalar.value !== 'boolean') {
      this.report(scalar.node, 'error', 'config/type', `"${entry!.key}" must be true or false`);
      return undefined;
    }
    return scalar.value;
  }

  /** Applies a value check and reports its failure or warning on the value's node. */
  checked<T>(node: Node, result: Checked<T>, code: string): T | undefined {
    if (!result.ok) {
      this.report(node, 'error', code, result.message);
      return undefined;
    }
    if (result.warning) this.report(node, 'warning', code, result.warning);
    return result.value;
  }

  host(node: Node, value: unknown): HostSpec | undefined {
    if (typeof value !== 'string') {
      this.report(node, 'error', 'config/type', 'a host must be a string: "local", an ssh alias or user@host[:port]');
      return undefined;
    }
    const parsed = parseHostSpec(value);
    if (!parsed.ok) {
      this.report(node, 'error', 'config/host', parsed.message);
      return undefined;
    }
    return parsed.spec;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

function readHosts(reader: ConfigReader, node: Node | undefined, config: Mutable<ProjectConfig>): void {
  const hosts = reader.section(node, 'hosts');
  if (!hosts) return;
  const access = reader.scalar(hosts.get('access'));
  if (access) config.hosts.access = reader.host(access.node, access.value) ?? config.hosts.access;
  const vizEntry = hosts.get('viz');
  if (!vizEntry) return;
  const viz = vizEntry.value;
  if (!viz || (isScalar(viz) && viz.value === null)) {
    config.hosts.viz = [];
  } else if (isSeq(viz)) {
    const specs: HostSpec[] = [];
    for (const item of viz.items) {
      const itemNode = reader.resolve(item as Node);
      if (!itemNode) continue;
      if (!isScalar(itemNode)) {
        reader.report(itemNode, 'error', 'config/type', 'a host must be a string: "local", an ssh alias or user@host[:port]');
        continue;
      }
      const spec = reader.host(itemNode, itemNode.value);
      if (!spec) continue;
      if (specs.some((known) => known.text === spec.text)) {
        reader.report(itemNode, 'warning', 'config/duplicate', `${JSON.stringify(spec.text)} is listed twice`);
        continue;
      }
      specs.push(spec);
    }
    config.hosts.viz = specs;
  } else {
    reader.report(viz, 'error', 'config/type', '"viz" must be a list of hosts, like [viz-node001]');
  }
  if (config.hosts.viz.length === 0 && !(isSeq(viz) && viz.items.length > 0)) {
    reader.report(vizEntry.keyNode, 'warning', 'config/no-viz', 'no visualization nodes: deploys have nowhere to go');
  }
}

function readPaths(reader: ConfigReader, node: Node | undefined, config: Mutable<ProjectConfig>): void {
  const paths = reader.section(node, 'paths');
  if (!paths) return;
  const scopes: Record<keyof ProjectConfig['paths'], PathScope> = {
    definitions: 'inside',
    images: 'inside',
    jobTemplates: 'inside',
    registry: 'anywhere',
    templateMap: 'anywhere',
  };
  for (const key of Object.keys(scopes) as (keyof ProjectConfig['paths'])[]) {
    const value = reader.string(paths.get(key));
    if (!value) continue;
    const resolved = reader.checked(value.node, checkProjectPath(value.value, config.root, scopes[key]), 'config/path');
    if (resolved === undefined) continue;
    config.paths[key] = resolved;
    if (key === 'registry' && !resolved.endsWith('.json')) reader.report(value.node, 'warning', 'config/path', 'the registry is a JSON file (apps.json)');
    if (key === 'templateMap' && !resolved.endsWith('.py')) reader.report(value.node, 'warning', 'config/path', 'the template map is a Python file holding JOB_TEMPLATES');
  }
}

function readDeploy(reader: ConfigReader, node: Node | undefined, config: Mutable<ProjectConfig>): void {
  const deploy = reader.section(node, 'deploy');
  if (!deploy) return;
  for (const key of ['root', 'vncImages'] as const) {
    const value = reader.string(deploy.get(key));
    if (value) config.deploy[key] = reader.checked(value.node, checkRemoteDirectory(value.value), 'config/remote-path') ?? config.deploy[key];
  }
  const owner = reader.string(deploy.get('owner'));
  if (owner) config.deploy.owner = reader.checked(owner.node, checkOwner(owner.value), 'config/owner') ?? config.deploy.owner;
  const mode = reader.scalar(deploy.get('mode'));
  if (mode) config.deploy.mode = reader.checked(mode.node, checkMode(mode.value, reader.source(mode.node)), 'config/mode') ?? config.deploy.mode;
  const sudo = reader.scalar(deploy.get('sudo'));
  if (sudo) {
    if (sudo.value === 'auto' || typeof sudo.value === 'boolean') config.deploy.sudo = sudo.value;
    else reader.report(sudo.node, 'error', 'config/type', '"sudo" must be auto, true or false');
  }
}

function readBuild(reader: ConfigReader, node: Node | undefined, config: Mutable<ProjectConfig>): void {
  const build = reader.section(node, 'build');
  if (!build) return;
  const sudo = reader.boolean(build.get('sudo'));
  const fakeroot = reader.boolean(build.get('fakeroot'));
  if (fakeroot !== undefined) config.build.fakeroot = fakeroot;
  // Choosing fakeroot alone means "instead of sudo".
  if (sudo !== undefined) config.build.sudo = sudo;
  else if (fakeroot) config.build.sudo = false;
  if (sudo && fakeroot) {
    const entry = build.get('fakeroot')!;
    reader.report(entry.value ?? entry.keyNode, 'error', 'config/build', 'choose either sudo or fakeroot for builds, not both');
    config.build.fakeroot = false;
  }
}

function readSlurm(reader: ConfigReader, node: Node | undefined, config: Mutable<ProjectConfig>): void {
  const slurm = reader.section(node, 'slurm');
  if (!slurm) return;
  const partition = reader.string(slurm.get('partition'));
  if (partition) config.slurm.partition = reader.checked(partition.node, checkPartition(partition.value), 'config/partition') ?? config.slurm.partition;
  const ports = reader.scalar(slurm.get('ports'));
  if (ports) config.slurm.ports = reader.checked(ports.node, checkPortRange(ports.value), 'config/ports') ?? config.slurm.ports;
  const infoFile = reader.string(slurm.get('infoFile'));
  if (infoFile) config.slurm.infoFile = reader.checked(infoFile.node, checkInfoFile(infoFile.value), 'config/info-file') ?? config.slurm.infoFile;
  const resources = reader.section(slurm.get('resources')?.value, 'slurm.resources');
  if (!resources) return;
  const cpus = reader.scalar(resources.get('cpus'));
  if (cpus) config.slurm.resources.cpus = reader.checked(cpus.node, checkCpus(cpus.value), 'config/resources') ?? config.slurm.resources.cpus;
  const memory = reader.scalar(resources.get('memory'));
  if (memory) config.slurm.resources.memory = reader.checked(memory.node, checkMemory(memory.value), 'config/resources') ?? config.slurm.resources.memory;
  const time = reader.scalar(resources.get('time'));
  if (time) config.slurm.resources.time = reader.checked(time.node, checkTime(time.value), 'config/resources') ?? config.slurm.resources.time;
}

function readBackend(reader: ConfigReader, node: Node | undefined, config: Mutable<ProjectConfig>): void {
  const backend = reader.section(node, 'backend');
  if (!backend) return;
  const url = reader.string(backend.get('url'));
  if (!url) return;
  const checked = reader.checked(url.node, checkUrl(url.value), 'config/url');
  if (checked !== undefined) config.backend = { url: checked };
}

function readLint(reader: ConfigReader, node: Node | undefined, config: Mutable<ProjectConfig>): void {
  const lint = reader.section(node, 'lint');
  const rulesNode = lint?.get('rules')?.value;
  if (!rulesNode || (isScalar(rulesNode) && rulesNode.value === null)) return;
  if (!isMap(rulesNode)) {
    reader.report(rulesNode, 'error', 'config/type', '"rules" must map rule codes to error, warning, info or off');
    return;
  }
  const severities: Record<string, LintSeverity> = {};
  for (const pair of rulesNode.items) {
    const keyNode = pair.key as Node | null;
    const valueNode = reader.resolve(pair.value as Node | null);
    if (!keyNode) continue;
    const code = isScalar(keyNode) ? String(keyNode.value) : '';
    if (!/^[A-Za-z][A-Za-z0-9_/-]{0,63}$/.test(code)) {
      reader.report(keyNode, 'error', 'config/lint', 'a rule code is letters, digits, "_", "/" or "-"');
      continue;
    }
    const value = valueNode && isScalar(valueNode) ? valueNode.value : undefined;
    if (typeof value !== 'string' || !LINT_SEVERITIES.includes(value as LintSeverity)) {
      reader.report(valueNode ?? keyNode, 'error', 'config/lint', `the severity of ${code} must be error, warning, info or off`);
      continue;
    }
    severities[code] = value as LintSeverity;
  }
  config.lint.severities = severities;
}

/** Parses the text of appframework.yaml found in `root`. Invalid values fall back to their defaults. */
export function parseConfig(text: string, root: string, personal?: PersonalSettings, file?: string): ParsedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader = new ConfigReader(text, doc, lines);
  const config = { ...defaultConfig(root, personal), ...(file ? { file } : {}) } as Mutable<ProjectConfig>;
  for (const problem of [...doc.errors, ...doc.warnings]) {
    reader.diagnostics.push({
      severity: problem.name === 'YAMLParseError' ? 'error' : 'warning',
      code: 'config/yaml',
      message: problem.message.split('\n')[0],
      range: reader.rangeOf(problem.pos[0], problem.pos[1]),
    });
  }
  if (doc.errors.length === 0) {
    const top = reader.section(doc.contents ?? undefined, '');
    if (top) {
      readHosts(reader, top.get('hosts')?.value, config);
      readPaths(reader, top.get('paths')?.value, config);
      readDeploy(reader, top.get('deploy')?.value, config);
      readBuild(reader, top.get('build')?.value, config);
      readSlurm(reader, top.get('slurm')?.value, config);
      readBackend(reader, top.get('backend')?.value, config);
      readLint(reader, top.get('lint')?.value, config);
    }
  }
  const diagnostics = reader.diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { config: config as ProjectConfig, diagnostics };
}

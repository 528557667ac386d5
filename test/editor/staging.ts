// Copies of the project that the editor tier builds and runs, so it never writes the shared
// dist/ or out/ of the working tree: the extension as VS Code loads it, and the compiled suite.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../helpers/repoRoot';
import { resultsFile } from '../suite/results';

export { repoRoot };

/** What building and packaging the extension read: the sources and the manifest, not the tests. */
const PROJECT_INPUTS = ['package.json', 'esbuild.js', 'tsconfig.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'src', 'syntaxes', 'snippets', 'media'];

/** Copies the project's inputs into `dir`, with the installed node_modules linked in. */
export function stageProject(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of PROJECT_INPUTS) {
    const source = join(repoRoot, name);
    if (existsSync(source)) cpSync(source, join(dir, name), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

export interface CommandResult {
  readonly code: number | null;
  /** Standard output and error, interleaved. */
  readonly output: string;
  readonly stdout: string;
}

/** Runs a command to its end, collecting standard output and error together. */
export function runCommand(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, stdout }));
  });
}

/** Sizes in bytes of the bundles esbuild.js wrote into `<dir>/dist`. */
export type BundleSizes = Record<string, number>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Builds a staged project with its own esbuild.js, as `npm run build` (or `--production`) would. */
export async function buildStagedExtension(dir: string, production: boolean): Promise<BundleSizes> {
  const result = await runCommand(process.execPath, ['esbuild.js', ...(production ? ['--production'] : [])], dir);
  if (result.code !== 0) throw new Error(`esbuild.js failed (exit ${result.code}):\n${result.output}`);
  const sizes: BundleSizes = {};
  for (const file of filesUnder(join(dir, 'dist'))) {
    if (file.endsWith('.js')) sizes[relative(dir, file)] = statSync(file).size;
  }
  return sizes;
}

export interface BuiltSuite {
  /** The module VS Code loads as `extensionTestsPath`. */
  readonly index: string;
  /** Where that module writes its verdict. */
  readonly results: string;
  /** The test titles declared in the suite's sources, to check they all ran. */
  readonly declaredTests: number;
}

function suiteSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return suiteSources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Compiles test/suite into `outDir`: index.js and one file per `*.test.ts`, each with its
 * helpers inlined. `vscode` comes from the extension host; mocha from the project's node_modules.
 */
export async function buildSuite(outDir: string): Promise<BuiltSuite> {
  const sourceDir = join(repoRoot, 'test', 'suite');
  const sources = suiteSources(sourceDir);
  const entryPoints = sources.filter((file) => file.endsWith('.test.ts') || file === join(sourceDir, 'index.ts'));
  await esbuild.build({
    entryPoints,
    outbase: sourceDir,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    external: ['vscode', 'mocha'],
    logLevel: 'silent',
  });
  symlinkSync(join(repoRoot, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  const declaredTests = sources
    .filter((file) => file.endsWith('.test.ts'))
    .reduce((count, file) => count + (readFileSync(file, 'utf8').match(/^\s*test\(/gm)?.length ?? 0), 0);
  return { index: join(outDir, 'index.js'), results: resultsFile(outDir), declaredTests };
}

/** Copies a fixture workspace, so tests may edit and save in it. */
export function stageWorkspace(fixture: string, dir: string): string {
  cpSync(join(repoRoot, 'test', 'fixtures', fixture), dir, { recursive: true });
  return dir;
}

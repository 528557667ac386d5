// `npm run package` on a copy of the project: the .vsix holds only what the extension needs,
// carries its marketplace metadata, and code-server installs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, openWorkbench } from './browser';
import { deferrer } from './cleanup';
import { codeServerCommand, codeServerDirs, ensureCodeServer, EXTENSION_ID, extensionHostLogs, startCodeServer } from './codeServer';
import { buildStagedExtension, runCommand, stageProject, stageWorkspace } from './staging';
import { zipEntries } from './zip';

/** Everything a .vsix may hold: vsce's own two files and the extension's runtime files. */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/(extension|cli)\.js$/,
  /^extension\/dist\/webview\/[\w.-]+\.(js|css)$/,
  /^extension\/(syntaxes|snippets)\/[\w.-]+\.json$/,
  /^extension\/media\/[\w.-]+\.(png|svg|css)$/,
  /^extension\/media\/walkthrough\/[\w.-]+\.md$/,
];
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/cli.js',
  'extension/dist/webview/viewer.js',
  'extension/syntaxes/apptainer.tmLanguage.json',
  'extension/snippets/apptainer.json',
  'extension/media/icon.png',
];
const MAX_VSIX_BYTES = 1024 * 1024;

async function waitForLog(dataDir: string, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const logs = extensionHostLogs(dataDir);
    if (pattern.test(logs)) return;
    if (Date.now() > deadline) throw new Error(`No ${pattern} in the extension host's logs after ${timeoutMs} ms:\n${logs.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Width and height from a PNG's header chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.toString('latin1', 1, 4), 'PNG', 'not a PNG file');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('(editor) package: npm run package builds a small .vsix that code-server installs', { timeout: 20 * 60_000 }, async (t) => {
  const defer = deferrer(t);
  const work = mkdtempSync(join(tmpdir(), 'appframework-package-'));
  defer(() => rmSync(work, { recursive: true, force: true }));
  const project = join(work, 'project');
  stageProject(project);
  // A developer's tree: a development build (with source maps) is there before packaging.
  await buildStagedExtension(project, false);

  const started = Date.now();
  const packed = await runCommand('npm', ['run', 'package'], project);
  assert.equal(packed.code, 0, `npm run package failed:\n${packed.output}`);
  const vsixName = readdirSync(project).find((name) => name.endsWith('.vsix'));
  assert.ok(vsixName, `no .vsix written:\n${packed.output}`);
  const vsix = join(project, vsixName);
  const bytes = statSync(vsix).size;

  const entries = zipEntries(readFileSync(vsix));
  const names = entries.map((e) => e.name);
  t.diagnostic(`${vsixName}: ${(bytes / 1024).toFixed(1)} KB, ${names.length} files, packed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const e of entries.filter((entry) => entry.name.startsWith('extension/dist/'))) {
    t.diagnostic(`${e.name.slice('extension/'.length)}: ${(e.size / 1024).toFixed(1)} KB`);
  }
  assert.deepEqual(names.filter((name) => !ALLOWED.some((pattern) => pattern.test(name))), [], 'files that do not belong in the package');
  assert.deepEqual(REQUIRED.filter((name) => !names.includes(name)), [], 'files missing from the package');
  assert.ok(bytes < MAX_VSIX_BYTES, `${bytes} bytes`);

  const entry = (name: string) => entries.find((e) => e.name === name)!.read();
  const manifest = JSON.parse(entry('extension/package.json').toString('utf8'));
  assert.equal(manifest.icon, 'media/icon.png');
  assert.deepEqual(pngSize(entry('extension/media/icon.png')), { width: 128, height: 128 });
  assert.ok(manifest.categories.length > 0 && manifest.keywords.length > 0);
  assert.equal(manifest.license, 'MIT');
  const vsixManifest = entry('extension.vsixmanifest').toString('utf8');
  assert.match(vsixManifest, /<Icon>extension\/media\/icon\.png<\/Icon>/);
  assert.match(vsixManifest, /<Categories>[^<]*Programming Languages/);
  assert.match(vsixManifest, /<Tags>[^<]*\bapptainer\b/);
  // The production bundle: minified, without source maps.
  assert.doesNotMatch(entry('extension/dist/extension.js').toString('utf8'), /sourceMappingURL/);

  const bin = await ensureCodeServer();
  const dataDir = join(work, 'code-server');
  await codeServerCommand(bin, dataDir, ['--install-extension', vsix]);
  const listed = await codeServerCommand(bin, dataDir, ['--list-extensions', '--show-versions']);
  assert.ok(listed.split('\n').includes(`${EXTENSION_ID}@${manifest.version}`), `listed: ${listed}`);
  const installed = join(codeServerDirs(dataDir).extensions, `${EXTENSION_ID}-${manifest.version}`);
  assert.ok(existsSync(join(installed, 'dist', 'extension.js')), `no bundle in ${installed}`);

  // The installed (minified) bundle activates when a .def file is opened.
  const workspace = stageWorkspace('editor-workspace', join(work, 'workspace'));
  const server = await startCodeServer(bin, dataDir);
  defer(() => server.stop());
  const browser = await launchChromium();
  defer(() => browser.close());
  await openWorkbench(browser, server.workbenchUrl(workspace, { openFile: join(workspace, 'language', 'xclock.def') }));
  await waitForLog(dataDir, /App Framework activated/, 120_000);
});

// Bundles the extension host code (Node, CommonJS) and the command-line tool.
// `--production` minifies without source maps; `--watch` rebuilds on change.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form VS Code's `$esbuild-watch` problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  // ssh2 falls back to pure JavaScript when its optional native add-ons are absent.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  plugins: watch ? [problemMatcher] : [],
};

// The session viewer's page. noVNC is ESM-only with a top-level await: ESM output, `.mts` entry.
const webview = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  absWorkingDir: __dirname,
  entryPoints: ['src/webview/viewer.mts'],
  outfile: 'dist/webview/viewer.js',
  plugins: watch ? [problemMatcher] : [],
};

const builds = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  webview,
];

async function main() {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}

// Tests build the viewer page with the same options.
module.exports = { webview };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

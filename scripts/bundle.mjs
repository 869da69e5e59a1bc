// The bundled entry (issue 9, startup): bin/smsctl.js runs dist/smsctl.mjs, one file holding
// everything a command needs before it runs (main, the command tree, commander), so starting
// smsctl reads and compiles one module instead of ~50. What commands import lazily (providers,
// the sandbox, CSV/XLSX reading, prompts, progress) stays lazy: chunks under dist/chunks/.
//
// Runs after tsc (`npm run build`) and bundles its output, dist/main.js: the bundle is the
// same JavaScript the tests see under dist/, only fewer files. npm packages stay external
// (node_modules, as installed), except commander, which every run needs (see COMMANDER).
//
// Two passes, because esbuild's code splitting puts code shared by the entry and a lazy chunk
// into chunks of its own, which the entry then imports at startup (~18 more files):
//  1. esbuild with splitting: the entry, the chunks it imports statically, the lazy chunks.
//  2. the entry and its static chunks merged into dist/smsctl.mjs, which exports what those
//     chunks exported; a static chunk that a lazy chunk imports becomes a one-line re-export
//     of dist/smsctl.mjs, so lazy code shares the entry's module instances (one SmsctlError).
// That needs an entry without top-level await (src/main.ts): a lazy chunk imports the entry,
// which must have finished evaluating.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const ENTRY = 'smsctl.mjs';
const CHUNKS = 'chunks';
// commander is bundled in: loading it from node_modules as CommonJS behind an ESM facade is
// 7 files and a module-lexer pass at every start. Every other package loads from node_modules.
const COMMANDER = /^commander(\/|$)/;
const TARGET = 'node20.19';

/** Every import that is not a file of ours stays an import (node:…, npm packages but commander). */
const externals = {
  name: 'externals',
  setup(build) {
    // commander requires node:child_process at load, for executable subcommands (smsctl has
    // none), and loading it costs ~0.5 ms at every start: its one use, spawn, requires it then.
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'commander-child-process' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'commander-child-process' }, () => ({
      contents: "exports.spawn = (...args) => require('node:child_process').spawn(...args);",
      loader: 'js',
    }));
    build.onResolve({ filter: /^[^./]/ }, (args) => (COMMANDER.test(args.path) ? undefined : { path: args.path, external: true }));
  },
};

// Pass 1 -----------------------------------------------------------------------------------
const first = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: { smsctl: join(DIST, 'main.js') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: TARGET,
  outdir: DIST,
  entryNames: '[name]',
  chunkNames: `${CHUNKS}/[name]-[hash]`,
  outExtension: { '.js': '.mjs' },
  plugins: [externals],
  metafile: true,
  write: false,
  logLevel: 'warning',
});

const key = (abs) => relative(ROOT, abs).split('\\').join('/');

// import.meta.url is a module's own address: in the bundle, code moves to dist/smsctl.mjs or
// dist/chunks/, so only the entry (dist/main.js, which stays at dist/) may build paths from it.
for (const input of Object.keys(first.metafile.inputs)) {
  if (input.startsWith('dist/') && input !== 'dist/main.js' && readFileSync(join(ROOT, input), 'utf8').includes('import.meta')) {
    throw new Error(`bundle: ${input} uses import.meta, whose URL changes in the bundle: pass the path in from src/main.ts`);
  }
}
const files = new Map(first.outputFiles.map((f) => [key(f.path), f.text]));
const outputs = first.metafile.outputs;
const entryKey = `dist/${ENTRY}`;
if (!outputs[entryKey]) throw new Error(`bundle: esbuild wrote no ${entryKey}`);

/** The chunks the entry loads at startup: its static imports, and theirs. */
const staticChunks = [];
const visit = (out) => {
  for (const imp of outputs[out].imports) {
    if (imp.external || imp.kind !== 'import-statement' || staticChunks.includes(imp.path)) continue;
    staticChunks.push(imp.path);
    visit(imp.path);
  }
};
visit(entryKey);
const lazyChunks = Object.keys(outputs).filter((o) => o.endsWith('.mjs') && o !== entryKey && !staticChunks.includes(o));
// Only the entry gets a require (for commander): lazy code must not need one.
for (const o of lazyChunks) if (/\b__require\b/.test(files.get(o))) throw new Error(`bundle: ${o} needs require(), which only the entry has`);

// The names the merged entry must export: everything a static chunk exports, each once.
const exported = new Map();
for (const c of staticChunks) {
  for (const name of outputs[c].exports) {
    if (exported.has(name)) throw new Error(`bundle: ${name} is exported by ${exported.get(name)} and ${c}`);
    exported.set(name, c);
  }
}

// Pass 2 -----------------------------------------------------------------------------------
// A virtual module: the pass-1 entry first (so modules evaluate in the order they did), then
// a re-export of every static chunk.
const VIRTUAL = 'smsctl:merged';
const reexported = new Set(lazyChunks.flatMap((o) => outputs[o].imports.filter((i) => !i.external).map((i) => i.path)).filter((p) => staticChunks.includes(p)));
const second = await esbuild.build({
  absWorkingDir: ROOT,
  stdin: {
    contents: [`import './${ENTRY}';`, ...staticChunks.map((c) => `export * from './${relative('dist', c).split('\\').join('/')}';`)].join('\n'),
    resolveDir: DIST,
    sourcefile: VIRTUAL,
    loader: 'js',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: TARGET,
  outfile: join(DIST, ENTRY),
  // commander is CommonJS: its require('node:events') etc. need a real require in ESM output.
  banner: { js: "import { createRequire as __smsctlCreateRequire } from 'node:module';\nconst require = __smsctlCreateRequire(import.meta.url);" },
  // A lazy chunk imports the entry: an entry still at a top-level await would never finish.
  supported: { 'top-level-await': false },
  metafile: true,
  write: false,
  logLevel: 'warning',
  plugins: [
    {
      name: 'pass-1-output',
      setup(build) {
        build.onResolve({ filter: /.*/ }, (args) => {
          if (!args.path.startsWith('.')) return { path: args.path, external: true };
          const file = key(resolve(args.resolveDir, args.path));
          if (!files.has(file)) throw new Error(`bundle: ${args.importer} imports ${args.path}, which pass 1 did not write`);
          // A lazy import stays one: the path, now from dist/, points at the chunk file (a
          // static chunk's file is then its re-export of the entry).
          if (args.kind === 'dynamic-import') {
            if (staticChunks.includes(file)) reexported.add(file);
            return { path: `./${relative('dist', file).split('\\').join('/')}`, external: true };
          }
          if (lazyChunks.includes(file)) throw new Error(`bundle: ${args.importer} imports the lazy chunk ${args.path} statically`);
          // Relative to the repository: the merged file names its parts, not the build machine's paths.
          return { path: file, namespace: 'pass1' };
        });
        build.onLoad({ filter: /.*/, namespace: 'pass1' }, (args) => ({ contents: files.get(args.path), loader: 'js', resolveDir: join(ROOT, dirname(args.path)) }));
      },
    },
  ],
});

const merged = second.outputFiles[0].text;
const mergedExports = new Set(Object.values(second.metafile.outputs)[0].exports);
for (const name of exported.keys()) if (!mergedExports.has(name)) throw new Error(`bundle: the merged entry lost the export ${name}`);

// Write ------------------------------------------------------------------------------------
rmSync(join(DIST, ENTRY), { force: true });
rmSync(join(DIST, CHUNKS), { recursive: true, force: true });
const write = (file, text) => {
  mkdirSync(dirname(join(ROOT, file)), { recursive: true });
  writeFileSync(join(ROOT, file), text);
};
write(entryKey, merged);
for (const c of lazyChunks) write(c, files.get(c));
// A static chunk is kept only as a re-export of the entry, and only where lazy code imports it.
for (const c of reexported) write(c, `export { ${outputs[c].exports.join(', ')} } from '${relative(dirname(c), entryKey).split('\\').join('/')}';\n`);

// The bundled entry (issue 9, startup): bin/smsctl.js runs dist/smsctl.cjs, one file holding
// everything a command needs before it runs (main, the command tree, commander), so starting
// smsctl reads and compiles one file instead of ~50. What commands import lazily (providers,
// the sandbox, CSV/XLSX reading, prompts, progress) stays lazy: ES module chunks under
// dist/chunks/.
//
// The entry is CommonJS, not an ES module, for one reason: V8's code cache. Compiling the
// entry is a third of what `smsctl --help` costs beyond starting Node; Node 20 can cache the
// compiled code of a script (vm.Script's cachedData) but not of an ES module, and Node 22's
// module.enableCompileCache() is not in Node 20. So the build runs `smsctl --help` once and
// keeps V8's code for it next to the entry (dist/smsctl-<build>-<arch>-v8-<version>.cache);
// bin/smsctl.js compiles the entry with it when the running V8 is the one that made it, and
// require()s the entry (Node 22+: with Node's own compile cache) when not.
//
// Runs after tsc (`npm run build`) and bundles its output, dist/main.js: the bundle is the
// same JavaScript the tests see under dist/, only fewer files. npm packages stay external
// (node_modules, as installed), except commander, which every run needs (see COMMANDER).
//
// Two passes, because esbuild's code splitting puts code shared by the entry and a lazy chunk
// into chunks of its own, which the entry then imports at startup (~18 more files):
//  1. esbuild with splitting: the entry, the chunks it imports statically, the lazy chunks.
//  2. the entry and its static chunks merged into dist/smsctl.cjs, which exports what those
//     chunks exported; a static chunk that a lazy chunk imports becomes a re-export of
//     dist/smsctl.cjs (through require, which finds the instance bin/smsctl.js registered), so
//     lazy code shares the entry's module instances (one SmsctlError).
// That needs an entry without top-level await (src/main.ts): a lazy chunk imports the entry,
// which must have finished evaluating.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
// Pass 1's entry (an ES module) and the merged one, which pass 2 writes as CommonJS.
const ENTRY = 'smsctl.mjs';
const MERGED = 'smsctl.cjs';
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
  platform: 'node',
  target: TARGET,
  outfile: join(DIST, MERGED),
  format: 'cjs',
  // Dynamic import() stays (for the chunks and ESM-only packages such as chalk and conf), but
  // a script compiled by vm.Script cannot run one without an experimental vm option (which
  // warns on stderr): each becomes __smsctlImport(), the host's import() that bin/smsctl.js
  // passes in, or the file's own import() when the entry is require()d.
  // And no top-level await: a lazy chunk requires the entry, which must have finished.
  supported: { 'top-level-await': false, 'dynamic-import': true },
  define: { 'import.meta.url': '__smsctlUrl' },
  banner: {
    js: [
      // The entry was an ES module, which is strict; esbuild's conversion adds no directive.
      "'use strict';",
      "const __smsctlUrl = require('node:url').pathToFileURL(__filename).href;",
      "const __smsctlImport = typeof __smsctlHostImport === 'function' ? __smsctlHostImport : (specifier) => import(specifier);",
    ].join('\n'),
  },
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

let merged = second.outputFiles[0].text;
// esbuild's CommonJS output lists its exports for Node's ESM loader: `0 && (module.exports = {…})`.
const annotation = /0\s*&&\s*\(module\.exports\s*=\s*\{([^}]*)\}\)/.exec(merged);
if (!annotation) throw new Error('bundle: the merged entry has no export list');
const mergedExports = new Set(annotation[1].split(',').map((n) => n.trim().split(':')[0].trim()).filter(Boolean));
for (const name of exported.keys()) if (!mergedExports.has(name)) throw new Error(`bundle: the merged entry lost the export ${name}`);
// Every import() is of a string (a chunk, a package, node:…); the banner's one is the fallback.
const BANNER_IMPORT = '(specifier) => import(specifier)';
const [banner, body] = [merged.slice(0, merged.indexOf(BANNER_IMPORT) + BANNER_IMPORT.length), merged.slice(merged.indexOf(BANNER_IMPORT) + BANNER_IMPORT.length)];
merged = banner + body.replace(/\bimport\((?=["'])/g, '__smsctlImport(');
if (/\bimport\s*\(/.test(body.replace(/\bimport\((?=["'])/g, ''))) throw new Error('bundle: the entry has an import() of something other than a string, which __smsctlImport cannot stand in for');
// Lazy chunks snapshot the entry's exports when they load (a CommonJS module's exports, read
// through require): an export that is reassigned later would read stale there.
for (const input of Object.keys(second.metafile.inputs)) {
  const file = input.replace(/^pass1:/, '');
  if (!file.startsWith('dist/') || !file.endsWith('.js')) continue;
  if (/^export (let|var) /m.test(readFileSync(join(ROOT, file), 'utf8'))) throw new Error(`bundle: ${file} exports a let/var, which lazy chunks would read as it was when they loaded`);
}
// The build's id closes the file: bin/smsctl.js names the code cache by it, so a cache can
// only meet the entry it was made from (V8 itself checks the source's length, not its text).
// ASCII only, so that bin/smsctl.js can read it as Latin-1, a plain copy (UTF-8 decoding it is
// ~1 ms of every start). esbuild already escapes strings; what is left is in comments.
merged = merged.replace(/[^\0-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
const build = createHash('sha256').update(merged).digest('hex').slice(0, 16);
merged += `\n//# smsctl-build ${build}\n`;

// Write ------------------------------------------------------------------------------------
rmSync(join(DIST, ENTRY), { force: true });
rmSync(join(DIST, MERGED), { force: true });
for (const f of readdirSync(DIST)) if (/^smsctl-.*\.cache$/.test(f)) rmSync(join(DIST, f));
rmSync(join(DIST, CHUNKS), { recursive: true, force: true });
const write = (file, text) => {
  mkdirSync(dirname(join(ROOT, file)), { recursive: true });
  writeFileSync(join(ROOT, file), text);
};
const mergedKey = `dist/${MERGED}`;
write(mergedKey, merged);
for (const c of lazyChunks) write(c, files.get(c));
// A static chunk is kept only as a re-export of the entry, and only where lazy code imports it.
// require() returns the instance bin/smsctl.js put in require.cache (or loads the entry, when
// a test imports a chunk on its own).
for (const c of reexported) {
  const from = relative(dirname(c), mergedKey).split('\\').join('/');
  write(c, `import { createRequire } from 'node:module';\nexport const { ${outputs[c].exports.join(', ')} } = createRequire(import.meta.url)('${from}');\n`);
}

// The code cache: `smsctl --help` run once through bin/smsctl.js, which keeps V8's code for
// the entry (what --help compiled included) on its way out. In a config directory of its own
// and in English, so the developer's settings cannot change what runs.
const scratch = mkdtempSync(join(tmpdir(), 'smsctl-build-'));
try {
  const made = spawnSync(process.execPath, [join(ROOT, 'bin', 'smsctl.js'), '--help'], {
    env: { ...process.env, SMSCTL_CONFIG_DIR: scratch, SMSCTL_LANG: 'en', SMSCTL_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (made.status !== 0) throw new Error(`bundle: smsctl --help exited ${made.status} while making the code cache`);
  if (!readdirSync(DIST).some((f) => f.startsWith(`smsctl-${build}-`) && f.endsWith('.cache'))) throw new Error('bundle: smsctl --help wrote no code cache');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

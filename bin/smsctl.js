#!/usr/bin/env node
// Startup (issue 9). CommonJS (bin/package.json), as is the entry it runs: Node starts a
// CommonJS file without setting up its ES module loader, and Node 20 keeps compiled code only
// for scripts (see scripts/bundle.mjs).
//
// `smsctl --version` (or -V) on its own is answered here, from package.json, without loading
// the CLI: the line commander prints, exit 0. Everything else runs the bundled entry,
// dist/smsctl.cjs (dist/main.js and the command tree in one file), or dist/main.js itself when
// there is no bundle (tsc failed, so `npm run build` stopped).
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync, realpathSync, writeFileSync, writeSync } = require('node:fs');
const { dirname, join } = require('node:path');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) printVersion();
else start();

function printVersion() {
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  const line = `${version}\n`;
  // Straight to fd 1: setting up process.stdout would cost more than everything else here.
  try {
    writeSync(1, line);
  } catch (error) {
    if (error.code === 'EAGAIN') {
      // A full non-blocking pipe: the stream waits for room, as commander's write would.
      process.stdout.on('error', (e) => {
        if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
      });
      process.stdout.write(line);
    } else if (error.code !== 'EPIPE' && error.code !== 'EBADF') {
      // As in src/main.ts, a reader that went away (`| head -c0`) is not an error; nor is no stdout.
      throw error;
    }
  }
}

function start() {
  const Module = require('node:module');
  // Node 22.1+ keeps V8's compiled code of what it loads between runs (the lazy chunks, and
  // the entry when it is require()d; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has
  // no such cache: there the entry's own code cache below is what helps.
  Module.enableCompileCache?.();
  const dist = join(__dirname, '..', 'dist');
  let source;
  try {
    const bytes = readFileSync(join(dist, 'smsctl.cjs'));
    // The build writes it in ASCII (scripts/bundle.mjs), which reads faster as Latin-1.
    source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } catch {
    import('../dist/main.js');
    return;
  }
  const filename = realpathSync(join(dist, 'smsctl.cjs'));
  const mark = source.lastIndexOf('\n//# smsctl-build ');
  const build = mark < 0 ? undefined : source.slice(mark + 18).trim();
  const cacheFile = build && join(dirname(filename), `smsctl-${build}-${process.arch}-v8-${process.versions.v8}.cache`);
  // Only the build sets this (scripts/bundle.mjs): it runs --help once to make the cache.
  const making = process.env.SMSCTL_WRITE_CODE_CACHE === '1' && cacheFile;
  let cachedData;
  if (cacheFile && !making) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // Made by another Node (another V8): compiled as any module is.
    }
  }
  if (!cachedData && !making) {
    require(filename);
    return;
  }
  // What require() would do, with V8's cached code: the same wrapper, the module registered
  // first, so that lazy chunks requiring the entry get this instance, not a second one.
  const { Script } = require('node:vm');
  const { pathToFileURL } = require('node:url');
  const entry = new Module(filename, module);
  entry.filename = filename;
  require.cache[filename] = entry;
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __smsctlHostImport) {${source}\n})`, { filename, cachedData });
  const base = pathToFileURL(filename);
  // import() of a relative path is the entry's, not this file's.
  const hostImport = (specifier) => import(specifier.startsWith('.') ? new URL(specifier, base).href : specifier);
  script.runInThisContext().call(entry.exports, entry.exports, Module.createRequire(filename), entry, filename, dirname(filename), hostImport);
  entry.loaded = true;
  if (making) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}

#!/usr/bin/env node
// Startup (issue 9). `smsctl --version` (or -V) on its own is answered here, from package.json,
// without loading the CLI: the line commander prints, exit 0. Everything else runs the bundled
// entry, dist/smsctl.mjs (dist/main.js and the command tree in one file, scripts/bundle.mjs),
// or dist/main.js itself when there is no bundle (tsc failed, so `npm run build` stopped).
import { existsSync, readFileSync, writeSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
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
} else {
  // Node 22.1+ keeps V8's compiled code of the bundle between runs (in its own cache directory;
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has no such cache and skips this.
  const { default: nodeModule } = await import('node:module');
  nodeModule.enableCompileCache?.();
  const bundle = new URL('../dist/smsctl.mjs', import.meta.url);
  await import(existsSync(bundle) ? bundle.href : '../dist/main.js');
}

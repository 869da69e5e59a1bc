/**
 * The sandbox judges the client, so it must not share the client's code: a bug in the client's
 * number rules or part counter would otherwise be repeated by the judge and pass every test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SANDBOX = join(ROOT, 'src', 'sandbox');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier of static imports/exports (type-only included) and dynamic imports. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

describe('src/sandbox imports nothing of the client', () => {
  const files = sources(SANDBOX);

  test('the scan sees the sandbox (guards against a vacuous pass)', () => {
    expect(files.length).toBeGreaterThan(15);
    expect(specifiers(readFileSync(join(SANDBOX, 'index.ts'), 'utf8'))).toContain('./server.js');
  });

  test('the scanner catches each kind of import it must refuse', () => {
    const sample = [
      "import type { ProviderId } from '../providers/types.js';",
      "import { x } from\n  '../core/phone.js';",
      "export { y } from '../cli/output.js';",
      "const m = await import('../errors.js');",
      "import '../send/plan.js';",
    ].join('\n');
    expect(specifiers(sample)).toEqual(['../providers/types.js', '../core/phone.js', '../cli/output.js', '../send/plan.js', '../errors.js']);
  });

  test.each(files.map((f) => [relative(ROOT, f), f]))('%s stays inside src/sandbox', (_name, file) => {
    const outside = specifiers(readFileSync(file, 'utf8')).filter((s) => {
      if (!s.startsWith('.')) return false; // node: built-ins and npm packages are not client code
      return relative(SANDBOX, resolve(dirname(file), s)).startsWith('..');
    });
    expect(outside).toEqual([]);
  });
});

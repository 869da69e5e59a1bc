/**
 * Reads src/ the way the i18n lint sees it: every string and template literal, with the line
 * it is on, via the TypeScript parser (so comments, regexes and import paths are not strings).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../helpers/cli.js';

export const SRC = join(ROOT, 'src');

export interface Literal {
  file: string;
  line: number;
  text: string;
  /** The call this literal is the first argument of (`t`, `usageError`…), if any. */
  callee?: string;
}

export function sourceFiles(dir = SRC): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out.sort();
}

export function literals(path: string): Literal[] {
  const text = readFileSync(path, 'utf8');
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const file = relative(ROOT, path);
  const out: Literal[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportTypeNode(node) || ts.isLiteralTypeNode(node)) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) return;
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((s) => `\u0000${s.literal.text}`)].join('');
    if (literal !== undefined) {
      const parent = node.parent;
      const callee = parent && ts.isCallExpression(parent) && parent.arguments[0] === node ? parent.expression.getText(sf) : undefined;
      out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: literal, callee });
      if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) visit(span.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const THAI = /[\u0E00-\u0E7F]/;
const TWO_WORDS = /[A-Za-z]{2,}[,:;.!?'")]*[ \t]+[("'`]*[A-Za-z]{2,}/;

export function isProse(text: string): boolean {
  if (THAI.test(text)) return true;
  // Placeholders split sentences as words do: "${n} rows have" reads "rows have".
  return TWO_WORDS.test(text.replace(/\u0000/g, ' X '));
}

function exempt(file: string): boolean {
  if (file.startsWith('src/i18n/')) return true;
  if (file.startsWith('src/sandbox/') && !file.startsWith('src/sandbox/web/')) return true;
  // The web inbox's own two-language catalogue (the sandbox may not import src/i18n), held to
  // the same rules by test/sandbox/web-labels.test.ts.
  if (file === 'src/sandbox/web/labels.ts') return true;
  // Generated from src/sandbox/web/static/ by scripts/gen-web-assets.mjs, a build artifact: the
  // page's and script's labels are checked in those files by test/sandbox/web-labels.test.ts.
  if (file === 'src/sandbox/web/assets.ts') return true;
  return false;
}

/** `path:line  text` of every sentence written in code outside the catalogue. */
export function offenders(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const path of sourceFiles()) {
    const file = relative(ROOT, path);
    if (exempt(file)) continue;
    const source = readFileSync(path, 'utf8');
    if (/i18n-ignore-file:/.test(source.slice(0, 2000))) continue;
    const lines = source.split('\n');
    const ignored = (line: number) => /i18n-ignore:/.test(lines[line - 1] ?? '') || /^\s*\/\/.*i18n-ignore:/.test(lines[line - 2] ?? '');
    for (const lit of literals(path)) {
      if (!isProse(lit.text) || ignored(lit.line)) continue;
      const list = found.get(file) ?? [];
      list.push(`${file}:${lit.line}  ${lit.text.replace(/\u0000/g, '${…}').slice(0, 100)}`);
      found.set(file, list);
    }
  }
  return found;
}


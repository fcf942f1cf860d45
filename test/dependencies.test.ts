import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` installs `dependencies` only (a production install omits devDependencies), so every
 * package the bot loads must be there, and nothing only the fakes, scripts, bench or tests load.
 * Imports are read from each file's syntax: `import type` and imports of types only (erased by the
 * build) are not counted; every other static import or re-export, bare import and `import('…')` is, and so is
 * a package file resolved to be read (`….resolve('pkg/file')`).
 */
const ROOT = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const dependencies = new Set(Object.keys(pkg.dependencies));
const devDependencies = new Set(Object.keys(pkg.devDependencies));
const builtins = new Set(builtinModules);

/** Whether an import or export declaration survives the build (it is not of types only). */
function loadsAtRunTime(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return false;
    const clause = node.exportClause;
    return !clause || !ts.isNamedExports(clause) || clause.elements.length === 0 || clause.elements.some((e) => !e.isTypeOnly);
  }
  const clause = node.importClause;
  if (!clause) return true;
  if (clause.isTypeOnly) return false;
  if (clause.name) return true;
  const bindings = clause.namedBindings;
  return !bindings || ts.isNamespaceImport(bindings) || bindings.elements.length === 0 || bindings.elements.some((e) => !e.isTypeOnly);
}

/** The specifiers a module loads at run time. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (loadsAtRunTime(node)) found.add(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.add(argument.text);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'resolve') {
      // `createRequire(…).resolve('pkg/file')`: a file the package ships, read at run time (a font).
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument) && !argument.text.startsWith('.') && !argument.text.startsWith('/')) found.add(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found];
}

/** `./x.js` → the TypeScript source it is compiled from. */
function resolveLocal(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!found) throw new Error(`${relative(ROOT, from)} imports ${specifier}, which resolves to no file`);
  return found;
}

const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]!);

/** Every module reachable from `entry`, and the packages each loads. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const packages: string[] = [];
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) pending.push(resolveLocal(file, specifier));
      else if (!isBuiltin(specifier)) packages.push(packageOf(specifier));
    }
    graph.set(file, packages);
  }
  return graph;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('dependencies', () => {
  const graph = importGraph(join(ROOT, 'src/main.ts'));
  const loaded = new Map<string, string[]>();
  for (const [file, packages] of graph) for (const p of packages) loaded.set(p, [...(loaded.get(p) ?? []), relative(ROOT, file)]);

  it('follows the bot from src/main.ts through its modules', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.has(join(ROOT, 'src/app.ts'))).toBe(true);
    expect(graph.has(join(ROOT, 'src/store/sqlite.ts'))).toBe(true);
  });

  it('the bot loads none of the fakes (src/sandbox)', () => {
    expect([...graph.keys()].map((f) => relative(ROOT, f)).filter((f) => f.startsWith('src/sandbox/'))).toEqual([]);
  });

  it('every package the bot loads is a dependency', () => {
    const missing = [...loaded].filter(([p]) => !dependencies.has(p)).map(([p, files]) => `${p} (loaded by ${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('every dependency is loaded by the bot: what only the fakes, scripts, bench or tests use is a dev dependency', () => {
    expect([...dependencies].filter((p) => !loaded.has(p))).toEqual([]);
  });

  it('every package any source file loads (src, scripts, bench, test, configs) is declared', () => {
    const files = [...['src', 'scripts', 'bench', 'test'].flatMap((d) => sourceFiles(join(ROOT, d))), ...readdirSync(ROOT).filter((f) => /\.(ts|js|mjs)$/.test(f)).map((f) => join(ROOT, f))];
    const undeclared = new Set<string>();
    for (const file of files) {
      for (const specifier of runtimeImports(file)) {
        if (specifier.startsWith('.') || isBuiltin(specifier)) continue;
        const name = packageOf(specifier);
        if (!dependencies.has(name) && !devDependencies.has(name)) undeclared.add(`${name} (${relative(ROOT, file)})`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });
});

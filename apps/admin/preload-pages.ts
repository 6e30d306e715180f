import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { Plugin, Rollup } from 'vite';
import { paths } from './src/lib/routes.js';

const srcDir = fileURLToPath(new URL('./src', import.meta.url));
const lazyPagesFile = join(srcDir, 'components/lazy-pages.ts');

/** The file name (under dist) of the HTML the gateway serves for `path` (see pages.json). */
export const pageHtmlFile = (path: string) => `pages${path}.html`;

/**
 * Each routed page's module (absolute source path) by its path, read from lazy-pages.ts's `loaders`
 * (`[paths.x]: () => import('@/pages/...')`), so the routes are written down once.
 */
export function pageModulesOf(source: string): Map<string, string> {
  const file = ts.createSourceFile(lazyPagesFile, source, ts.ScriptTarget.Latest);
  const found = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if (
      ts.isPropertyAssignment(node) &&
      ts.isComputedPropertyName(node.name) &&
      ts.isPropertyAccessExpression(node.name.expression) &&
      node.name.expression.expression.getText(file) === 'paths' &&
      ts.isArrowFunction(node.initializer) &&
      ts.isCallExpression(node.initializer.body) &&
      node.initializer.body.expression.kind === ts.SyntaxKind.ImportKeyword
    ) {
      const key = node.name.expression.name.text as keyof typeof paths;
      const [specifier] = node.initializer.body.arguments;
      if (!(key in paths) || !specifier || !ts.isStringLiteral(specifier))
        throw new Error(`lazy-pages.ts: cannot read the page of paths.${key}`);
      found.set(paths[key], join(srcDir, `${specifier.text.replace(/^@\//, '')}.tsx`));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (found.size === 0) throw new Error('lazy-pages.ts: no `[paths.x]: () => import(...)` found');
  return found;
}

/** `chunk` and every chunk it imports statically, by file name. */
function withStaticImports(
  bundle: Rollup.OutputBundle,
  chunk: Rollup.OutputChunk,
  into = new Set<string>(),
): Set<string> {
  if (into.has(chunk.fileName)) return into;
  into.add(chunk.fileName);
  for (const name of chunk.imports) {
    const imported = bundle[name];
    if (imported?.type === 'chunk') withStaticImports(bundle, imported, into);
  }
  return into;
}

/**
 * For each page in its own chunk, writes `pages/<path>.html`: index.html with a `<link rel=modulepreload>`
 * for the page's chunk and the chunks it imports (those the entry does not already load), and
 * `pages.json` (path -> that file), which the gateway serves by. The page's scripts then download
 * alongside the entry's, from the HTML, instead of after the entry has run (main.tsx, preloadPageOf).
 */
export function preloadPages(): Plugin {
  let outDir = 'dist';
  let base = '/';
  return {
    name: 'inlet:preload-pages',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
      base = config.base;
    },
    async writeBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter(
        (c): c is Rollup.OutputChunk => c.type === 'chunk',
      );
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) throw new Error('the build has no entry chunk');
      // index.html already preloads the entry's own static imports.
      const loadedByEntry = withStaticImports(bundle, entry);
      const index = await readFile(join(outDir, 'index.html'), 'utf8');
      if (!index.includes('</head>')) throw new Error('index.html has no </head>');
      const served: Record<string, string> = {};
      for (const [path, module] of pageModulesOf(await readFile(lazyPagesFile, 'utf8'))) {
        const page = chunks.find((c) => c.facadeModuleId === module);
        if (!page) throw new Error(`no chunk for ${module} (${path})`);
        const links = [...withStaticImports(bundle, page)]
          .filter((name) => !loadedByEntry.has(name))
          .map((name) => `<link rel="modulepreload" crossorigin href="${base}${name}">`)
          .join('');
        const file = pageHtmlFile(path);
        await mkdir(dirname(join(outDir, file)), { recursive: true });
        await writeFile(join(outDir, file), index.replace('</head>', `${links}</head>`));
        served[path] = file;
      }
      await writeFile(join(outDir, 'pages.json'), `${JSON.stringify(served, null, 2)}\n`);
    },
  };
}

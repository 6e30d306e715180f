import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MagicString from 'magic-string';
import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * The client preset's `graphql(source)` looks its document up in one map of every document
 * (src/gql/gql.ts), so whichever chunk calls it first carries all of them: with the first screen's
 * code, the documents of every page. For the build, this plugin replaces each `graphql(\`...\`)` call
 * with an import of a module that holds that one document, as codegen wrote it in src/gql/graphql.ts
 * (the preset's Babel plugin imports from graphql.ts itself, which is still a single module, so a
 * single chunk). Each document then goes with the chunk of the page that uses it; the map is left
 * unused and dropped. Types do not change: the TypeScript sources still call `graphql()`.
 */
export function graphqlDocumentsPerModule({ gqlDir }: { gqlDir: string }): Plugin {
  const virtualPrefix = 'virtual:graphql-document/';
  let generated: { nameOf: Map<string, string>; documentOf: Map<string, string> } | undefined;
  return {
    name: 'inlet:graphql-documents-per-module',
    apply: 'build',
    enforce: 'pre',
    buildStart() {
      generated = readGenerated(gqlDir);
    },
    resolveId(id) {
      return id.startsWith(virtualPrefix) ? `\0${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith(`\0${virtualPrefix}`)) return undefined;
      const name = id.slice(virtualPrefix.length + 1);
      const document = generated?.documentOf.get(name);
      if (document === undefined) this.error(`No document ${name} in ${gqlDir}/graphql.ts.`);
      return `export default ${document};\n`;
    },
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (!/\.tsx?$/.test(file) || file.startsWith(gqlDir) || !code.includes('graphql(`')) return;
      const source = ts.createSourceFile(
        file,
        code,
        ts.ScriptTarget.Latest,
        true,
        file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
      );
      const output = new MagicString(code);
      const imported = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (
          ts.isCallExpression(node) &&
          ts.isIdentifier(node.expression) &&
          node.expression.text === 'graphql' &&
          node.arguments.length === 1 &&
          ts.isNoSubstitutionTemplateLiteral(node.arguments[0]!)
        ) {
          const name = generated?.nameOf.get(node.arguments[0].text);
          if (name === undefined)
            this.error(`A graphql() document in ${file} is not in ${gqlDir}: run codegen.`);
          output.overwrite(node.getStart(source), node.end, `__document_${name}`);
          imported.add(name);
          return;
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      if (imported.size === 0) return;
      output.prepend(
        [...imported]
          .map((name) => `import __document_${name} from '${virtualPrefix}${name}';\n`)
          .join(''),
      );
      return { code: output.toString(), map: output.generateMap({ hires: true, source: file }) };
    },
  };
}

/** From the client preset's output: each document's name by its source, and its text by name. */
function readGenerated(gqlDir: string) {
  const parse = (name: string) =>
    ts.createSourceFile(name, readFileSync(join(gqlDir, name), 'utf8'), ts.ScriptTarget.Latest);
  const declarations = (file: ts.SourceFile) =>
    file.statements
      .filter(ts.isVariableStatement)
      .flatMap((statement) => [...statement.declarationList.declarations]);
  /** `expression` without its `as ...` casts. */
  const uncast = (expression: ts.Expression | undefined): ts.Expression | undefined =>
    expression && ts.isAsExpression(expression) ? uncast(expression.expression) : expression;

  // gql.ts: const documents = { "<source>": types.<Name>, ... }
  const nameOf = new Map<string, string>();
  const map = declarations(parse('gql.ts')).find(
    (d) => ts.isIdentifier(d.name) && d.name.text === 'documents',
  );
  const entries = uncast(map?.initializer);
  if (!entries || !ts.isObjectLiteralExpression(entries))
    throw new Error(`${gqlDir}/gql.ts has no documents map: run codegen.`);
  for (const entry of entries.properties) {
    if (
      ts.isPropertyAssignment(entry) &&
      ts.isStringLiteral(entry.name) &&
      ts.isPropertyAccessExpression(entry.initializer)
    )
      nameOf.set(entry.name.text, entry.initializer.name.text);
  }

  // graphql.ts: export const <Name> = {"kind":"Document",...} as unknown as DocumentNode<...>;
  const wanted = new Set(nameOf.values());
  const documentOf = new Map<string, string>();
  const graphqlTs = parse('graphql.ts');
  for (const declaration of declarations(graphqlTs)) {
    const value = uncast(declaration.initializer);
    if (ts.isIdentifier(declaration.name) && wanted.has(declaration.name.text) && value)
      documentOf.set(declaration.name.text, value.getText(graphqlTs));
  }
  return { nameOf, documentOf };
}

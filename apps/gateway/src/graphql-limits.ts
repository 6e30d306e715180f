import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  Kind,
  type ArgumentNode,
  NoSchemaIntrospectionCustomRule,
  visit,
  type DocumentNode,
  type GraphQLError,
  type OperationTypeNode,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { gatewayError, validationFailedError } from './errors.js';
import { MAX_PAGE_SIZE } from './pagination.js';
import { queryCostRule } from './query-cost.js';
import type { ViewerModel } from './modules/identity/viewer.js';

// Limits of one GraphQL operation, the same on HTTP (Apollo) and graphql-ws. The console's largest
// document has about 150 tokens, no aliases and no directives.
export const MAX_DEPTH = 8;
/** Objects one operation may return, counted with page sizes (query-cost.ts). */
export const MAX_COST = 5000;
/** Aliases let one request run a field many times (hundreds of signIn hashes or detectProvider lookups). */
export const MAX_ALIASES = 15;
export const MAX_DIRECTIVES = 50;
/** Counted while parsing, so an oversized document (a megabyte of directives) is dropped before it costs parse time. */
export const MAX_TOKENS = 2000;

export const parseOptions: ParseOptions = { maxTokens: MAX_TOKENS };

// Report a rejection as an ordinary validation error (GRAPHQL_VALIDATION_FAILED) instead of throwing,
// which Apollo would turn into a 500.
const report = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)],
};

const limitRules: ValidationRule[] = [
  maxDepthRule({
    n: MAX_DEPTH,
    ignoreIntrospection: true,
    flattenFragments: true,
    ...report,
  }) as unknown as ValidationRule,
  queryCostRule({ maxCost: MAX_COST, maxPageSize: MAX_PAGE_SIZE }),
  maxAliasesRule({ n: MAX_ALIASES, ...report }) as unknown as ValidationRule,
  maxDirectivesRule({ n: MAX_DIRECTIVES, ...report }) as unknown as ValidationRule,
];

/** The validation rules added to graphql's own, for both transports. Without introspection, __schema and __type are refused. */
export function validationRules({ introspection }: { introspection: boolean }): ValidationRule[] {
  return introspection ? limitRules : [...limitRules, NoSchemaIntrospectionCustomRule];
}

/** A read-only API token may query and subscribe, never mutate: checked once per operation, on both transports. */
export function assertOperationAllowed(
  viewer: ViewerModel | null,
  operation: OperationTypeNode,
): void {
  if (operation === 'mutation' && viewer?.tokenScope === 'READ')
    throw gatewayError('READ_ONLY_TOKEN');
}

const NUL = '\u0000';
const nulMessage = 'Text may not contain NUL characters (\\u0000).';
/**
 * Documents whose literals were found free of NUL. Apollo's document store hands back the same parsed
 * document for the same query text, so a repeated query is walked once, not on every request.
 */
const nulFreeDocuments = new WeakSet<DocumentNode>();

/**
 * Every string an operation brings in (document literals and variables) is free of NUL characters:
 * PostgreSQL cannot store them in text, and no field means one. Refused as BAD_USER_INPUT naming the
 * variable or argument, before any resolver runs.
 */
export function assertNoNulCharacters(
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
): void {
  const inVariables = findNul(variables ?? {}, '');
  if (inVariables !== undefined) throw validationFailedError(inVariables, nulMessage);
  if (nulFreeDocuments.has(document)) return;
  visit(document, {
    StringValue(node, _key, _parent, _path, ancestors) {
      if (!node.value.includes(NUL)) return;
      const argument = ancestors.findLast(
        (a): a is ArgumentNode => 'kind' in a && a.kind === Kind.ARGUMENT,
      );
      throw validationFailedError(argument?.name.value ?? 'query', nulMessage);
    },
  });
  nulFreeDocuments.add(document);
}

/** The path (`input.name`, `emails.2`) of the first string containing NUL, if any. */
function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = findNul(item, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

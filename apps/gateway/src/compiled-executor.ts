import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;

/** Compiled operations kept (by query hash and operation name); the least recently used go beyond this. */
const COMPILED_CACHE_SIZE = 500;

/**
 * Runs queries through graphql-jit: an operation is compiled into a function once and that function
 * runs every later request of it, instead of graphql-js walking the document for every field of every
 * row (the connectedEmails page spent half its CPU there; issue #15). Mutations keep graphql-js and
 * its serial execution, as do operations graphql-jit cannot compile and requests whose variables do
 * not coerce. Parsing, validation, the
 * operation checks and error formatting stay Apollo's: this only replaces `execute`.
 */
export function compiledExecutor(schema: GraphQLSchema): GatewayExecutor {
  const cache = new Map<string, CompiledQuery | null>();
  return async (request) => {
    const { document, operation, operationName, queryHash, context } = request;
    const variableValues = request.request.variables ?? {};
    if (operation.operation === 'query') {
      const key = `${queryHash}:${operationName ?? ''}`;
      let compiled = cache.get(key);
      if (compiled === undefined) {
        const result = compileQuery(schema, document, operationName ?? undefined);
        compiled = isCompiledQuery(result) ? result : null;
        if (cache.size >= COMPILED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      } else cache.delete(key);
      cache.set(key, compiled);
      if (compiled) {
        const result = await compiled.query(undefined, context, variableValues);
        // No data at all: the variables did not coerce and no resolver ran. graphql-js words those
        // errors as clients (and the error formatter) know them, so it answers them.
        if (result.data !== undefined || !result.errors?.length) return withGraphQLErrors(result);
      }
    }
    return execute({ schema, document, contextValue: context, variableValues, operationName });
  };
}

/**
 * graphql-jit reports a resolver's failure in an error of its own that has no extensions; Apollo and
 * the error formatter read those. The same GraphQLError graphql-js would have made (located at the
 * field, extensions taken from the original error) goes out instead.
 */
function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map((e) => {
      if (e.extensions) return e;
      const error = new GraphQLError(e.message, {
        path: e.path,
        originalError: e.originalError,
      });
      // graphql-jit's error carries its locations, not the nodes they were computed from.
      return Object.assign(error, { locations: e.locations });
    }),
  };
}

/**
 * Apollo Server takes a custom executor only from a "gateway": this one serves the gateway's own
 * schema, never changes it, and executes with `compiledExecutor`.
 */
export function compiledGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: async () => ({ executor: compiledExecutor(schema) }),
    stop: async () => undefined,
  };
}

import { randomUUID } from 'node:crypto';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { gatewayError, knownCodes } from './errors.js';
import type { Logger } from './logger.js';

export type ErrorFormatter = (
  formatted: GraphQLFormattedError,
  error: unknown,
) => GraphQLFormattedError;

/**
 * What a client sees of an error, on HTTP (Apollo's formatError) and graphql-ws alike. Our own codes
 * pass with their message; anything else (a database error, a bug) is logged with an id and answered
 * with INTERNAL_SERVER_ERROR and that id: never its message or a stack. Apollo labels every unknown
 * error INTERNAL_SERVER_ERROR, so that code never passes through as such.
 * Without introspection, "Did you mean ...?" suggestions are cut too: they would spell out the schema.
 */
export function createErrorFormatter(
  logger: Logger,
  { introspection }: { introspection: boolean },
): ErrorFormatter {
  return (formatted, error) => {
    const code = isVariableError(error) ? 'BAD_USER_INPUT' : formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && knownCodes.has(code)) {
      const field = formatted.extensions?.field;
      const message = introspection ? formatted.message : withoutSuggestions(formatted.message);
      return {
        message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: typeof field === 'string' ? { code, field } : { code },
      };
    }
    const errorId = randomUUID();
    logger.error(
      {
        err: (error as { originalError?: unknown } | null)?.originalError ?? error,
        path: formatted.path,
        errorId,
      },
      'unexpected GraphQL error',
    );
    return {
      message: gatewayError('INTERNAL_SERVER_ERROR').message,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}

/**
 * An error located at a variable definition is about the variables the client sent (a wrong enum
 * value, a missing field). Apollo codes these BAD_USER_INPUT itself; graphql-ws leaves them bare.
 */
function isVariableError(error: unknown): boolean {
  return (
    error instanceof GraphQLError &&
    error.extensions.code === undefined &&
    error.nodes?.length === 1 &&
    error.nodes[0]?.kind === Kind.VARIABLE_DEFINITION
  );
}

/** graphql-js appends suggestions to validation and input coercion messages, always at the end. */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .+\?$/s, '');
}

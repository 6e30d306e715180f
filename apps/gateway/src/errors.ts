import { GraphQLError } from 'graphql';

/**
 * The closed set of codes a thrown GraphQL error can carry in `extensions.code`.
 * Expected outcomes (validation, conflicts, provider failures) are union results instead.
 */
export type GatewayErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'READ_ONLY_TOKEN'
  | 'RATE_LIMITED'
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

const messages: Record<GatewayErrorCode, string> = {
  UNAUTHENTICATED: 'Sign in to continue.',
  FORBIDDEN: 'You do not have permission to do this.',
  READ_ONLY_TOKEN: 'This API token is read-only; create a read-write token to make changes.',
  RATE_LIMITED: 'Too many attempts. Wait a few minutes and try again.',
  BAD_USER_INPUT: 'The request is invalid.',
  BAD_REQUEST: 'The HTTP request is invalid.',
  OPERATION_RESOLUTION_FAILURE: 'The operation to run could not be determined.',
  GRAPHQL_PARSE_FAILED: 'The GraphQL document could not be parsed.',
  GRAPHQL_VALIDATION_FAILED: 'The GraphQL document is invalid.',
  SERVICE_UNAVAILABLE:
    'Inlet cannot reach its event service (Redis) right now, so this could not be handed to sync. Try again in a moment.',
  INTERNAL_SERVER_ERROR:
    'Something went wrong on our side. Try again; if it keeps happening, contact your administrator.',
};

export function gatewayError(
  code: GatewayErrorCode,
  message: string = messages[code],
): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export const knownCodes = new Set<string>(Object.keys(messages));

/** BAD_USER_INPUT naming one field, for queries (mutations return ValidationFailed instead). */
export function validationFailedError(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

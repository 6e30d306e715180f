import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLError, OperationTypeNode, ValidationContext, ValidationRule } from 'graphql';
import { gatewayError } from './errors.js';
import type { ViewerModel } from './modules/identity/viewer.js';

export const MAX_DEPTH = 8;
export const MAX_COST = 5000;

/** Applied to HTTP (Apollo validationRules) and graphql-ws (onSubscribe) alike. */
// Report a rejection as an ordinary validation error (GRAPHQL_VALIDATION_FAILED) instead of throwing,
// which Apollo would turn into a 500.
const report = { propagateOnRejection: false, onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)] };

export const limitRules: ValidationRule[] = [
  maxDepthRule({ n: MAX_DEPTH, ignoreIntrospection: true, flattenFragments: true, ...report }) as unknown as ValidationRule,
  costLimitRule({ maxCost: MAX_COST, ignoreIntrospection: true, ...report }) as unknown as ValidationRule,
];

/** A read-only API token may query and subscribe, never mutate: checked once per operation, on both transports. */
export function assertOperationAllowed(viewer: ViewerModel | null, operation: OperationTypeNode): void {
  if (operation === 'mutation' && viewer?.tokenScope === 'READ') throw gatewayError('READ_ONLY_TOKEN');
}

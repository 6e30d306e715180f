import type { ProviderKind } from '@inlet/providers';
import type { ProviderKind as GraphQLProviderKind } from '../../__generated__/resolvers-types.js';

// The GraphQL ProviderKind enum and the providers' union must stay one set: a drift fails typecheck.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const providerKindsMatch: Same<GraphQLProviderKind, ProviderKind> = true;

import { providerSteps, type ProviderStep } from '@inlet/providers';

/**
 * The values behind the GraphQL VerificationStep enum: every provider step one to one, plus the
 * gateway's own last step of a connect, saving. Resolvers return these; the schema names them
 * (test-email <-> TEST_EMAIL, see modules/connection/schema-enums.ts).
 */
export const verificationSteps = [...providerSteps, 'save'] as const;

export type VerificationStepValue = ProviderStep | 'save';

const known = new Set<string>(verificationSteps);

export function isVerificationStep(value: unknown): value is VerificationStepValue {
  return typeof value === 'string' && known.has(value);
}

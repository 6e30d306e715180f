import type { AuthKind, ProviderErrorCode, ProviderKind, PushKind } from '@inlet/providers';
import type * as Schema from '../../__generated__/resolvers-types.js';
import type { ConnectRefusalCode } from '../../outcomes.js';
import type { VerificationStepValue } from '../../verification-steps.js';

/*
 * One vocabulary: the SDL enums are bound (codegen.ts mappers) to the unions of the providers and of the
 * gateway's outcome catalogue, and these checks make any drift between an SDL enum and its union (a
 * value added on one side only) a typecheck error.
 */

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** A step's GraphQL name: test-email -> TEST_EMAIL. */
type SchemaName<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Uppercase<Head>}_${SchemaName<Tail>}`
  : Uppercase<S>;

/** The VerificationStep enum's values: each name stands for the step it spells, one to one. */
export const verificationStepEnum = {
  INPUT: 'input',
  DNS: 'dns',
  VET: 'vet',
  DISCOVERY: 'discovery',
  TCP: 'tcp',
  TLS: 'tls',
  GREETING: 'greeting',
  LOGIN: 'login',
  FOLDERS: 'folders',
  SMTP: 'smtp',
  TEST_EMAIL: 'test-email',
  SYNC: 'sync',
  SEND: 'send',
  SAVE: 'save',
} as const satisfies { [S in VerificationStepValue as SchemaName<S>]: S };

export const schemaEnumsMatch: [
  Same<Schema.ProviderKind, ProviderKind>,
  Same<Schema.ProviderErrorCode, ProviderErrorCode>,
  Same<Schema.VerificationStep, keyof typeof verificationStepEnum>,
  Same<Schema.ConnectRefusalCode, ConnectRefusalCode>,
  Same<Schema.ProviderAuthKind, AuthKind>,
  Same<Schema.ProviderPushKind, PushKind>,
] = [true, true, true, true, true, true];

import type {
  ConnectOutcome_ProblemFragmentFragment,
  OAuthProvider,
  ProviderKind,
} from '@/gql/graphql';

/** The sign-in service a detected (or connected) provider uses, if it connects through OAuth. */
export function oauthProviderOf(kind: ProviderKind): OAuthProvider | null {
  if (kind === 'GMAIL') return 'GOOGLE';
  if (kind === 'MICROSOFT_365') return 'MICROSOFT';
  return null;
}

export const oauthProviderNames: Record<OAuthProvider, string> = {
  GOOGLE: 'Google',
  MICROSOFT: 'Microsoft',
};

/** What startOAuthConnect / reconnectOAuth answered, as far as the console cares. */
export type StartOutcome =
  | { __typename: 'OAuthConnectStarted'; authorizationUrl: string }
  | { __typename: 'ConnectRefused'; code: string; message: string; hint: string }
  | {
      __typename: 'ValidationFailed';
      message: string;
      fields: readonly { field: string; message: string }[];
    }
  | { __typename: 'NotFound'; message: string }
  // No answer of a sign-in start, but the connect problems are read alike: the rest of them.
  | {
      __typename: Exclude<
        ConnectOutcome_ProblemFragmentFragment['__typename'],
        'ConnectRefused' | 'ValidationFailed' | 'NotFound'
      >;
      message: string;
    };

export type StartDecision =
  | { kind: 'redirect'; url: string }
  | {
      kind: 'problem';
      title: string;
      hint: string;
      /** The OAuth app is not set up: a super admin can fix it in OAuth apps. */
      appNotConfigured: boolean;
      alreadyConnected: boolean;
    };

/** Where the browser goes next, or what to tell the user instead. */
export function decideStart(outcome: StartOutcome, providerName: string): StartDecision {
  switch (outcome.__typename) {
    case 'OAuthConnectStarted':
      return { kind: 'redirect', url: outcome.authorizationUrl };
    case 'ConnectRefused':
      return {
        kind: 'problem',
        title: outcome.message,
        hint: outcome.hint,
        appNotConfigured: outcome.code === 'OAUTH_NOT_CONFIGURED',
        alreadyConnected: outcome.code === 'ALREADY_CONNECTED',
      };
    case 'ValidationFailed':
      return {
        kind: 'problem',
        title: outcome.fields[0]?.message ?? outcome.message,
        hint: 'Go back and check the address.',
        appNotConfigured: false,
        alreadyConnected: false,
      };
    case 'NotFound':
    default:
      return {
        kind: 'problem',
        title: outcome.message || `Connecting with ${providerName} is not available.`,
        hint: 'The connection or the OAuth app may have been removed. Reload the page, or ask your Inlet administrator.',
        appNotConfigured: false,
        alreadyConnected: false,
      };
  }
}

/** What the gateway's /oauth/callback put in the connect page's URL when a sign-in failed. */
export function oauthReturnOf(
  search: URLSearchParams,
): { code: string; attemptId: string | null } | null {
  const code = search.get('oauthError');
  return code ? { code, attemptId: search.get('attempt') } : null;
}

/** Fallback words for a callback error whose attempt cannot be read (expired, another session). */
export function fallbackOAuthError(code: string): { message: string; hint: string } {
  switch (code) {
    case 'OAUTH_CONSENT_DENIED':
      return {
        message: 'You did not allow Inlet to access your mailbox.',
        hint: 'Try again and choose Allow on the consent screen.',
      };
    case 'OAUTH_STATE_INVALID':
      return {
        message: 'This sign-in link has expired or was already used.',
        hint: 'Start again from this page, in the same browser.',
      };
    default:
      return {
        message: 'Signing in with your provider did not work.',
        hint: 'Try again. If it keeps failing, ask your Inlet administrator.',
      };
  }
}

/** The sign-in a USE_OAUTH refusal sends the user to: its `provider`, never its words (they are for people and may change). */
export function oauthProviderOfRefusal(refusal: {
  code: string;
  provider?: ProviderKind | null;
}): OAuthProvider | null {
  return refusal.code === 'USE_OAUTH' && refusal.provider
    ? oauthProviderOf(refusal.provider)
    : null;
}

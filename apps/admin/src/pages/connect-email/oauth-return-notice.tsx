import { Alert } from '@inlet/ui';
import { useQuery } from 'urql';
import { graphql } from '@/gql';
import { fallbackOAuthError, oauthProviderNames } from './oauth-connect-model';
import { OAuthSignInButton } from './oauth-sign-in-button';

const OAuthReturnNotice_Query = graphql(`
  query OAuthReturnNotice_Query($id: ID!) {
    oauthAttempt(id: $id) {
      id
      provider
      email
      status
      error {
        code
        message
        hint
        detail
      }
    }
  }
`);

export interface OAuthReturnNoticeProps {
  /** The oauthError code the gateway's callback put in the URL. */
  code: string;
  attemptId: string | null;
}

/** Back from the provider's sign-in with an error: what went wrong (from the attempt), and "Try again" with the same address. */
export function OAuthReturnNotice({ code, attemptId }: OAuthReturnNoticeProps) {
  const [{ data, fetching }] = useQuery({
    query: OAuthReturnNotice_Query,
    variables: { id: attemptId ?? '' },
    pause: !attemptId,
    requestPolicy: 'network-only',
  });
  if (attemptId && fetching && !data) {
    return (
      <p role="status" className="muted">
        Reading what happened at sign-in…
      </p>
    );
  }
  const attempt = data?.oauthAttempt ?? null;
  const error = attempt?.error ?? { ...fallbackOAuthError(code), detail: null };
  const name = attempt ? oauthProviderNames[attempt.provider] : null;
  return (
    <Alert
      tone="danger"
      title={error.message}
      actions={
        attempt ? (
          <OAuthSignInButton
            start={{ kind: 'connect', provider: attempt.provider, email: attempt.email }}
            label="Try again"
            size="sm"
            variant="secondary"
          />
        ) : undefined
      }
    >
      <p>{error.hint}</p>
      {error.detail && (
        <p className="muted">
          {name ?? 'The provider'} said: {error.detail}
        </p>
      )}
    </Alert>
  );
}

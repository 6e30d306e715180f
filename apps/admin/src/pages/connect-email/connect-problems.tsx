import type { CombinedError } from 'urql';
import { MyEmailLink } from '@/components/my-email-link';
import type { Problem } from '@/components/problem-alert';
import type { ProviderKind } from '@/gql/graphql';
import { hasRawCodes, withoutRawCodes } from '@/lib/technical-codes';
import { describeError } from '@/lib/urql';
import { oauthProviderOfRefusal } from './oauth-connect-model';
import { OAuthSignInButton } from './oauth-sign-in-button';

// What the connect forms show above their fields when a check ends without an answer a field can show.

/** No answer (network or server error): the outcome is unknown. */
export function unfinishedCheckProblem(error: CombinedError | undefined): Problem {
  return { title: 'The check could not finish', body: error ? describeError(error) : 'Try again.' };
}

/** A ConnectionFailed that names no field of the form: what failed, what to do, and what the server said. */
export function failedCheckProblem(failure: {
  message: string;
  hint: string;
  detail?: string | null;
}): Problem {
  return {
    title: failure.message,
    body: (
      <>
        <p>{failure.hint}</p>
        {failure.detail && withoutRawCodes(failure.detail) && (
          <p className="muted">The server said: {withoutRawCodes(failure.detail)}</p>
        )}
        {failure.detail && hasRawCodes(failure.detail) && (
          <details>
            <summary>Technical details</summary>
            <p className="muted">{failure.detail}</p>
          </details>
        )}
      </>
    ),
  };
}

/** ConnectRefused: USE_OAUTH offers the sign-in of the refusal's `provider` for `email`, ALREADY_CONNECTED the way to My email. */
export function refusedProblem(
  refusal: { message: string; code: string; hint: string; provider?: ProviderKind | null },
  email: string,
): Problem {
  const oauth = oauthProviderOfRefusal(refusal);
  return {
    title: refusal.message,
    body: oauth ? (
      <>
        <p>{refusal.hint}</p>
        <OAuthSignInButton start={{ kind: 'connect', provider: oauth, email }} size="sm" />
      </>
    ) : (
      <p>{refusal.hint}</p>
    ),
    action: refusal.code === 'ALREADY_CONNECTED' ? <MyEmailLink size="sm" /> : undefined,
  };
}

/** NotFound on reconnect: the connection went away while the form was open. */
export function connectionGoneProblem(): Problem {
  return {
    title: 'This connection no longer exists',
    body: <p>It may have been disconnected meanwhile. Connect the address again from My email.</p>,
    action: <MyEmailLink size="sm" />,
  };
}

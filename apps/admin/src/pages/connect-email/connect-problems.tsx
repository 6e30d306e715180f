import type { CombinedError } from 'urql';
import { MyEmailLink } from '@/components/my-email-link';
import type { Problem } from '@/components/problem-alert';
import { describeError } from '@/lib/urql';
import { OAuthSignInButton, type OAuthStart } from './oauth-sign-in-button';

// What the connect forms show above their fields when a check ends without an answer a field can show.

/** No answer (network or server error): the outcome is unknown. */
export function unfinishedCheckProblem(error: CombinedError | undefined): Problem {
  return { title: 'The check could not finish', body: error ? describeError(error) : 'Try again.' };
}

/** A ConnectionFailed that names no field of the form: what failed, what to do, and what the server said. */
export function failedCheckProblem(failure: { message: string; hint: string; detail?: string | null }): Problem {
  return {
    title: failure.message,
    body: (
      <>
        <p>{failure.hint}</p>
        {failure.detail && <p className="muted">The server said: {failure.detail}</p>}
      </>
    ),
  };
}

/** ConnectRefused: USE_OAUTH offers the provider's sign-in (`oauth`), ALREADY_CONNECTED the way to My email. */
export function refusedProblem(refusal: { message: string; code: string; hint: string }, oauth: OAuthStart): Problem {
  return {
    title: refusal.message,
    body:
      refusal.code === 'USE_OAUTH' ? (
        <>
          <p>{refusal.hint}</p>
          <OAuthSignInButton start={oauth} size="sm" />
        </>
      ) : (
        <p>{refusal.hint}</p>
      ),
    action: refusal.code === 'ALREADY_CONNECTED' ? <MyEmailLink size="sm" /> : undefined,
  };
}

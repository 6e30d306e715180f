import { Alert, Button, buttonClassName, type ButtonProps } from '@inlet/ui';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link } from '@/components/link';
import { MyEmailLink } from '@/components/my-email-link';
import { getFragmentData, graphql } from '@/gql';
import type { OAuthProvider } from '@/gql/graphql';
import { leaveConsole } from '@/lib/leave-guard';
import { paths } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { decideStart, oauthProviderNames, oauthProviderOf } from './oauth-connect-model';
import { ConnectOutcome_ProblemFragment, type ConnectProblemRef } from './use-connect-submit';

const OAuthSignInButton_Query = graphql(`
  query OAuthSignInButton_Query {
    viewer {
      user {
        id
        role
      }
    }
    providers {
      kind
      available
    }
  }
`);

// startOAuthConnect and reconnectOAuth answer alike.
const OAuthSignInButton_StartResultFragment = graphql(`
  fragment OAuthSignInButton_StartResultFragment on StartOAuthConnectResult {
    ... on OAuthConnectStarted {
      authorizationUrl
    }
    ...ConnectOutcome_ProblemFragment
  }
`);

const OAuthSignInButton_StartMutation = graphql(`
  mutation OAuthSignInButton_StartMutation($provider: OAuthProvider!, $email: String!) {
    startOAuthConnect(provider: $provider, email: $email) {
      ...OAuthSignInButton_StartResultFragment
    }
  }
`);

const OAuthSignInButton_ReconnectMutation = graphql(`
  mutation OAuthSignInButton_ReconnectMutation($connectionId: ID!) {
    reconnectOAuth(connectionId: $connectionId) {
      ...OAuthSignInButton_StartResultFragment
    }
  }
`);

/**
 * The browser leaves the console for the provider's sign-in page (a full-page navigation, on purpose:
 * the typed address goes with it, so the leave guard does not ask). Replaceable in tests.
 */
export const browserNavigation = { assign: leaveConsole };

export type OAuthStart =
  | { kind: 'connect'; provider: OAuthProvider; email: string }
  | { kind: 'reconnect'; provider: OAuthProvider; connectionId: string };

export interface OAuthSignInButtonProps {
  start: OAuthStart;
  /** The button's text; "Connect with Google" by default. */
  label?: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  'aria-describedby'?: string;
}

/** "Connect with Google/Microsoft": starts the sign-in and sends the browser to the provider, or says why not. */
export function OAuthSignInButton({
  start,
  label,
  variant = 'primary',
  size,
  'aria-describedby': describedBy,
}: OAuthSignInButtonProps) {
  const name = oauthProviderNames[start.provider];
  const [{ data: viewer }] = useQuery({ query: OAuthSignInButton_Query });
  const [{ fetching: starting }, startConnect] = useMutation(OAuthSignInButton_StartMutation);
  const [{ fetching: reconnecting }, reconnect] = useMutation(OAuthSignInButton_ReconnectMutation);
  const [leaving, setLeaving] = useState(false);
  const [problem, setProblem] = useState<{
    title: string;
    hint: string;
    appNotConfigured: boolean;
    alreadyConnected: boolean;
  } | null>(null);
  const superAdmin = viewer?.viewer?.user.role === 'SUPER_ADMIN';
  // No OAuth app for this provider: say so instead of a button that can only be refused.
  const unavailable = viewer?.providers.some(
    (p) => oauthProviderOf(p.kind) === start.provider && !p.available,
  );
  const openOAuthApps = superAdmin ? (
    <Link to={paths.oauthApps} className={buttonClassName({ size: 'sm' })}>
      Open OAuth apps
    </Link>
  ) : undefined;

  if (unavailable)
    return (
      <Alert
        tone="warning"
        role="status"
        title={`Connecting with ${name} is not set up in this Inlet yet.`}
        actions={openOAuthApps}
      >
        <p>
          {superAdmin
            ? `Add the ${name} OAuth app (client ID and secret) in OAuth apps, then come back here.`
            : `Ask your Inlet administrator to add the ${name} OAuth app (client ID and secret).`}
        </p>
      </Alert>
    );

  const onClick = async () => {
    if (starting || reconnecting || leaving) return;
    setProblem(null);
    const result =
      start.kind === 'connect'
        ? await startConnect({ provider: start.provider, email: start.email }).then((r) => ({
            error: r.error,
            outcome: r.data?.startOAuthConnect,
          }))
        : await reconnect({ connectionId: start.connectionId }).then((r) => ({
            error: r.error,
            outcome: r.data?.reconnectOAuth,
          }));
    if (!result.outcome) {
      setProblem({
        title: `Signing in with ${name} could not start`,
        hint: result.error ? describeError(result.error) : 'Try again.',
        appNotConfigured: false,
        alreadyConnected: false,
      });
      return;
    }
    const outcome = getFragmentData(OAuthSignInButton_StartResultFragment, result.outcome);
    const decision = decideStart(
      '__typename' in outcome && outcome.__typename === 'OAuthConnectStarted'
        ? outcome
        : getFragmentData(ConnectOutcome_ProblemFragment, outcome as ConnectProblemRef),
      name,
    );
    if (decision.kind === 'redirect') {
      setLeaving(true);
      browserNavigation.assign(decision.url);
      return;
    }
    setProblem(decision);
  };

  return (
    <div className="provider-oauth">
      <Button
        variant={variant}
        size={size}
        busy={starting || reconnecting || leaving}
        aria-describedby={describedBy}
        onClick={() => void onClick()}
      >
        {label ?? `Connect with ${name}`}
      </Button>
      {leaving && (
        <p role="status" className="muted">
          Opening {name} sign-in…
        </p>
      )}
      {problem && (
        <Alert
          tone="danger"
          title={problem.title}
          actions={
            problem.appNotConfigured && superAdmin ? (
              openOAuthApps
            ) : problem.alreadyConnected ? (
              <MyEmailLink size="sm" />
            ) : undefined
          }
        >
          <p>{problem.hint}</p>
        </Alert>
      )}
    </div>
  );
}

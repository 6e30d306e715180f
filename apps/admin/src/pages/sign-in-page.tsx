import { Alert, TextField } from '@inlet/ui';
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { SignInCard, SignInForm } from '@/components/sign-in-card';
import { graphql } from '@/gql';
import { resetSession } from '@/lib/console-session';
import { describeError } from '@/lib/urql';
import { useDocumentTitle } from '@/lib/use-document-title';

const SignInPage_Query = graphql(`
  query SignInPage_Query {
    serverInfo {
      needsFirstAdmin
      version
    }
  }
`);

const SignInPage_SignInMutation = graphql(`
  mutation SignInPage_SignInMutation($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      ... on Viewer {
        user {
          id
        }
      }
      ... on SignInFailed {
        code
        message
      }
    }
  }
`);

export interface SignInPageProps {
  /** Why the console came here while it was open (deactivated, signed out elsewhere, ...), if it did. */
  endedBecause: string | null;
}

export function SignInPage({ endedBecause }: SignInPageProps) {
  useDocumentTitle('Sign in');
  const [{ data }] = useQuery({ query: SignInPage_Query });
  const [{ fetching }, signIn] = useMutation(SignInPage_SignInMutation);
  const [problem, setProblem] = useState<string | null>(null);
  // The prerendered form can be typed into before React takes it over (so the fields are uncontrolled
  // and read on submit), but not sent: without React it would submit the password in the URL.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (fetching) return;
    setProblem(null);
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const result = await signIn({ email, password: String(form.get('password') ?? '') });
    const outcome = result.data?.signIn;
    if (outcome?.__typename === 'Viewer') {
      // The console re-reads `viewer` with a fresh client and goes to the page that was asked for.
      resetSession();
    } else if (outcome?.__typename === 'SignInFailed') {
      setProblem(outcome.message);
    } else if (result.error) {
      setProblem(describeError(result.error));
    }
  };

  const needsFirstAdmin = data?.serverInfo.needsFirstAdmin ?? false;
  return (
    <SignInCard title="Sign in to Inlet">
      {needsFirstAdmin && (
        <Alert tone="warning" role="status" title="No one can sign in yet">
          <p>Create the first super admin on the server that runs Inlet:</p>
          <pre className="code-block">npm run create-admin -- --email you@example.com</pre>
          <p>
            or set <code>INLET_ADMIN_EMAIL</code> and <code>INLET_ADMIN_PASSWORD</code> and restart
            Inlet. Then reload this page.
          </p>
        </Alert>
      )}
      {endedBecause && !problem && (
        <Alert tone="info" role="status" title="You were signed out">
          <p>{endedBecause}</p>
        </Alert>
      )}
      <SignInForm
        onSubmit={onSubmit}
        problem={problem}
        problemTitle="Sign-in failed"
        submitLabel="Sign in"
        busy={fetching}
        disabled={!ready}
      >
        <TextField label="Email" type="email" name="email" autoComplete="username" required />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
        />
      </SignInForm>
      {data && <p className="sign-in__version">Inlet {data.serverInfo.version}</p>}
    </SignInCard>
  );
}

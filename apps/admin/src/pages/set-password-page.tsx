import { Alert, TextField } from '@inlet/ui';
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { SignInCard, SignInForm } from '@/components/sign-in-card';
import { Link } from '@/components/link';
import { graphql } from '@/gql';
import { paths } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { useDocumentTitle } from '@/lib/use-document-title';
import { MIN_PASSWORD_LENGTH } from '@/pages/team/team-model';

const SetPasswordPage_Mutation = graphql(`
  mutation SetPasswordPage_Mutation($secret: String!, $password: String!) {
    setPasswordWithLink(secret: $secret, password: $password) {
      __typename
      ... on PasswordSet {
        email
      }
      ... on ValidationFailed {
        fields {
          field
          message
        }
      }
    }
  }
`);

/** Where a one-time password link lands (/set-password#<secret>): choose a password, then sign in. */
export function SetPasswordPage() {
  useDocumentTitle('Set your password');
  const secret = decodeURIComponent(window.location.hash.slice(1));
  const [{ fetching }, setPassword] = useMutation(SetPasswordPage_Mutation);
  const [password, setPasswordValue] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [problem, setProblem] = useState<string | null>(
    secret ? null : 'This link is incomplete. Open the whole link you were sent.',
  );
  const [done, setDone] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (fetching || !secret) return;
    setProblem(null);
    const next: typeof errors = {};
    if (password.length < MIN_PASSWORD_LENGTH)
      next.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    else if (repeat !== password) next.repeat = 'Type the same password again.';
    setErrors(next);
    if (next.password || next.repeat) return;
    const result = await setPassword({ secret, password });
    const outcome = result.data?.setPasswordWithLink;
    if (outcome?.__typename === 'PasswordSet') return setDone(outcome.email);
    if (outcome?.__typename === 'ValidationFailed') {
      const passwordProblem = outcome.fields.find((f) => f.field === 'password');
      if (passwordProblem) return setErrors({ password: passwordProblem.message });
      return setProblem(outcome.fields.map((f) => f.message).join(' '));
    }
    setProblem(result.error ? describeError(result.error) : 'Try again.');
  };

  return (
    <SignInCard title="Set your password">
      {done ? (
        <Alert tone="success" role="status" title="Your password is set">
          <p>
            Sign in as {done} with it. <Link to={paths.signIn}>Sign in</Link>
          </p>
        </Alert>
      ) : (
        <SignInForm
          onSubmit={onSubmit}
          problem={problem}
          problemTitle="The password was not set"
          submitLabel="Set password"
          busy={fetching}
          disabled={!secret}
        >
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            error={errors.password}
            value={password}
            onChange={(event) => setPasswordValue(event.target.value)}
          />
          <TextField
            label="Repeat the password"
            type="password"
            autoComplete="new-password"
            error={errors.repeat}
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
          />
        </SignInForm>
      )}
    </SignInCard>
  );
}

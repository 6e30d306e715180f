import { TextField } from '@inlet/ui';
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '@/gql';
import { describeError } from '@/lib/urql';
import { FormSubmit } from '@/components/form-submit';
import { CardForm } from '@/components/card-form';

const ProfileForm_Mutation = graphql(`
  mutation ProfileForm_Mutation($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      __typename
      ... on User {
        id
        name
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

export interface ProfileFormProps {
  name: string;
  email: string;
  onSaved(status: string): void;
}

/** The viewer's own name (their sign-in address is shown, not edited: an admin's matter). */
export function ProfileForm({ name: savedName, email, onSaved }: ProfileFormProps) {
  const [{ fetching }, save] = useMutation(ProfileForm_Mutation);
  const [name, setName] = useState(savedName);
  const [error, setError] = useState<string | undefined>();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (fetching) return;
    if (name.trim() === '') return setError('Enter your name.');
    setError(undefined);
    const result = await save({ input: { name } });
    const outcome = result.data?.updateProfile;
    if (outcome?.__typename === 'User') {
      setName(outcome.name);
      onSaved(`Your name is now ${outcome.name}.`);
    } else if (outcome?.__typename === 'ValidationFailed') {
      setError(outcome.fields.map((f) => f.message).join(' '));
    } else if (result.error) {
      setError(describeError(result.error));
    }
  };

  return (
    <CardForm
      className="account-card account-card--narrow"
      label="Your name"
      title="Profile"
      onSubmit={onSubmit}
    >
      <TextField
        label="Name"
        autoComplete="name"
        value={name}
        maxLength={200}
        error={error}
        onChange={(event) => setName(event.target.value)}
      />
      <p className="muted">
        You sign in as <strong>{email}</strong>. Only an admin can change it.
      </p>
      <FormSubmit label="Save name" busy={fetching} layout="bar" />
    </CardForm>
  );
}

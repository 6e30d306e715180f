import { TextField } from '@inlet/ui';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '@/gql';
import { describeError } from '@/lib/urql';
import { useFieldErrors } from '@/lib/use-field-errors';
import { MIN_PASSWORD_LENGTH } from '@/pages/team/team-model';
import { FormSubmit } from '@/components/form-submit';
import { CardForm } from '@/components/card-form';

const PasswordForm_Mutation = graphql(`
  mutation PasswordForm_Mutation($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      __typename
      ... on PasswordChanged {
        sessionsEnded
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

type Field = 'currentPassword' | 'newPassword' | 'repeat';
const fields: Field[] = ['currentPassword', 'newPassword', 'repeat'];

/** Checked here first (length, repeat), the current password by the gateway. */
function check(values: Record<Field, string>): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (values.currentPassword === '') errors.currentPassword = 'Enter your current password.';
  if (values.newPassword.length < MIN_PASSWORD_LENGTH)
    errors.newPassword = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  else if (values.repeat !== values.newPassword) errors.repeat = 'Type the same password again.';
  return errors;
}

export function sessionsEndedSentence(count: number): string {
  if (count === 0) return 'Your password is changed.';
  return `Your password is changed. ${count === 1 ? '1 other session was' : `${count} other sessions were`} signed out.`;
}

/** Change the viewer's password: the current one first; every other session of theirs ends. */
export function PasswordForm({ onChanged }: { onChanged(status: string): void }) {
  const formId = useId();
  const fieldId = (field: Field) => `${formId}-${field}`;
  const [{ fetching }, change] = useMutation(PasswordForm_Mutation);
  const empty = { currentPassword: '', newPassword: '', repeat: '' };
  const [values, setValues] = useState<Record<Field, string>>(empty);
  const { errors, show, clear } = useFieldErrors<Field, string>(fieldId, (found) =>
    fields.find((field) => found[field] !== undefined),
  );

  const set = (field: Field, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    clear(field);
  };

  /** What the three password fields share: their id, type, value, error and edit. */
  const passwordField = (field: Field) => ({
    id: fieldId(field),
    type: 'password',
    value: values[field],
    error: errors[field],
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(field, event.target.value),
  });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (fetching) return;
    const problems = check(values);
    show(problems);
    if (Object.keys(problems).length > 0) return;
    const result = await change({
      currentPassword: values.currentPassword,
      newPassword: values.newPassword,
    });
    const outcome = result.data?.changePassword;
    if (outcome?.__typename === 'PasswordChanged') {
      setValues(empty);
      onChanged(sessionsEndedSentence(outcome.sessionsEnded));
    } else if (outcome?.__typename === 'ValidationFailed') {
      const placed: Partial<Record<Field, string>> = {};
      for (const f of outcome.fields)
        placed[fields.includes(f.field as Field) ? (f.field as Field) : 'currentPassword'] =
          f.message;
      show(placed);
    } else if (result.error) {
      show({ currentPassword: describeError(result.error) });
    }
  };

  return (
    <CardForm
      className="account-card account-card--narrow"
      label="Change password"
      title="Password"
      onSubmit={onSubmit}
    >
      <TextField
        label="Current password"
        autoComplete="current-password"
        {...passwordField('currentPassword')}
      />
      <TextField
        label="New password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other sessions are signed out.`}
        {...passwordField('newPassword')}
      />
      <TextField
        label="Repeat the new password"
        autoComplete="new-password"
        {...passwordField('repeat')}
      />
      <FormSubmit label="Change password" busy={fetching} layout="bar" />
    </CardForm>
  );
}

import { Select, TextField } from '@inlet/ui';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '@/gql';
import { CreatePasswordLinkMutation } from './create-password-link';
import { PasswordLinkNotice } from './password-link-notice';
import { describeError, mutationProblem } from '@/lib/urql';
import { useFieldErrors } from '@/lib/use-field-errors';
import {
  emptyColleague,
  firstInvalid,
  MIN_PASSWORD_LENGTH,
  placeNewColleagueErrors,
  roleOptions,
  seatOptions,
  validateNewColleague,
  type NewColleagueField,
  type NewColleagueValues,
} from './team-model';
import { FormSubmit } from '@/components/form-submit';
import { unplacedMessage, validationFailure } from '@/lib/validation-failed';

const AddColleagueForm_CreateMutation = graphql(`
  mutation AddColleagueForm_CreateMutation($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on User {
        id
        name
        email
      }
      ...ValidationFailed_FieldsFragment
    }
  }
`);

export interface AddColleagueFormProps {
  onAdded(message: string): void;
}

/** Super admins: a new user with a password the admin sets and hands over (Inlet sends no email of its own). */
export function AddColleagueForm({ onAdded }: AddColleagueFormProps) {
  const id = useId();
  const fieldId = (field: NewColleagueField) => `${id}-${field}`;
  const [values, setValues] = useState<NewColleagueValues>(emptyColleague);
  const [problem, setProblem] = useState<string | null>(null);
  const { errors, show, clear, clearAll } = useFieldErrors<NewColleagueField, string>(
    fieldId,
    firstInvalid,
  );
  const [{ fetching: creating }, create] = useMutation(AddColleagueForm_CreateMutation);
  const [{ fetching: linking }, makeLink] = useMutation(CreatePasswordLinkMutation);
  const [link, setLink] = useState<{ name: string; secret: string; expiresAt: string } | null>(
    null,
  );
  const saving = creating || linking;

  const edit = (field: keyof NewColleagueValues, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field === 'name' || field === 'email' || field === 'password') clear(field);
  };

  /** What the text fields share: their id, value, error and edit. */
  const textField = (field: NewColleagueField) => ({
    id: fieldId(field),
    value: values[field],
    error: errors[field],
    onChange: (e: ChangeEvent<HTMLInputElement>) => edit(field, e.target.value),
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setProblem(null);
    setLink(null);
    const invalid = validateNewColleague(values);
    if (firstInvalid(invalid)) return show(invalid);
    clearAll();
    const result = await create(
      {
        input: {
          name: values.name.trim(),
          email: values.email.trim(),
          password: values.password === '' ? null : values.password,
          role: values.role,
          seat: values.seat,
        },
      },
      // The list holds Users: refetch it for the one just added.
      { additionalTypenames: ['User'] },
    );
    const outcome = result.data?.createUser;
    if (outcome?.__typename === 'User') {
      setValues(emptyColleague);
      if (values.password !== '')
        return onAdded(
          `Added ${outcome.name} (${outcome.email}). Give them their password to sign in.`,
        );
      onAdded(`Added ${outcome.name} (${outcome.email}).`);
      const made = await makeLink({ userId: outcome.id });
      const linkOutcome = made.data?.createPasswordLink;
      if (linkOutcome?.__typename === 'PasswordLink')
        setLink({
          name: outcome.name,
          secret: linkOutcome.secret,
          expiresAt: linkOutcome.expiresAt,
        });
      else
        setProblem(
          `${outcome.name} was added, but no password link was made: ${mutationProblem(linkOutcome, made.error, 'try again from their row.')}`,
        );
      return;
    }
    if (outcome?.__typename === 'ValidationFailed') {
      const failed = validationFailure(outcome);
      const placed = placeNewColleagueErrors(failed.fields);
      show(placed.errors);
      setProblem(unplacedMessage(failed.message, placed.unplaced, !!firstInvalid(placed.errors)));
      return;
    }
    setProblem(result.error ? describeError(result.error) : 'Try again.');
  };

  return (
    <form
      className="card settings-form team-add"
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => void onSubmit(e)}
      noValidate
    >
      <h2 id={`${id}-heading`} className="section-title">
        Add a colleague
      </h2>
      <TextField label="Name" autoComplete="off" {...textField('name')} />
      <TextField
        label="Email"
        type="email"
        autoComplete="off"
        spellCheck={false}
        {...textField('email')}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`Leave it empty to get a one-time link they set their own password with, or type one of at least ${MIN_PASSWORD_LENGTH} characters. Inlet sends no email: you hand either over.`}
        {...textField('password')}
      />
      <Select
        label="Role"
        options={roleOptions('SUPER_ADMIN')}
        value={values.role}
        onChange={(role) => edit('role', role)}
      />
      <Select
        label="Seat"
        options={seatOptions}
        value={values.seat}
        hint="A view-only seat may look, not connect inboxes or send."
        onChange={(seat) => edit('seat', seat)}
      />
      {link && <PasswordLinkNotice {...link} />}
      <FormSubmit
        label="Add colleague"
        busy={saving}
        problem={problem}
        problemTitle="The colleague was not added"
      />
    </form>
  );
}

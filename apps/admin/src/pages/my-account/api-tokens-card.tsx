import { Alert, Badge, Button, CopyButton, Select, TextField } from '@inlet/ui';
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { RelativeTime } from '@/components/relative-time';
import { graphql } from '@/gql';
import type { MyAccountPage_QueryQuery, TokenScope } from '@/gql/graphql';
import { describeError } from '@/lib/urql';
import { useFieldErrors } from '@/lib/use-field-errors';
import { TableHead } from '@/components/table-head';
import { validationFailure } from '@/lib/validation-failed';

const ApiTokensCard_CreateMutation = graphql(`
  mutation ApiTokensCard_CreateMutation($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on ApiTokenCreated {
        secret
        token {
          id
          name
        }
      }
      ...ValidationFailed_FieldsFragment
    }
  }
`);

const ApiTokensCard_RevokeMutation = graphql(`
  mutation ApiTokensCard_RevokeMutation($id: ID!) {
    revokeApiToken(id: $id) {
      __typename
      ... on ApiToken {
        id
        revokedAt
      }
      ... on Error {
        message
      }
    }
  }
`);

type Token = MyAccountPage_QueryQuery['apiTokens'][number];

const scopeOptions: { value: TokenScope; label: string }[] = [
  { value: 'READ', label: 'Read only' },
  { value: 'READ_WRITE', label: 'Read and write' },
];

/** A new token's name and scope; its secret is shown once, with a copy button, until dismissed. */
function CreateApiTokenForm({ onCreated }: { onCreated(status: string): void }) {
  const formId = useId();
  const fieldId = (field: 'name') => `${formId}-${field}`;
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('READ');
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [{ fetching }, create] = useMutation(ApiTokensCard_CreateMutation);
  const { errors, show, clear } = useFieldErrors<'name', string>(fieldId, (found) =>
    found.name === undefined ? undefined : 'name',
  );

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (fetching) return;
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 100) {
      show({ name: 'Enter a name of 1 to 100 characters.' });
      return;
    }
    const result = await create({ input: { name: trimmed, scope } });
    const outcome = result.data?.createApiToken;
    if (outcome?.__typename === 'ApiTokenCreated') {
      setName('');
      setCreated({ name: outcome.token.name, secret: outcome.secret });
      onCreated(`Created the API token ${outcome.token.name}.`);
    } else if (outcome?.__typename === 'ValidationFailed') {
      const failed = validationFailure(outcome);
      show({ name: failed.fields[0]?.message ?? failed.message });
    } else {
      show({ name: result.error ? describeError(result.error) : 'Try again.' });
    }
  };

  return (
    <>
      {created && (
        <Alert tone="success" title={`The secret of ${created.name}`}>
          <p>
            Send it as <code>Authorization: Bearer …</code>. Copy it now: it is not shown again.
          </p>
          <p>
            <code>{created.secret}</code>{' '}
            <CopyButton text={created.secret} aria-label={`Copy the secret of ${created.name}`} />{' '}
            <Button size="sm" variant="ghost" onClick={() => setCreated(null)}>
              Done
            </Button>
          </p>
        </Alert>
      )}
      <form
        className="settings-form account-card account-card--narrow"
        aria-label="Create an API token"
        onSubmit={(event) => void onSubmit(event)}
        noValidate
      >
        <TextField
          id={fieldId('name')}
          label="Token name"
          hint="What the token is for, such as the tool that uses it."
          value={name}
          maxLength={100}
          error={errors.name}
          onChange={(event) => {
            setName(event.target.value);
            clear('name');
          }}
        />
        <Select
          label="Access"
          hint="Read only tokens may query but not change anything."
          options={scopeOptions}
          value={scope}
          onChange={setScope}
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={fetching}>
            Create token
          </Button>
        </div>
      </form>
    </>
  );
}

/** The viewer's API tokens (internal tools), with when each was last used; create one, revoke one. */
export function ApiTokensCard({
  tokens,
  onChanged,
}: {
  tokens: readonly Token[];
  onChanged(status: string): void;
}) {
  const [{ fetching }, revoke] = useMutation(ApiTokensCard_RevokeMutation);
  const [problem, setProblem] = useState<string | null>(null);

  const onRevoke = async (token: Token) => {
    setProblem(null);
    const result = await revoke({ id: token.id });
    const outcome = result.data?.revokeApiToken;
    if (outcome?.__typename === 'ApiToken') onChanged(`Revoked the API token ${token.name}.`);
    else setProblem(outcome?.message ?? (result.error ? describeError(result.error) : null));
  };

  return (
    <section className="card" aria-labelledby="my-account-tokens">
      <div className="settings-form account-card account-card__intro">
        <h2 id="my-account-tokens" className="section-title">
          API tokens
        </h2>
        <p className="muted">
          Tokens your internal tools use to call Inlet as you. A token you no longer use is best
          revoked.
        </p>
      </div>
      <CreateApiTokenForm onCreated={onChanged} />
      {tokens.length === 0 ? (
        <p className="account-card muted">You have no API tokens.</p>
      ) : (
        <table className="data-table">
          <TableHead columns={['Name', 'Access', 'Created', 'Last used']} hiddenLast="Actions" />
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <th scope="row">
                  {token.name} <code>{token.prefix}…</code>
                </th>
                <td>{scopeOptions.find((o) => o.value === token.scope)?.label}</td>
                <td>
                  <RelativeTime dateTime={token.createdAt} />
                </td>
                <td>{token.lastUsedAt ? <RelativeTime dateTime={token.lastUsedAt} /> : 'Never'}</td>
                <td>
                  {token.revokedAt ? (
                    <Badge tone="neutral">Revoked</Badge>
                  ) : (
                    <Button
                      size="sm"
                      variant="ghost"
                      busy={fetching}
                      aria-label={`Revoke the API token ${token.name}`}
                      onClick={() => void onRevoke(token)}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {problem && (
        <div className="table-footer">
          <span role="alert">{problem}</span>
        </div>
      )}
    </section>
  );
}

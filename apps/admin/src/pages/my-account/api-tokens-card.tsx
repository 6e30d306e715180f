import { Badge, Button } from '@inlet/ui';
import { useState } from 'react';
import { useMutation } from 'urql';
import { RelativeTime } from '@/components/relative-time';
import { graphql } from '@/gql';
import type { MyAccountPage_QueryQuery } from '@/gql/graphql';
import { describeError } from '@/lib/urql';

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

/** The viewer's API tokens (internal tools), with when each was last used; revoke one. */
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
      {tokens.length === 0 ? (
        <p className="account-card muted">You have no API tokens.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Access</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="ui-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <th scope="row">
                  {token.name} <code>{token.prefix}…</code>
                </th>
                <td>{token.scope === 'READ' ? 'Read only' : 'Read and write'}</td>
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

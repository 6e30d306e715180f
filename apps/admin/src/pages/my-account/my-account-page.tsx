import { PageHeader } from '@inlet/ui';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { QueryStatus } from '@/components/query-status';
import { graphql } from '@/gql';
import { ApiTokensCard } from './api-tokens-card';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';
import { SessionsCard } from './sessions-card';
import './my-account.css';

const MyAccountPage_Query = graphql(`
  query MyAccountPage_Query {
    viewer {
      user {
        id
        name
        email
      }
    }
    mySessions {
      id
      userAgent
      createdAt
      lastUsedAt
      current
    }
    apiTokens {
      id
      name
      scope
      prefix
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

/** The viewer's own account: name, password, where they are signed in, API tokens. */
export function MyAccountPage() {
  // Sessions and tokens have no list type to invalidate by: name them, so every change refetches.
  const context = useMemo(() => ({ additionalTypenames: ['Session', 'ApiToken'] }), []);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: MyAccountPage_Query,
    context,
    requestPolicy: 'cache-and-network',
  });
  const [status, setStatus] = useState('');
  const changed = (sentence: string) => {
    setStatus(sentence);
    reexecute({ requestPolicy: 'network-only' });
  };
  const user = data?.viewer?.user;

  return (
    <>
      <PageHeader
        title="My account"
        description="Your name and password, the browsers you are signed in with, and your API tokens."
      />
      <div role="status" className="status-region status-region--page">
        {status && <span className="status-message">{status}</span>}
      </div>
      <QueryStatus
        error={error}
        loading={!data && fetching}
        failedTitle="Your account could not be loaded"
        loadingText="Loading your account…"
        reexecute={reexecute}
      />
      {data && user && (
        <>
          <ProfileForm key={user.name} name={user.name} email={user.email} onSaved={changed} />
          <PasswordForm onChanged={changed} />
          <SessionsCard sessions={data.mySessions} onChanged={changed} />
          <ApiTokensCard tokens={data.apiTokens} onChanged={changed} />
        </>
      )}
    </>
  );
}

import { PageHeader } from '@inlet/ui';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { LoadErrorAlert } from '@/components/load-error-alert';
import { graphql } from '@/gql';
import type { Role } from '@/gql/graphql';
import { AddColleagueForm } from './add-colleague-form';
import { TeamMemberRow } from './team-member-row';

const TeamPage_Query = graphql(`
  query TeamPage_Query {
    users {
      id
      ...TeamMemberRow_UserFragment
    }
  }
`);

export interface TeamPageProps {
  viewerRole: Role;
  viewerId: string;
}

/** Super admins and admins: everyone who signs in, their role and seat; super admins add colleagues. */
export function TeamPage({ viewerRole, viewerId }: TeamPageProps) {
  const [status, setStatus] = useState('');
  const context = useMemo(() => ({ additionalTypenames: ['User'] }), []);
  const [{ data, error, fetching }, reexecute] = useQuery({ query: TeamPage_Query, context });

  return (
    <>
      <PageHeader
        title="Team"
        description="Everyone who signs in to Inlet. The role decides what they manage; the seat decides whether they may connect inboxes and send."
      />
      <div role="status" className="status-region">
        {status && <span className="status-message">{status}</span>}
      </div>
      {error && <LoadErrorAlert title="The team could not be loaded" error={error} reexecute={reexecute} />}
      {!data && fetching && (
        <p role="status" className="muted">
          Loading the team…
        </p>
      )}
      {data && (
        <div className="card">
          <table className="data-table team-table" aria-busy={fetching || undefined}>
            <caption className="ui-visually-hidden">Users, ordered by email</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Seat</th>
                <th scope="col">Connected inboxes</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="ui-visually-hidden">Access</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((user) => (
                <TeamMemberRow key={user.id} user={user} viewerRole={viewerRole} viewerId={viewerId} onChanged={setStatus} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {viewerRole === 'SUPER_ADMIN' ? (
        <AddColleagueForm onAdded={setStatus} />
      ) : (
        <p className="muted">Only a super admin adds colleagues.</p>
      )}
    </>
  );
}

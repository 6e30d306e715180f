import { PageHeader, Select, TextField } from '@inlet/ui';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { QueryStatus } from '@/components/query-status';
import { graphql } from '@/gql';
import type { Role } from '@/gql/graphql';
import { AddColleagueForm } from './add-colleague-form';
import { TeamMemberRow } from './team-member-row';
import {
  filterTeam,
  noTeamFilters,
  roleOptions,
  seatOptions,
  type TeamFilters,
} from './team-model';
import { StatusMessage } from '@/components/status-message';
import { TableHead } from '@/components/table-head';

const TeamPage_Query = graphql(`
  query TeamPage_Query {
    users {
      id
      name
      email
      role
      seat
      deactivatedAt
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
  const [filters, setFilters] = useState<TeamFilters>(noTeamFilters);
  const shown = data ? filterTeam(data.users, filters) : [];
  const filter =
    <K extends keyof TeamFilters>(key: K) =>
    (value: TeamFilters[K]) =>
      setFilters((f) => ({ ...f, [key]: value }));

  return (
    <>
      <PageHeader
        title="Team"
        description="Everyone who signs in to Inlet. The role decides what they manage; the seat decides whether they may connect inboxes and send."
      />
      <div className="toolbar">
        <TextField
          label="Search users"
          type="search"
          placeholder="Name or email address"
          className="toolbar__search"
          value={filters.search}
          onChange={(event) => filter('search')(event.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <Select
          label="Role"
          options={[{ value: 'ALL', label: 'All roles' }, ...roleOptions('SUPER_ADMIN')]}
          value={filters.role}
          onChange={filter('role')}
        />
        <Select
          label="Seat"
          options={[{ value: 'ALL', label: 'All seats' }, ...seatOptions]}
          value={filters.seat}
          onChange={filter('seat')}
        />
        <Select
          label="Status"
          options={[
            { value: 'ALL', label: 'Everyone' },
            { value: 'ACTIVE', label: 'Active' },
            { value: 'DEACTIVATED', label: 'Deactivated' },
          ]}
          value={filters.status}
          onChange={filter('status')}
        />
      </div>
      <StatusMessage message={status} />
      <QueryStatus
        error={error}
        loading={!data && fetching}
        failedTitle="The team could not be loaded"
        loadingText="Loading the team…"
        reexecute={reexecute}
      />
      {data && (
        <div className="card">
          <table
            className="data-table data-table--cards team-table"
            aria-busy={fetching || undefined}
          >
            <caption className="ui-visually-hidden">Users, ordered by email</caption>
            <TableHead
              columns={['User', 'Role', 'Seat', 'Connected inboxes', 'Added']}
              hiddenLast="Access"
            />
            <tbody>
              {shown.map((user) => (
                <TeamMemberRow
                  key={user.id}
                  user={user}
                  viewerRole={viewerRole}
                  viewerId={viewerId}
                  onChanged={setStatus}
                />
              ))}
            </tbody>
          </table>
          <div className="table-footer">
            <span className="muted" role="status">
              {shown.length === data.users.length
                ? `${data.users.length} users`
                : `${shown.length} of ${data.users.length} users match`}
            </span>
          </div>
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

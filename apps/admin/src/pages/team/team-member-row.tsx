import { Badge, Button, Select } from '@inlet/ui';
import { useState } from 'react';
import { useMutation } from 'urql';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { Role, Seat } from '@/gql/graphql';
import { formatDateTime } from '@/lib/format-date';
import { mutationProblem } from '@/lib/urql';
import { roleLabels } from '@/lib/user-labels';
import { CreatePasswordLinkMutation } from './create-password-link';
import { PasswordLinkNotice } from './password-link-notice';
import { accessLockedReason, roleOptions, seatOptions } from './team-model';
import { EmailAddress } from '@/components/email-address';

export const TeamMemberRow_UserFragment = graphql(`
  fragment TeamMemberRow_UserFragment on User {
    id
    name
    email
    role
    seat
    connectionCount
    createdAt
    deactivatedAt
  }
`);

const TeamMemberRow_UpdateMutation = graphql(`
  mutation TeamMemberRow_UpdateMutation($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      ...TeamMemberRow_StatusResult
    }
  }
`);

const TeamMemberRow_DeactivateMutation = graphql(`
  mutation TeamMemberRow_DeactivateMutation($id: ID!) {
    deactivateUser(id: $id) {
      ...TeamMemberRow_StatusResult
    }
  }
`);

const TeamMemberRow_ReactivateMutation = graphql(`
  mutation TeamMemberRow_ReactivateMutation($id: ID!) {
    reactivateUser(id: $id) {
      ...TeamMemberRow_StatusResult
    }
  }
`);

const TeamMemberRow_EndSessionsMutation = graphql(`
  mutation TeamMemberRow_EndSessionsMutation($id: ID!) {
    endUserSessions(id: $id) {
      ...TeamMemberRow_StatusResult
    }
  }
`);

export const TeamMemberRow_StatusResult = graphql(`
  fragment TeamMemberRow_StatusResult on UpdateUserResult {
    __typename
    ... on User {
      id
      role
      seat
      deactivatedAt
    }
    ... on Error {
      message
    }
    ... on ValidationFailed {
      fields {
        field
        message
      }
    }
  }
`);

export interface TeamMemberRowProps {
  user: FragmentType<typeof TeamMemberRow_UserFragment>;
  viewerRole: Role;
  viewerId: string;
  /** Announces a saved change in the page's status region. */
  onChanged(message: string): void;
}

/** One user: who they are, their inboxes, and their role and seat, changed in place. */
export function TeamMemberRow({
  user: userRef,
  viewerRole,
  viewerId,
  onChanged,
}: TeamMemberRowProps) {
  const user = getFragmentData(TeamMemberRow_UserFragment, userRef);
  const [errors, setErrors] = useState<{ role?: string; seat?: string }>({});
  const [{ fetching: updating }, update] = useMutation(TeamMemberRow_UpdateMutation);
  const [{ fetching: deactivating }, deactivate] = useMutation(TeamMemberRow_DeactivateMutation);
  const [{ fetching: reactivating }, reactivate] = useMutation(TeamMemberRow_ReactivateMutation);
  const [statusProblem, setStatusProblem] = useState<string | null>(null);
  const [{ fetching: linking }, makeLink] = useMutation(CreatePasswordLinkMutation);
  const [link, setLink] = useState<{ secret: string; expiresAt: string } | null>(null);
  const [{ fetching: endingSessions }, endSessions] = useMutation(
    TeamMemberRow_EndSessionsMutation,
  );
  const fetching = updating || deactivating || reactivating || linking || endingSessions;
  const deactivated = user.deactivatedAt !== null && user.deactivatedAt !== undefined;
  const locked = accessLockedReason(viewerRole, user);
  const roles = roleOptions(viewerRole);
  // A super admin's row shows their role to an admin, who cannot offer it (the row is locked then).
  const shownRoles = roles.some((o) => o.value === user.role)
    ? roles
    : [{ value: user.role, label: roleLabels[user.role] }, ...roles];

  const change = async (input: { role?: Role; seat?: Seat }, field: 'role' | 'seat') => {
    setErrors({});
    const result = await update({ id: user.id, input });
    const outcome = getFragmentData(TeamMemberRow_StatusResult, result.data?.updateUser);
    if (outcome?.__typename === 'User') {
      onChanged(
        field === 'role'
          ? `${user.name} is now ${labelOf(roles, outcome.role)}.`
          : `${user.name} now has a ${labelOf(seatOptions, outcome.seat).toLowerCase()} seat.`,
      );
      return;
    }
    if (outcome?.__typename === 'ValidationFailed') {
      setErrors({ [field]: outcome.fields.map((f) => f.message).join(' ') || outcome.message });
      return;
    }
    setErrors({ [field]: mutationProblem(outcome, result.error) });
  };

  const act = async (action: 'deactivate' | 'reactivate' | 'endSessions') => {
    setStatusProblem(null);
    const result = await { deactivate, reactivate, endSessions }[action]({ id: user.id });
    const data =
      result.data &&
      ('reactivateUser' in result.data
        ? result.data.reactivateUser
        : 'deactivateUser' in result.data
          ? result.data.deactivateUser
          : result.data.endUserSessions);
    const outcome = getFragmentData(TeamMemberRow_StatusResult, data);
    if (outcome?.__typename === 'User') {
      onChanged(
        {
          reactivate: `${user.name} is active again and may sign in.`,
          deactivate: `${user.name} is deactivated: signed out everywhere, and their inboxes no longer sync.`,
          endSessions: `${user.name} is signed out everywhere.`,
        }[action],
      );
      return;
    }
    if (outcome?.__typename === 'ValidationFailed')
      return setStatusProblem(outcome.fields.map((f) => f.message).join(' '));
    setStatusProblem(mutationProblem(outcome, result.error));
  };

  const onMakeLink = async () => {
    setStatusProblem(null);
    const result = await makeLink({ userId: user.id });
    const outcome = result.data?.createPasswordLink;
    if (outcome?.__typename === 'PasswordLink')
      return setLink({ secret: outcome.secret, expiresAt: outcome.expiresAt });
    setStatusProblem(mutationProblem(outcome, result.error));
  };

  return (
    <tr className="data-table__row">
      <th scope="row">
        <span className="team-member__name">{user.name}</span>
        {user.id === viewerId && <Badge tone="info">You</Badge>}
        {deactivated && <Badge tone="warning">Deactivated</Badge>}
        <EmailAddress className="muted team-member__email" address={user.email} />
      </th>
      <td data-label="Role">
        <Select
          label={<span className="ui-visually-hidden">Role of {user.name}</span>}
          options={shownRoles}
          value={user.role}
          disabled={fetching || locked !== null}
          hint={locked ?? undefined}
          error={errors.role}
          onChange={(role) => void change({ role }, 'role')}
        />
      </td>
      <td data-label="Seat">
        <Select
          label={<span className="ui-visually-hidden">Seat of {user.name}</span>}
          options={seatOptions}
          value={user.seat}
          disabled={fetching || locked !== null}
          error={errors.seat}
          onChange={(seat) => void change({ seat }, 'seat')}
        />
      </td>
      <td data-label="Connected inboxes">{user.connectionCount ?? '—'}</td>
      <td data-label="Added">{formatDateTime(user.createdAt)}</td>
      <td className="team-member__access">
        {user.id !== viewerId && locked === null && !deactivated && (
          <>
            <Button size="sm" busy={linking} disabled={fetching} onClick={() => void onMakeLink()}>
              Password link<span className="ui-visually-hidden"> for {user.name}</span>
            </Button>{' '}
            <Button
              size="sm"
              busy={endingSessions}
              disabled={fetching}
              onClick={() => void act('endSessions')}
            >
              Sign out<span className="ui-visually-hidden"> {user.name}</span> everywhere
            </Button>
          </>
        )}{' '}
        {user.id !== viewerId && locked === null && (
          <Button
            size="sm"
            variant={deactivated ? 'secondary' : 'danger'}
            busy={deactivating || reactivating}
            disabled={fetching}
            onClick={() => void act(deactivated ? 'reactivate' : 'deactivate')}
          >
            {deactivated ? 'Reactivate' : 'Deactivate'}
            <span className="ui-visually-hidden"> {user.name}</span>
          </Button>
        )}
        {link && (
          <PasswordLinkNotice name={user.name} secret={link.secret} expiresAt={link.expiresAt} />
        )}
        {statusProblem && (
          <p className="team-member__problem" role="alert">
            {statusProblem}
          </p>
        )}
      </td>
    </tr>
  );
}

function labelOf<T extends string>(
  options: readonly { value: T; label: string }[],
  value: T,
): string {
  return options.find((o) => o.value === value)?.label ?? value;
}

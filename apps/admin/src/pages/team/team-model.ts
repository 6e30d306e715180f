import type { Role, Seat } from '@/gql/graphql';
import { placeValidationErrors } from '@/lib/place-validation-errors';
import { roleLabels, seatLabels } from '@/lib/user-labels';

/** The gateway's rule (users.ts MIN_PASSWORD_LENGTH), checked here first to answer without a round trip. */
export const MIN_PASSWORD_LENGTH = 10;

/** "Add a colleague": who they are, their access, and a password the admin hands them (or none: a link). */
export interface NewColleagueValues {
  name: string;
  email: string;
  password: string;
  role: Role;
  seat: Seat;
}

export type NewColleagueField = 'name' | 'email' | 'password';
export type NewColleagueErrors = Partial<Record<NewColleagueField, string>>;

const fieldOrder: readonly NewColleagueField[] = ['name', 'email', 'password'];

export const emptyColleague: NewColleagueValues = {
  name: '',
  email: '',
  password: '',
  role: 'USER',
  seat: 'FULL',
};

/** What must be right before asking the gateway; the gateway checks the address properly and that it is free. */
export function validateNewColleague(values: NewColleagueValues): NewColleagueErrors {
  const errors: NewColleagueErrors = {};
  if (!values.name.trim()) errors.name = 'Enter their name.';
  if (!/^[^\s@]+@[^\s@]+$/.test(values.email.trim()))
    errors.email = 'Enter an email address such as jane@example.com.';
  // Empty: the colleague sets their own through a one-time link.
  if (values.password !== '' && values.password.length < MIN_PASSWORD_LENGTH)
    errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return errors;
}

export const firstInvalid = (errors: NewColleagueErrors): NewColleagueField | undefined =>
  fieldOrder.find((f) => errors[f]);

/** ValidationFailed fields next to the inputs they belong to; the rest for the form's alert. */
export function placeNewColleagueErrors(fields: readonly { field: string; message: string }[]) {
  return placeValidationErrors(
    fields,
    (field) => fieldOrder.find((f) => f === field),
    (message) => message,
  );
}

/** The roles a viewer may give: only a super admin grants super admin (the gateway enforces it too). */
export function roleOptions(viewerRole: Role): { value: Role; label: string }[] {
  const roles: Role[] =
    viewerRole === 'SUPER_ADMIN' ? ['SUPER_ADMIN', 'ADMIN', 'USER'] : ['ADMIN', 'USER'];
  return roles.map((value) => ({ value, label: roleLabels[value] }));
}

export const seatOptions: { value: Seat; label: string }[] = (['FULL', 'VIEW_ONLY'] as const).map(
  (value) => ({ value, label: seatLabels[value] }),
);

/** Why the viewer cannot change this user's access here, or null when they can. */
export function accessLockedReason(viewerRole: Role, target: { role: Role }): string | null {
  if (viewerRole !== 'SUPER_ADMIN' && target.role === 'SUPER_ADMIN')
    return 'Only a super admin may change a super admin.';
  return null;
}

export type StatusFilter = 'ALL' | 'ACTIVE' | 'DEACTIVATED';

export interface TeamFilters {
  search: string;
  role: Role | 'ALL';
  seat: Seat | 'ALL';
  status: StatusFilter;
}

export const noTeamFilters: TeamFilters = { search: '', role: 'ALL', seat: 'ALL', status: 'ALL' };

/** The users the filters keep: search matches any part of the name or the address, case-insensitively. */
export function filterTeam<
  U extends { name: string; email: string; role: Role; seat: Seat; deactivatedAt?: string | null },
>(users: readonly U[], filters: TeamFilters): U[] {
  const needle = filters.search.trim().toLowerCase();
  return users.filter(
    (user) =>
      (needle === '' ||
        user.name.toLowerCase().includes(needle) ||
        user.email.toLowerCase().includes(needle)) &&
      (filters.role === 'ALL' || user.role === filters.role) &&
      (filters.seat === 'ALL' || user.seat === filters.seat) &&
      (filters.status === 'ALL' ||
        (filters.status === 'DEACTIVATED') === Boolean(user.deactivatedAt)),
  );
}

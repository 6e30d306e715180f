import { describe, expect, it } from 'vitest';
import {
  accessLockedReason,
  emptyColleague,
  filterTeam,
  firstInvalid,
  noTeamFilters,
  placeNewColleagueErrors,
  roleOptions,
  validateNewColleague,
  type TeamFilters,
} from './team-model';

describe('validateNewColleague', () => {
  it('asks for a name, an address and a long enough password, in form order', () => {
    const errors = validateNewColleague({
      ...emptyColleague,
      name: ' ',
      email: 'jane',
      password: 'short',
    });
    expect(errors).toEqual({
      name: 'Enter their name.',
      email: 'Enter an email address such as jane@example.com.',
      password: 'Use at least 10 characters.',
    });
    expect(firstInvalid(errors)).toBe('name');
    expect(
      validateNewColleague({
        ...emptyColleague,
        name: 'Jane',
        email: 'jane@example.com',
        password: 'long-enough-1',
      }),
    ).toEqual({});
    // No password: they get a one-time link instead.
    expect(
      validateNewColleague({
        ...emptyColleague,
        name: 'Jane',
        email: 'jane@example.com',
        password: '',
      }),
    ).toEqual({});
  });
});

describe('placeNewColleagueErrors', () => {
  it('puts the gateway field errors next to their inputs and keeps the rest', () => {
    expect(
      placeNewColleagueErrors([
        { field: 'email', message: 'A user with this email already exists.' },
        { field: 'role', message: 'Only a super admin may grant the super admin role.' },
      ]),
    ).toEqual({
      errors: { email: 'A user with this email already exists.' },
      unplaced: ['Only a super admin may grant the super admin role.'],
    });
  });
});

describe('who may change what', () => {
  it('offers super admin only to super admins', () => {
    expect(roleOptions('SUPER_ADMIN').map((o) => o.value)).toEqual([
      'SUPER_ADMIN',
      'ADMIN',
      'USER',
    ]);
    expect(roleOptions('ADMIN').map((o) => o.value)).toEqual(['ADMIN', 'USER']);
  });

  it('locks a super admin for an admin, and nobody for a super admin', () => {
    expect(accessLockedReason('ADMIN', { role: 'SUPER_ADMIN' })).toBe(
      'Only a super admin may change a super admin.',
    );
    expect(accessLockedReason('ADMIN', { role: 'USER' })).toBeNull();
    expect(accessLockedReason('SUPER_ADMIN', { role: 'SUPER_ADMIN' })).toBeNull();
  });
});

describe('filterTeam', () => {
  const users = [
    {
      name: 'Ann Admin',
      email: 'ann@example.com',
      role: 'ADMIN',
      seat: 'FULL',
      deactivatedAt: null,
    },
    {
      name: 'Vic Viewer',
      email: 'vic@example.com',
      role: 'USER',
      seat: 'VIEW_ONLY',
      deactivatedAt: null,
    },
    {
      name: 'Lea Left',
      email: 'lea@other.test',
      role: 'USER',
      seat: 'FULL',
      deactivatedAt: '2026-12-01T00:00:00.000Z',
    },
  ] as const;
  const names = (filters: Partial<TeamFilters>) =>
    filterTeam(users, { ...noTeamFilters, ...filters }).map((u) => u.name);

  it('searches names and addresses, and filters by role, seat and status', () => {
    expect(names({})).toEqual(['Ann Admin', 'Vic Viewer', 'Lea Left']);
    expect(names({ search: ' OTHER.test ' })).toEqual(['Lea Left']);
    expect(names({ search: 'vic' })).toEqual(['Vic Viewer']);
    expect(names({ role: 'USER' })).toEqual(['Vic Viewer', 'Lea Left']);
    expect(names({ seat: 'VIEW_ONLY' })).toEqual(['Vic Viewer']);
    expect(names({ status: 'DEACTIVATED' })).toEqual(['Lea Left']);
    expect(names({ status: 'ACTIVE', role: 'USER' })).toEqual(['Vic Viewer']);
  });
});

import type { Role, Seat } from '@/gql/graphql';

export const roleLabels: Record<Role, string> = {
  SUPER_ADMIN: 'Super admin',
  ADMIN: 'Admin',
  USER: 'User',
};

export const seatLabels: Record<Seat, string> = { FULL: 'Full', VIEW_ONLY: 'View only' };

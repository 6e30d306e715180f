import type { Role, Seat } from '@/gql/graphql';
import { roleLabels, seatLabels } from './user-labels';

export interface ViewerSnapshot {
  canManageWorkspace: boolean;
  user: { id: string; name: string; email: string; role: Role; seat: Seat };
}

/** True when a pushed viewer differs from the one the console shows (so it must read it again). */
export function viewerDiffers(shown: ViewerSnapshot, pushed: ViewerSnapshot): boolean {
  return (
    shown.canManageWorkspace !== pushed.canManageWorkspace ||
    (['id', 'name', 'email', 'role', 'seat'] as const).some(
      (key) => shown.user[key] !== pushed.user[key],
    )
  );
}

/** The sentence announced when an admin changed the viewer's role or seat while the console was open. */
export function accessChangeSentence(before: ViewerSnapshot, after: ViewerSnapshot): string | null {
  const changes: string[] = [];
  if (before.user.role !== after.user.role)
    changes.push(`your role is now ${roleLabels[after.user.role]}`);
  if (before.user.seat !== after.user.seat)
    changes.push(`you now have a ${seatLabels[after.user.seat].toLowerCase()} seat`);
  if (changes.length === 0) return null;
  const sentence = `An admin changed your access: ${changes.join(' and ')}.`;
  return after.user.seat === 'VIEW_ONLY' && before.user.seat !== 'VIEW_ONLY'
    ? `${sentence} You can still read everything, but not connect inboxes or send email.`
    : sentence;
}

import { Badge, VisuallyHidden } from '@inlet/ui';
import type { ConnectionStatus } from '@/gql/graphql';
import { pausedLook, statusLabels } from '@/lib/connection-labels';

export interface ConnectionStatusBadgeProps {
  status: ConnectionStatus;
  /** Says "Status:" to screen readers where no column header or label does. */
  labelled?: boolean;
  /** Sync stands still for a reason outside the account (Connection.syncPause): told instead of the status. */
  pause?: { message: string } | null;
}

/** A connection's health: always in words, with a colour and a symbol that repeat them. */
export function ConnectionStatusBadge({
  status,
  labelled = false,
  pause,
}: ConnectionStatusBadgeProps) {
  // The row still holds the status recorded before the pause; what the user needs is why nothing moves.
  const look = pause ? { ...pausedLook, label: pause.message } : statusLabels[status];
  return (
    <Badge
      tone={look.tone}
      emphasis={look.emphasis}
      icon={look.icon === 'spinner' ? <span className="ui-spinner" /> : look.icon}
      className="connection-status"
      data-status={status}
      data-paused={pause ? 'true' : undefined}
    >
      {labelled && <VisuallyHidden>Status: </VisuallyHidden>}
      {look.label}
    </Badge>
  );
}

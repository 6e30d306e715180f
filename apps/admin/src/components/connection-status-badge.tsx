import { Badge, VisuallyHidden } from '@inlet/ui';
import type { ConnectionStatus } from '@/gql/graphql';
import { statusLabels } from '@/lib/connection-labels';

export interface ConnectionStatusBadgeProps {
  status: ConnectionStatus;
  /** Says "Status:" to screen readers where no column header or label does. */
  labelled?: boolean;
}

/** A connection's health: always in words, with a colour and a symbol that repeat them. */
export function ConnectionStatusBadge({ status, labelled = false }: ConnectionStatusBadgeProps) {
  const look = statusLabels[status];
  return (
    <Badge
      tone={look.tone}
      emphasis={look.emphasis}
      icon={look.icon === 'spinner' ? <span className="ui-spinner" /> : look.icon}
      className="connection-status"
      data-status={status}
    >
      {labelled && <VisuallyHidden>Status: </VisuallyHidden>}
      {look.label}
    </Badge>
  );
}

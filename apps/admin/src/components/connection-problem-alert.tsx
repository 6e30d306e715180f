import { Alert, buttonClassName } from '@inlet/ui';
import type { ReactNode } from 'react';
import { Link } from '@/components/link';
import { getFragmentData } from '@/gql';
import type { ConnectionStatus } from '@/gql/graphql';
import {
  ConnectionErrorNote,
  ConnectionErrorNote_ErrorFragment,
  type ConnectionErrorNoteProps,
} from './connection-error-note';

export interface ConnectionProblemAlertProps {
  status: ConnectionStatus;
  error: ConnectionErrorNoteProps['error'];
  retry?: ConnectionErrorNoteProps['retry'];
  /** The viewer's reconnect page for this connection, when the viewer may reconnect it (its owner, with a full seat). */
  reconnectTo?: string | undefined;
  /** More about the problem, under its hint. */
  children?: ReactNode;
}

/** A connection's last error as a static note (the live region announces changes): amber while Inlet retries, red otherwise. */
export function ConnectionProblemAlert({
  status,
  error,
  retry,
  reconnectTo,
  children,
}: ConnectionProblemAlertProps) {
  const { message, certificateChange } = getFragmentData(ConnectionErrorNote_ErrorFragment, error);
  // A changed pinned certificate: reconnecting with "Trust any certificate" pins the new one.
  const action =
    certificateChange && reconnectTo ? (
      <Link to={reconnectTo} className={buttonClassName({ size: 'sm', variant: 'primary' })}>
        Reconnect to trust the new certificate
      </Link>
    ) : undefined;
  return (
    <Alert
      tone={status === 'RETRYING' ? 'warning' : 'danger'}
      role="none"
      title={message}
      actions={action}
    >
      <ConnectionErrorNote error={error} withMessage={false} retry={retry} />
      {children}
    </Alert>
  );
}

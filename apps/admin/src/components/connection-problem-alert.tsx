import { Alert } from '@inlet/ui';
import type { ReactNode } from 'react';
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
  /** More about the problem, under its hint. */
  children?: ReactNode;
}

/** A connection's last error as a static note (the live region announces changes): amber while Inlet retries, red otherwise. */
export function ConnectionProblemAlert({
  status,
  error,
  retry,
  children,
}: ConnectionProblemAlertProps) {
  const { message } = getFragmentData(ConnectionErrorNote_ErrorFragment, error);
  return (
    <Alert tone={status === 'RETRYING' ? 'warning' : 'danger'} role="none" title={message}>
      <ConnectionErrorNote error={error} withMessage={false} retry={retry} />
      {children}
    </Alert>
  );
}

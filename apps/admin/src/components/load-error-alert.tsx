import { Alert, Button } from '@inlet/ui';
import type { CombinedError, OperationContext } from 'urql';
import { describeError } from '@/lib/urql';

export interface LoadErrorAlertProps {
  /** What could not be loaded, for example "The contacts could not be loaded". */
  title: string;
  error: CombinedError;
  /** The query's reexecute: Try again asks the network, not the cache. */
  reexecute(context: Partial<OperationContext>): void;
}

/** A query that failed: what and why, and Try again. */
export function LoadErrorAlert({ title, error, reexecute }: LoadErrorAlertProps) {
  return (
    <Alert
      tone="danger"
      title={title}
      actions={
        <Button size="sm" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          Try again
        </Button>
      }
    >
      {describeError(error)}
    </Alert>
  );
}

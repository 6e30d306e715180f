import type { CombinedError, OperationContext } from 'urql';
import { LoadErrorAlert } from './load-error-alert';

export interface QueryStatusProps {
  error: CombinedError | undefined;
  /** True while there is nothing to show yet. */
  loading: boolean;
  /** What failed, for example "The contacts could not be loaded". */
  failedTitle: string;
  /** What is loading, for example "Loading contacts…". */
  loadingText: string;
  reexecute(context: Partial<OperationContext>): void;
}

/** A page query before its data: why it failed (with Try again), or that it is still loading. */
export function QueryStatus({
  error,
  loading,
  failedTitle,
  loadingText,
  reexecute,
}: QueryStatusProps) {
  if (error) return <LoadErrorAlert title={failedTitle} error={error} reexecute={reexecute} />;
  if (!loading) return null;
  return (
    <p role="status" className="muted">
      {loadingText}
    </p>
  );
}

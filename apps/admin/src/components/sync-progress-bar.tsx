import { ProgressBar } from '@inlet/ui';
import { useSubscription } from 'urql';
import { graphql } from '@/gql';

const SyncProgressBar_Subscription = graphql(`
  subscription SyncProgressBar_Subscription($connectionId: ID!) {
    syncProgress(connectionId: $connectionId) {
      connectionId
      folder
      done
      total
    }
  }
`);

export interface SyncProgressValue {
  folder: string;
  done: number;
  total: number;
}

export interface SyncProgressBarProps {
  connectionId: string;
  /** The progress the connection's query returned, until the first push arrives. */
  initial: SyncProgressValue | null | undefined;
  className?: string;
}

/** "Syncing INBOX: 120 of 340", live from the syncProgress subscription. Mount it only while the connection is syncing. */
export function SyncProgressBar({ connectionId, initial, className }: SyncProgressBarProps) {
  const [{ data }] = useSubscription({ query: SyncProgressBar_Subscription, variables: { connectionId } });
  const progress: SyncProgressValue | null | undefined = data?.syncProgress ?? initial;
  if (!progress) return <ProgressBar label="Starting the first sync" value={0} max={0} className={className} />;
  // Nothing counted in this folder (yet): say which folder, without "0 of 0".
  if (progress.total <= 0) return <ProgressBar label={`Syncing ${progress.folder}`} value={0} max={0} className={className} />;
  return (
    <ProgressBar
      label={`Syncing ${progress.folder}`}
      value={progress.done}
      max={progress.total}
      valueText={`${progress.done} of ${progress.total}`}
      className={className}
    />
  );
}

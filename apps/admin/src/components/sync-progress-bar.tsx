import { ProgressBar } from '@inlet/ui';
import { useSubscription } from 'urql';
import { graphql } from '@/gql';
import { formatDate, localDateString } from '@/lib/format-date';

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
  /** The connection's resyncFrom: a "Resync from date" is running. */
  resyncFrom?: string | null | undefined;
  /** The connection synced before (a reconnect, not its first sync). */
  syncedBefore?: boolean;
  className?: string;
}

/** "Syncing INBOX: 120 of 340", live from the syncProgress subscription. Mount it only while the connection is syncing. */
export function SyncProgressBar({
  connectionId,
  initial,
  resyncFrom,
  syncedBefore = false,
  className,
}: SyncProgressBarProps) {
  const [{ data }] = useSubscription({
    query: SyncProgressBar_Subscription,
    variables: { connectionId },
  });
  const progress: SyncProgressValue | null | undefined = data?.syncProgress ?? initial;
  const from = resyncFrom ? ` from ${formatDate(localDateString(new Date(resyncFrom)))}` : '';
  if (!progress) {
    const label = resyncFrom
      ? `Resyncing${from}`
      : syncedBefore
        ? 'Catching up'
        : 'Starting the first sync';
    return <ProgressBar label={label} value={0} max={0} className={className} />;
  }
  const label = resyncFrom ? `Resyncing ${progress.folder}${from}` : `Syncing ${progress.folder}`;
  // Nothing counted in this folder (yet): say which folder, without "0 of 0".
  if (progress.total <= 0)
    return <ProgressBar label={label} value={0} max={0} className={className} />;
  return (
    <ProgressBar
      label={label}
      value={progress.done}
      max={progress.total}
      valueText={`${progress.done} of ${progress.total}`}
      className={className}
    />
  );
}

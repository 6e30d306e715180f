import { formatDateTime, formatRelativeTime } from '@/lib/format-date';
import { useNow } from '@/lib/use-now';

/** "5 minutes ago", kept true while the page is open; the exact time is in the tooltip and the markup. */
export function RelativeTime({ dateTime }: { dateTime: string }) {
  const now = useNow();
  return (
    <time dateTime={dateTime} title={formatDateTime(dateTime)}>
      {formatRelativeTime(dateTime, now)}
    </time>
  );
}

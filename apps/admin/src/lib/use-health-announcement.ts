import { useEffect, useRef, useState } from 'react';
import { healthAnnouncement, statusesById, type HealthSnapshot } from './live-connections';

/**
 * The latest sentence for a polite live region about status changes of the connections on screen
 * (see healthAnnouncement). `quietId` is left out: a connection whose open drawer announces its own.
 */
export function useHealthAnnouncement(
  snapshots: readonly HealthSnapshot[],
  quietId: string | null = null,
): string {
  const previousStatuses = useRef<ReadonlyMap<string, HealthSnapshot['status']>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const previous = previousStatuses.current;
    previousStatuses.current = statusesById(snapshots);
    const text = healthAnnouncement(
      previous,
      snapshots.filter((s) => s.id !== quietId),
    );
    if (text) setAnnouncement(text);
  }, [snapshots, quietId]);
  return announcement;
}

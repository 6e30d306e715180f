import { useEffect, useRef } from 'react';

/**
 * Calls `onOffScreen` with the pushes that arrived (new or changed) since the last render for
 * connections that are not in `listed`: the list may be missing them. Nothing is reported while
 * `listed` is undefined (not loaded yet); what arrived meanwhile counts as seen.
 */
export function useOffScreenPushes<P extends { id: string }>(
  pushes: ReadonlyMap<string, P>,
  listed: readonly { id: string }[] | undefined,
  onOffScreen: (pushed: P[]) => void,
): void {
  const handled = useRef(pushes);
  useEffect(() => {
    const before = handled.current;
    handled.current = pushes;
    if (!listed || before === pushes) return;
    const onScreen = new Set(listed.map((c) => c.id));
    const offScreen = [...pushes.values()].filter(
      (pushed) => before.get(pushed.id) !== pushed && !onScreen.has(pushed.id),
    );
    if (offScreen.length > 0) onOffScreen(offScreen);
  });
}

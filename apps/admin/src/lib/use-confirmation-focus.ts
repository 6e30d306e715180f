import { useEffect, useRef, type RefObject } from 'react';

/**
 * Focus for an inline confirmation: on its safe choice while it shows, back on the button that opened
 * it once it closes.
 */
export function useConfirmationFocus(
  confirming: boolean,
  safeChoice: RefObject<HTMLElement | null>,
  opener: RefObject<HTMLElement | null>,
): void {
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) safeChoice.current?.focus();
    else if (wasConfirming.current) opener.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming, safeChoice, opener]);
}

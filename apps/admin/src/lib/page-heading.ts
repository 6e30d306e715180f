import { useEffect, useState } from 'react';

/** The page's heading, where focus goes when what had it is gone (it takes focus: tabIndex -1). */
export const pageHeading = () => document.querySelector<HTMLElement>('#main h1');

/**
 * Returns a function that moves focus to the page heading after the next render: for a button that
 * removes itself (dismiss, disconnect), so focus does not fall back to the document.
 */
export function useFocusPageHeading(): () => void {
  const [pending, setPending] = useState(false);
  useEffect(() => {
    if (!pending) return;
    pageHeading()?.focus();
    setPending(false);
  }, [pending]);
  return () => setPending(true);
}

import { useEffect } from 'react';

/** The tab title names the page first, so screen readers and tab lists tell pages apart. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Inlet` : 'Inlet';
  }, [title]);
}

import { useEffect } from 'react';

/**
 * The tab title names the page first, so screen readers and tab lists tell pages apart. null leaves
 * the title to the page (a contact's page names the contact).
 */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title !== null) document.title = title ? `${title} · Inlet` : 'Inlet';
  }, [title]);
}

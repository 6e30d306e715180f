import { EmptyState, PageHeader } from '@inlet/ui';
import { Link } from '@/components/link';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is no page at this address">
        <p>
          Check the address, or go back to the <Link to="/">start page</Link>.
        </p>
      </EmptyState>
    </>
  );
}

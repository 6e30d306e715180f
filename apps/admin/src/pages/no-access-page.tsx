import { EmptyState, PageHeader } from '@inlet/ui';

/** A signed-in user opened an admin page by its URL. */
export function NoAccessPage({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="Only admins can open this page">
        <p>
          Ask a super admin, or an admin with the Account Access permission, if you need something
          changed here.
        </p>
      </EmptyState>
    </>
  );
}

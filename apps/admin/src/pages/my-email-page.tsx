import { EmptyState, PageHeader } from '@inlet/ui';

export function MyEmailPage() {
  return (
    <>
      <PageHeader title="My email" description="Connect your own inbox so replies are logged and you can send from your own address." />
      <EmptyState title="You cannot connect your inbox yet">
        <p>
          This version of Inlet does not connect inboxes yet. When it does, you will connect Gmail, Microsoft 365, Exchange or
          any IMAP server here and see whether it is syncing.
        </p>
      </EmptyState>
    </>
  );
}

import { EmptyState, PageHeader } from '@inlet/ui';

export function ConnectedEmailsPage() {
  return (
    <>
      <PageHeader title="Connected emails" description="Every inbox connected in this workspace, with its sync health." />
      <EmptyState title="Connecting inboxes is not available yet">
        <p>
          This version of Inlet does not connect inboxes yet. When it does, every connected Gmail, Microsoft 365, Exchange and
          IMAP inbox in the workspace will be listed here, with its status and error history.
        </p>
        <p>Until then, prepare: preconfigure your domains under Domain settings and send your IT team the IP allowlist.</p>
      </EmptyState>
    </>
  );
}

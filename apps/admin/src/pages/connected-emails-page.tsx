import { EmptyState, PageHeader } from '@inlet/ui';

export function ConnectedEmailsPage() {
  return (
    <>
      <PageHeader title="Connected emails" description="Every inbox connected in this workspace, with its sync health." />
      <EmptyState title="The workspace list is not available yet">
        <p>
          People connect their own inboxes under My email, where each sees its status. This page will list every connected inbox in
          the workspace, with its status and error history, in a later version.
        </p>
        <p>Meanwhile, preconfigure your domains under Domain settings and send your IT team the IP allowlist.</p>
      </EmptyState>
    </>
  );
}

import { Button, EmptyState, PageHeader } from '@inlet/ui';
import { useEffect, useRef, useState } from 'react';
import { useQuery, useSubscription, type Client } from 'urql';
import { LoadErrorAlert } from '@/components/load-error-alert';
import { SearchField } from '@/components/search-field';
import { graphql } from '@/gql';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { DomainSettingsPanel, type DomainSettingsPanelTarget } from './domain-settings-panel';
import { DomainSettingsRow } from './domain-settings-row';
import { StatusMessage } from '@/components/status-message';
import { TableHead } from '@/components/table-head';

const PAGE_SIZE = 50;

const DomainSettingsPage_Query = graphql(`
  query DomainSettingsPage_Query($first: Int!, $after: String, $search: String) {
    domainSettingsList(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          ...DomainSettingsRow_DomainSettingsFragment
        }
      }
    }
  }
`);

const DomainSettingsPage_ChangedSubscription = graphql(`
  subscription DomainSettingsPage_ChangedSubscription {
    domainSettingsChanged {
      change
      id
      domain
    }
  }
`);

// An empty list holds no DomainSettings, so name the types whose mutation should refetch it.
const listContext = { additionalTypenames: ['DomainSettings', 'DomainSettingsDeleted'] };

/** Starts the page's first query (the first page, unsearched) before React renders the page (preloadPageOf). */
export function prefetch(client: Client): void {
  const firstPage = { first: PAGE_SIZE, after: null, search: null };
  void client
    .query(DomainSettingsPage_Query, firstPage, { ...listContext, prefetch: true })
    .toPromise();
}

export function DomainSettingsPage() {
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 250);
  // Relay pagination goes forward only; the stack of `after` cursors lets "Previous page" go back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1) ?? null;
  const [panel, setPanel] = useState<DomainSettingsPanelTarget | null>(null);
  const [status, setStatus] = useState('');
  const addButtonRef = useRef<HTMLButtonElement>(null);

  const [{ data, error, fetching }, reexecute] = useQuery({
    query: DomainSettingsPage_Query,
    variables: { first: PAGE_SIZE, after, search: search === '' ? null : search },
    context: listContext,
  });

  // Another admin's change: refetch, so this list is never silently out of date.
  const [{ data: changed }] = useSubscription({ query: DomainSettingsPage_ChangedSubscription });
  useEffect(() => {
    if (changed) reexecute({ requestPolicy: 'network-only' });
  }, [changed, reexecute]);

  const list = data?.domainSettingsList;
  const firstIndex = (cursors.length - 1) * PAGE_SIZE;

  const openAdd = () => {
    setStatus('');
    setPanel({ kind: 'new' });
  };
  const closePanel = () => setPanel(null);

  return (
    <>
      <PageHeader
        title="Domain settings"
        description="Preconfigure the servers of an email domain, so people with an address there connect without typing server details."
        actions={
          <Button ref={addButtonRef} variant="primary" onClick={openAdd}>
            Add domain
          </Button>
        }
      />

      <div className="toolbar">
        <SearchField
          label="Search domains"
          placeholder="example.com"
          className="toolbar__search"
          value={searchText}
          onChange={(event) => {
            setSearchText(event.target.value);
            setCursors([null]);
          }}
        />
        <StatusMessage message={status} />
      </div>

      {error && (
        <LoadErrorAlert
          title="The domain settings could not be loaded"
          error={error}
          reexecute={reexecute}
        />
      )}

      {!list && fetching && (
        <p role="status" className="muted">
          Loading domain settings…
        </p>
      )}

      {list && list.totalCount === 0 && search === '' && after === null && (
        <EmptyState
          title="No domain settings yet"
          action={
            <Button variant="primary" onClick={openAdd}>
              Add domain
            </Button>
          }
        >
          <p>
            Without them, Inlet detects each person's servers from their address. Add a domain to
            choose its IMAP and SMTP servers or its Exchange server yourself.
          </p>
        </EmptyState>
      )}

      {list && list.totalCount === 0 && search !== '' && (
        <EmptyState title={`No domains match “${search}”`} headingLevel={2}>
          <p>Search matches any part of a domain name.</p>
        </EmptyState>
      )}

      {list && list.edges.length > 0 && (
        <div className="card">
          <table className="data-table data-table--cards" aria-busy={fetching || undefined}>
            <caption className="ui-visually-hidden">Domain settings, ordered by domain</caption>
            <TableHead columns={['Domain', 'Kind', 'Servers', 'Updated']} />
            <tbody>
              {list.edges.map(({ node }) => (
                <DomainSettingsRow
                  key={node.id}
                  settings={node}
                  onEdit={(domain) => {
                    setStatus('');
                    setPanel({ kind: 'existing', domain });
                  }}
                />
              ))}
            </tbody>
          </table>
          <div className="table-footer">
            <span className="muted">
              {firstIndex + 1}–{firstIndex + list.edges.length} of {list.totalCount}
            </span>
            {(cursors.length > 1 || list.pageInfo.hasNextPage) && (
              <div className="table-footer__pager">
                <Button
                  size="sm"
                  disabled={cursors.length === 1}
                  onClick={() => setCursors((stack) => stack.slice(0, -1))}
                >
                  Previous page
                </Button>
                <Button
                  size="sm"
                  disabled={!list.pageInfo.hasNextPage || !list.pageInfo.endCursor}
                  onClick={() => setCursors((stack) => [...stack, list.pageInfo.endCursor ?? null])}
                >
                  Next page
                </Button>
              </div>
            )}
          </div>
        </div>
      )}

      <DomainSettingsPanel
        target={panel}
        returnFocusTo={() => addButtonRef.current}
        onCancel={closePanel}
        onEditExisting={(domain) => setPanel({ kind: 'existing', domain })}
        onSaved={(domain) => {
          closePanel();
          setStatus(`Saved the settings for ${domain}.`);
        }}
        onDeleted={(domain) => {
          closePanel();
          setStatus(`Deleted the settings for ${domain}.`);
        }}
      />
    </>
  );
}

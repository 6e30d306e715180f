import { Button, EmptyState, PageHeader } from '@inlet/ui';
import { useEffect, useId, useState, type MouseEvent } from 'react';
import { useClient, useQuery, useSubscription } from 'urql';
import { Link } from '@/components/link';
import { QueryStatus } from '@/components/query-status';
import { SearchField } from '@/components/search-field';
import { graphql } from '@/gql';
import { contactPath } from '@/lib/routes';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useLoadMore } from '@/lib/use-load-more';
import { navigate } from '@/lib/use-route';
import { EnrollSelectedContacts } from '@/pages/sequences/enroll-selected-contacts';
import { ComposePanel } from './compose-panel';
import { SentEmails } from './sent-emails';
import { useCompose } from './use-compose';
import { EmailAddress } from '@/components/email-address';
import { LoadMoreFooter } from '@/components/load-more-footer';

const PAGE_SIZE = 50;

const ContactsPage_Query = graphql(`
  query ContactsPage_Query($first: Int!, $after: String, $search: String) {
    contacts(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          email
          name
        }
      }
    }
  }
`);

const ContactsPage_ActivityLoggedSubscription = graphql(`
  subscription ContactsPage_ActivityLoggedSubscription {
    activityLogged {
      id
      contact {
        id
      }
    }
  }
`);

/**
 * Everyone the viewer's inboxes exchanged email with (admins: everyone's; the gateway applies the rule):
 * search, "Load more", and "New email".
 */
export function ContactsPage({ canManageWorkspace }: { canManageWorkspace: boolean }) {
  const id = useId();
  const client = useClient();
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 250);
  const variables = { first: PAGE_SIZE, after: null, search: search === '' ? null : search };
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ContactsPage_Query,
    variables,
    requestPolicy: 'cache-and-network',
  });
  const list = data?.contacts;
  const more = useLoadMore(search, list, async (after) => {
    const result = await client
      .query(ContactsPage_Query, { ...variables, after }, { requestPolicy: 'network-only' })
      .toPromise();
    return { data: result.data?.contacts, error: result.error };
  });
  const compose = useCompose();
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const tick = (contactId: string, on: boolean) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(contactId);
      else next.delete(contactId);
      return next;
    });

  // A contact appears with its first email or reply: refetch when an activity names one this list lacks.
  const [{ data: logged }] = useSubscription({ query: ContactsPage_ActivityLoggedSubscription });
  const knownIds = new Set(more.nodes.map((node) => node.id));
  const unknownContact =
    logged && !knownIds.has(logged.activityLogged.contact.id) ? logged.activityLogged.id : null;
  useEffect(() => {
    if (unknownContact) reexecute({ requestPolicy: 'network-only' });
  }, [unknownContact, reexecute]);

  // After "Load more", focus goes to the first contact it brought, so keyboard users carry on from there.
  useEffect(() => {
    if (more.firstLoadedId) document.getElementById(`${id}-contact-${more.firstLoadedId}`)?.focus();
  }, [more.firstLoadedId, id]);

  const newEmail = () => compose.start({ target: 'new' });

  return (
    <>
      <PageHeader
        title="Contacts"
        description={
          canManageWorkspace
            ? 'Everyone your team has emailed from Inlet, and everyone who replied. As an admin you see every user’s emails.'
            : 'Everyone you have emailed from Inlet, and everyone who replied. Open a contact to see your emails with them.'
        }
        actions={
          <Button variant="primary" onClick={newEmail}>
            New email
          </Button>
        }
      />

      <SentEmails
        emails={compose.sent}
        onWriteAgain={compose.writeAgain}
        onDismiss={compose.dismiss}
      />

      <div className="toolbar">
        <SearchField
          label="Search contacts"
          placeholder="Name or email address"
          className="toolbar__search"
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
        />
      </div>

      <QueryStatus
        error={error}
        loading={!list && fetching}
        failedTitle="The contacts could not be loaded"
        loadingText="Loading contacts…"
        reexecute={reexecute}
      />

      {list && list.totalCount === 0 && search === '' && (
        <EmptyState
          title="No contacts yet"
          action={
            <Button variant="primary" onClick={newEmail}>
              Write your first email
            </Button>
          }
        >
          <p>
            {canManageWorkspace
              ? 'A contact appears here as soon as anyone on the team emails someone from Inlet, or someone replies to such an email.'
              : 'A contact appears here as soon as you email someone from Inlet, or someone replies to an email you sent.'}
          </p>
        </EmptyState>
      )}

      {list && list.totalCount === 0 && search !== '' && (
        <EmptyState title={`No contacts match “${search}”`}>
          <p>Search matches any part of an email address or a name.</p>
        </EmptyState>
      )}

      <EnrollSelectedContacts contactIds={[...ticked]} onEnrolled={() => setTicked(new Set())} />

      {list && more.nodes.length > 0 && (
        <div className="card">
          <table
            className="data-table data-table--cards"
            aria-busy={fetching || more.loadingMore || undefined}
          >
            <caption className="ui-visually-hidden">Contacts, ordered by email address</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="ui-visually-hidden">Selected</span>
                </th>
                <th scope="col">Email address</th>
                <th scope="col">Name</th>
              </tr>
            </thead>
            <tbody>
              {more.nodes.map((contact) => (
                <tr
                  key={contact.id}
                  className="data-table__row data-table__row--clickable"
                  onClick={(event) => openFromRow(event, contact.id)}
                >
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${contact.email}`}
                      checked={ticked.has(contact.id)}
                      onChange={(event) => tick(contact.id, event.target.checked)}
                    />
                  </td>
                  <th scope="row">
                    <Link
                      id={`${id}-contact-${contact.id}`}
                      to={contactPath(contact.id)}
                      className="contact-link"
                    >
                      <EmailAddress address={contact.email} />
                    </Link>
                  </th>
                  <td data-label="Name">
                    {contact.name ?? <span className="muted">Not known</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <LoadMoreFooter more={more} totalCount={list.totalCount} noun="contacts" />
        </div>
      )}

      <ComposePanel compose={compose} />
    </>
  );
}

/** The whole row opens the contact for mouse users; keyboard and screen-reader users have the link. */
function openFromRow(event: MouseEvent<HTMLTableRowElement>, contactId: string) {
  if (event.target instanceof Element && event.target.closest('button, a, input')) return;
  if (window.getSelection()?.toString()) return;
  navigate(contactPath(contactId));
}

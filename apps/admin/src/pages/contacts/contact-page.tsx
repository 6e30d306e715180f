import { Alert, Button, EmptyState, PageHeader } from '@inlet/ui';
import { useEffect, useId, useMemo, useState } from 'react';
import { useClient, useQuery, useSubscription } from 'urql';
import { Link } from '@/components/link';
import { LoadErrorAlert } from '@/components/load-error-alert';
import { graphql, type FragmentType } from '@/gql';
import { paths } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { useLoadMore } from '@/lib/use-load-more';
import { useRoute } from '@/lib/use-route';
import { ContactEnrollments } from '@/pages/sequences/contact-enrollments';
import { useDocumentTitle } from '@/lib/use-document-title';
import { formatRecipient, replySubject } from './compose-form-model';
import { ComposePanel } from './compose-panel';
import { SentEmails } from './sent-emails';
import { TimelineEntry, type TimelineEntry_ActivityFragment } from './timeline-entry';
import { mergeTimeline, timelineTotal } from './timeline-model';
import { useCompose } from './use-compose';

const PAGE_SIZE = 20;

const ContactPage_Query = graphql(`
  query ContactPage_Query($id: ID!, $first: Int!, $after: String) {
    contact(id: $id) {
      id
      email
      name
      timeline(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            occurredAt
            ...TimelineEntry_ActivityFragment
          }
        }
      }
    }
  }
`);

const ContactPage_ActivityLoggedSubscription = graphql(`
  subscription ContactPage_ActivityLoggedSubscription {
    activityLogged {
      id
      type
      subject
      occurredAt
      contact {
        id
      }
      ...TimelineEntry_ActivityFragment
    }
  }
`);

type Activity = { id: string; occurredAt: string } & FragmentType<
  typeof TimelineEntry_ActivityFragment
>;

/** One contact: the email timeline (live) and compose; the viewer's own inboxes' emails only, unless an admin. */
export function ContactPage({ canManageWorkspace }: { canManageWorkspace: boolean }) {
  const route = useRoute();
  const contactId = route.search.get('id') ?? '';
  if (!contactId) return <ContactNotFound />;
  // A new page per contact: live arrivals and drafts of one are never shown on another.
  return (
    <ContactView key={contactId} contactId={contactId} canManageWorkspace={canManageWorkspace} />
  );
}

function ContactNotFound() {
  return (
    <>
      <BackLink />
      <PageHeader title="Contact not found" />
      <EmptyState title="There is no contact at this address">
        <p>
          It may have been removed. Find the person under <Link to={paths.contacts}>Contacts</Link>.
        </p>
      </EmptyState>
    </>
  );
}

function BackLink() {
  return (
    <Link to={paths.contacts} className="back-link">
      <span aria-hidden="true">← </span>Contacts
    </Link>
  );
}

function ContactView({
  contactId,
  canManageWorkspace,
}: {
  contactId: string;
  canManageWorkspace: boolean;
}) {
  const id = useId();
  const client = useClient();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ContactPage_Query,
    variables: { id: contactId, first: PAGE_SIZE, after: null },
    requestPolicy: 'cache-and-network',
  });
  const contact = data?.contact;
  const more = useLoadMore<Activity>(contactId, contact?.timeline, async (after) => {
    const result = await client
      .query(
        ContactPage_Query,
        { id: contactId, first: PAGE_SIZE, after },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    return { data: result.data?.contact?.timeline, error: result.error };
  });
  const compose = useCompose();

  // New activities on this contact (a reply logged from the inbox, an email sent from here or elsewhere) arrive live.
  const [live, setLive] = useState<Activity[]>([]);
  const [announcement, setAnnouncement] = useState('');
  useSubscription(
    { query: ContactPage_ActivityLoggedSubscription },
    (_previous: unknown, event) => {
      const activity = event.activityLogged;
      if (activity.contact.id !== contactId) return null;
      setLive((current) =>
        current.some((item) => item.id === activity.id) ? current : [activity, ...current],
      );
      // Emails sent from this page are announced by their outbox status; a reply is news.
      if (activity.type === 'REPLY')
        setAnnouncement(`New reply logged: “${activity.subject?.trim() || '(no subject)'}”.`);
      return null;
    },
  );

  const fetchedIds = useMemo(() => new Set(more.nodes.map((node) => node.id)), [more.nodes]);
  const liveIds = useMemo(() => new Set(live.map((item) => item.id)), [live]);
  const entries = useMemo(() => mergeTimeline(live, more.nodes), [live, more.nodes]);

  // After "Load older emails", focus goes to the first email it brought.
  useEffect(() => {
    if (more.firstLoadedId)
      document
        .getElementById(`${id}-entry-${more.firstLoadedId}`)
        ?.querySelector<HTMLElement>('button')
        ?.focus();
  }, [more.firstLoadedId, id]);

  useDocumentTitle(contact ? (contact.name ?? contact.email) : 'Contact');

  if (!data) {
    return (
      <>
        <BackLink />
        {error ? (
          <>
            <PageHeader title="Contact" />
            <LoadErrorAlert
              title="This contact could not be loaded"
              error={error}
              reexecute={reexecute}
            />
          </>
        ) : (
          <p role="status" className="muted">
            Loading the contact…
          </p>
        )}
      </>
    );
  }
  if (!contact) return <ContactNotFound />;

  const recipient = formatRecipient(contact.email, contact.name);
  const total = timelineTotal(contact.timeline.totalCount, live, fetchedIds);
  const headingId = `${id}-timeline`;

  return (
    <>
      <BackLink />
      <PageHeader
        title={contact.name ?? contact.email}
        description={contact.name ? contact.email : 'Name not known yet.'}
        actions={
          <Button
            variant="primary"
            onClick={() => compose.start({ target: `contact:${contact.id}`, to: recipient })}
          >
            Compose
          </Button>
        }
      />

      <SentEmails
        emails={compose.sent}
        onWriteAgain={compose.writeAgain}
        onDismiss={compose.dismiss}
      />

      <ContactEnrollments contactId={contact.id} />

      <section className="timeline-section" aria-labelledby={headingId}>
        <div className="timeline-section__header">
          <h2 id={headingId} className="section-title">
            Email timeline
          </h2>
          <span className="muted">
            {total} {total === 1 ? 'email' : 'emails'}, newest first
          </span>
        </div>
        <div role="status" className="ui-visually-hidden">
          {announcement}
        </div>

        {error && (
          <Alert tone="danger" title="The timeline could not be refreshed">
            {describeError(error)}
          </Alert>
        )}

        {entries.length === 0 ? (
          <EmptyState title="No emails yet" headingLevel={3}>
            <p>
              {canManageWorkspace ? 'Emails anyone on the team sends' : 'Emails you send'} to{' '}
              {contact.email} from Inlet, and their replies, appear here as they happen.
            </p>
          </EmptyState>
        ) : (
          <ol
            className="timeline"
            aria-label="Emails with this contact, newest first"
            aria-busy={fetching || more.loadingMore || undefined}
          >
            {entries.map((activity) => (
              <TimelineEntry
                key={activity.id}
                domId={`${id}-entry-${activity.id}`}
                contactEmail={contact.email}
                activity={activity}
                isNew={liveIds.has(activity.id) && !fetchedIds.has(activity.id)}
                onReply={(target) =>
                  compose.start({
                    target: `reply:${target.activityId}`,
                    to: recipient,
                    subject: replySubject(target.subject),
                    replyTo: target,
                  })
                }
              />
            ))}
          </ol>
        )}

        {more.hasNextPage && (
          <div className="timeline-section__more">
            <Button busy={more.loadingMore} onClick={() => void more.loadMore()}>
              Load older emails
            </Button>
          </div>
        )}
        {more.error && (
          <Alert tone="danger" title="Older emails could not be loaded">
            {describeError(more.error)}
          </Alert>
        )}
      </section>

      <ComposePanel compose={compose} />
    </>
  );
}

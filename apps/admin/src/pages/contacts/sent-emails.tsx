import { Alert, Badge, Button, VisuallyHidden } from '@inlet/ui';
import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '@/gql';
import type { OutboxStatus } from '@/gql/graphql';
import { formatDateTime } from '@/lib/format-date';
import { useFocusPageHeading } from '@/lib/page-heading';
import {
  describeRecipients,
  isFinalStatus,
  MAX_POLLS,
  outboxAnnouncement,
  outboxStatusLabels,
  POLL_INTERVAL_MS,
} from './outbox-status-model';
import type { SentEmail } from './use-compose';

const SentEmails_OutboxQuery = graphql(`
  query SentEmails_OutboxQuery($first: Int!) {
    outbox(first: $first) {
      id
      status
      attempts
      sentAt
      error {
        code
        message
        hint
      }
    }
  }
`);

/** Enough to find an email sent moments ago: the sending limits allow a handful per minute. */
const OUTBOX_WINDOW = 50;

interface OutboxState {
  status: OutboxStatus;
  attempts: number;
  sentAt: string | null;
  error: { code: string; message: string; hint: string } | null;
}

export interface SentEmailsProps {
  emails: readonly SentEmail[];
  onWriteAgain(email: SentEmail): void;
  onDismiss(id: string): void;
}

/**
 * The emails sent from this page and where each is in the outbox (queued, sending, sent or not sent),
 * followed live; every change is announced politely.
 */
export function SentEmails({ emails, onWriteAgain, onDismiss }: SentEmailsProps) {
  const [announcement, setAnnouncement] = useState('');
  // A dismissed entry takes its button with it: focus goes to the page heading.
  const focusPageHeading = useFocusPageHeading();

  return (
    <>
      <div role="status" className="ui-visually-hidden">
        {announcement}
      </div>
      {emails.length > 0 && (
        <ul className="sent-emails" aria-label="Emails you sent">
          {emails.map((email) => (
            <SentEmailItem
              key={email.id}
              email={email}
              onAnnounce={setAnnouncement}
              onWriteAgain={() => onWriteAgain(email)}
              onDismiss={() => {
                onDismiss(email.id);
                focusPageHeading();
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}

interface SentEmailItemProps {
  email: SentEmail;
  onAnnounce(text: string): void;
  onWriteAgain(): void;
  onDismiss(): void;
}

function SentEmailItem({ email, onAnnounce, onWriteAgain, onDismiss }: SentEmailItemProps) {
  const client = useClient();
  const [state, setState] = useState<OutboxState>({
    status: email.status,
    attempts: 0,
    sentAt: null,
    error: null,
  });
  const [round, setRound] = useState(0);
  const [gaveUp, setGaveUp] = useState(false);

  // Poll the outbox every second until the email is SENT or FAILED, at most MAX_POLLS times per round.
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let polls = 0;
    const poll = async () => {
      const result = await client
        .query(SentEmails_OutboxQuery, { first: OUTBOX_WINDOW }, { requestPolicy: 'network-only' })
        .toPromise();
      if (cancelled) return;
      const row = result.data?.outbox.find((item) => item.id === email.id);
      if (row)
        setState({
          status: row.status,
          attempts: row.attempts,
          sentAt: row.sentAt ?? null,
          error: row.error ?? null,
        });
      polls += 1;
      if (row && isFinalStatus(row.status)) return;
      if (polls >= MAX_POLLS) {
        setGaveUp(true);
        return;
      }
      timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
    };
    setGaveUp(false);
    void poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, email.id, round]);

  // Say each change once: the status, or a new temporary problem while it waits to be retried.
  const announcement = outboxAnnouncement({
    subject: email.subject,
    recipients: email.recipients,
    status: state.status,
    error: state.error,
  });
  useEffect(() => {
    onAnnounce(announcement);
  }, [announcement, onAnnounce]);

  const label = outboxStatusLabels[state.status];
  const to = describeRecipients(email.recipients);
  const dismiss = (
    <Button size="sm" variant="ghost" onClick={onDismiss}>
      Dismiss<VisuallyHidden> “{email.subject}”</VisuallyHidden>
    </Button>
  );

  if (state.status === 'FAILED') {
    return (
      <li className="sent-emails__item sent-emails__item--failed">
        <Alert
          tone="danger"
          role="none"
          title={`“${email.subject}” to ${to} was not sent`}
          actions={
            <>
              <Button size="sm" onClick={onWriteAgain}>
                Write it again
              </Button>
              {dismiss}
            </>
          }
        >
          {state.error ? (
            <>
              <p className="sent-emails__error">{state.error.message}</p>
              <p>{state.error.hint}</p>
            </>
          ) : (
            <p>Your mail server did not accept it.</p>
          )}
        </Alert>
      </li>
    );
  }

  return (
    <li className="sent-emails__item">
      <Badge tone={label.tone}>
        <VisuallyHidden>Status: </VisuallyHidden>
        {label.label}
      </Badge>
      <div className="sent-emails__text">
        <span className="sent-emails__subject">“{email.subject}”</span>{' '}
        <span className="muted">to {to}</span>
        {state.status === 'SENT' && state.sentAt && (
          <span className="muted">
            {' '}
            · <time dateTime={state.sentAt}>{formatDateTime(state.sentAt)}</time>
          </span>
        )}
        {state.status === 'QUEUED' && state.error && (
          <p className="sent-emails__retry">
            Not sent yet: {state.error.message} {state.error.hint} Inlet tries again shortly.
          </p>
        )}
        {gaveUp && !isFinalStatus(state.status) && (
          <p className="sent-emails__retry">
            Still {label.label.toLowerCase()}: Inlet keeps sending it in the background.
          </p>
        )}
      </div>
      <div className="sent-emails__actions">
        {gaveUp && !isFinalStatus(state.status) && (
          <Button size="sm" onClick={() => setRound((n) => n + 1)}>
            Check again
          </Button>
        )}
        {isFinalStatus(state.status) && dismiss}
      </div>
    </li>
  );
}

import { Alert, Button, Select, SidePanel, TextArea, TextField, VisuallyHidden } from '@inlet/ui';
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ChangeEvent,
  type FormEvent,
  type ReactNode,
} from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { Link } from '@/components/link';
import { LoadErrorAlert } from '@/components/load-error-alert';
import { MyEmailLink } from '@/components/my-email-link';
import { ProblemAlert, unplacedProblem, type Problem } from '@/components/problem-alert';
import { graphql } from '@/gql';
import type { ConnectionStatus } from '@/gql/graphql';
import { exactInput } from '@/lib/exact-input';
import { formatDateTime } from '@/lib/format-date';
import { paths } from '@/lib/routes';
import { describeError } from '@/lib/urql';
import { useFieldErrors } from '@/lib/use-field-errors';
import { isViewOnly, useViewerAccess } from '@/lib/viewer-access';
import { validationFailure } from '@/lib/validation-failed';
import {
  copiesSummary,
  firstInvalidField,
  fromOptionValue,
  needsCopies,
  placeFieldErrors,
  recipientAddresses,
  toSendEmailInput,
  type ComposeDraft,
  type ComposeErrors,
  type ComposeField,
} from './compose-form-model';
import { limitSentence } from './outbox-status-model';
import { activityTypeLabels } from './timeline-model';
import type { Compose, SentEmail } from './use-compose';

const ComposePanel_Query = graphql(`
  query ComposePanel_Query {
    myConnections {
      id
      email
      status
    }
  }
`);

const ComposePanel_FromAddressesQuery = graphql(`
  query ComposePanel_FromAddressesQuery($connectionId: ID!) {
    fromAddresses(connectionId: $connectionId)
  }
`);

const ComposePanel_SendMutation = graphql(`
  mutation ComposePanel_SendMutation($input: SendEmailInput!) {
    sendEmail(input: $input) {
      ... on OutboxEmail {
        id
        status
        subject
      }
      ...ValidationFailed_FieldsFragment
      ... on NotFound {
        message
      }
      ... on SendingLimitReached {
        message
        retryAfter
      }
      ... on ConnectRefused {
        message
        code
        hint
      }
    }
  }
`);

/** Connections in these states will most likely fail to send, and why in words. */
const unhealthyNotes: Partial<Record<ConnectionStatus, string>> = {
  NEEDS_REAUTH: 'needs reconnecting',
  ERROR: 'has a problem',
  DISABLED: 'is turned off',
};
const unhealthy = Object.keys(unhealthyNotes) as ConnectionStatus[];

interface Connection {
  id: string;
  email: string;
  status: ConnectionStatus;
}

interface FromOption {
  value: string;
  label: string;
  connection: Connection;
}

/** Every address of every connection (fromAddresses), the connection's own address until they arrive. */
function useFromOptions(connections: readonly Connection[] | undefined): FromOption[] {
  const client = useClient();
  const [addresses, setAddresses] = useState<Record<string, string[]>>({});
  const ids = connections?.map((c) => c.id).join(' ') ?? '';
  useEffect(() => {
    let cancelled = false;
    for (const id of ids.split(' ').filter(Boolean)) {
      void client
        .query(ComposePanel_FromAddressesQuery, { connectionId: id })
        .toPromise()
        .then((result) => {
          const list = result.data?.fromAddresses;
          if (!cancelled && list && list.length > 0)
            setAddresses((current) => ({ ...current, [id]: list }));
        });
    }
    return () => {
      cancelled = true;
    };
  }, [client, ids]);

  return useMemo(() => {
    // Working inboxes first: the first option is the default.
    const ordered = [...(connections ?? [])].sort(
      (a, b) => Number(unhealthy.includes(a.status)) - Number(unhealthy.includes(b.status)),
    );
    return ordered.flatMap((connection) =>
      (addresses[connection.id] ?? [connection.email]).map((address) => ({
        value: fromOptionValue(connection.id, address),
        label: address === connection.email ? address : `${address} (through ${connection.email})`,
        connection,
      })),
    );
  }, [connections, addresses]);
}

/**
 * Compose (or reply to) a one-to-one email in a side panel; the draft lives with the page (its
 * useCompose state), so closing loses nothing.
 */
export function ComposePanel({ compose }: { compose: Compose }) {
  const { draft, open } = compose;
  const replying = draft?.replyTo ?? null;
  return (
    <SidePanel
      open={open && draft !== null}
      onClose={compose.close}
      title={replying ? 'Reply' : 'New email'}
      description="Sent through your own inbox, from your own address, and logged on each recipient's timeline."
      className="compose-panel"
    >
      {draft && (
        <ComposeBody
          draft={draft}
          onChange={compose.update}
          onDiscard={compose.discard}
          onQueued={compose.queued}
        />
      )}
    </SidePanel>
  );
}

interface ComposeBodyProps {
  draft: ComposeDraft;
  onChange(draft: ComposeDraft): void;
  onDiscard(): void;
  onQueued(email: SentEmail): void;
}

function ComposeBody({ draft, onChange, onDiscard, onQueued }: ComposeBodyProps) {
  const context = useMemo(() => ({ additionalTypenames: ['Connection', 'ConnectionRemoved'] }), []);
  const viewOnly = isViewOnly(useViewerAccess());
  const [{ data, error }, reexecute] = useQuery({
    query: ComposePanel_Query,
    context,
    requestPolicy: 'cache-and-network',
  });

  // Checked first, and live: a seat turned view-only while writing keeps the draft but offers no Send.
  if (viewOnly) {
    return (
      <Alert tone="info" title="Your seat is view-only">
        <p>
          A view-only seat can read contacts and timelines but cannot send email. Ask an admin for a
          full seat if you need to send. Your draft is kept.
        </p>
      </Alert>
    );
  }
  if (!data) {
    if (error) {
      return (
        <LoadErrorAlert
          title="Your inboxes could not be loaded"
          error={error}
          reexecute={reexecute}
        />
      );
    }
    return (
      <p role="status" className="muted">
        Loading your inboxes…
      </p>
    );
  }
  return (
    <ComposeForm
      draft={draft}
      connections={data.myConnections}
      onChange={onChange}
      onDiscard={onDiscard}
      onQueued={onQueued}
      onConnectionGone={() => reexecute({ requestPolicy: 'network-only' })}
    />
  );
}

interface ComposeFormProps {
  draft: ComposeDraft;
  connections: readonly Connection[];
  onChange(draft: ComposeDraft): void;
  onDiscard(): void;
  onQueued(email: SentEmail): void;
  onConnectionGone(): void;
}

function ComposeForm({
  draft,
  connections,
  onChange,
  onDiscard,
  onQueued,
  onConnectionGone,
}: ComposeFormProps) {
  const formId = useId();
  const fieldId = (field: ComposeField) => `${formId}-${field}`;
  const copiesId = `${formId}-copies`;
  const copiesSummaryId = `${formId}-copies-summary`;
  const fromHintId = `${fieldId('from')}-hint`;
  const options = useFromOptions(connections);
  const fieldErrors = useFieldErrors(fieldId, firstInvalidField);
  const { errors } = fieldErrors;
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sending, setSending] = useState(false);
  const problemRef = useRef<HTMLDivElement>(null);
  const [, send] = useMutation(ComposePanel_SendMutation);
  // A second Send before the first has answered must not send again (it would carry the same key anyway).
  const inFlight = useRef(false);

  const selected = options.find((option) => option.value === draft.from) ?? options[0];
  const from = selected?.value ?? '';
  const noConnection = connections.length === 0;

  // The field to start in: the recipient when there is none yet, else the subject, or the message of a reply.
  const initialField: ComposeField =
    draft.to.trim() === ''
      ? 'to'
      : draft.replyTo && draft.subject.trim() !== ''
        ? 'text'
        : 'subject';
  const initialFocus = useRef(fieldId(initialField));
  useEffect(() => {
    document.getElementById(initialFocus.current)?.focus();
  }, []);

  // The alert announces itself (role="alert"); it sits by the Send button, which may be below the fold.
  useEffect(() => {
    if (problem) problemRef.current?.scrollIntoView({ block: 'nearest' });
  }, [problem]);

  const set = (field: ComposeField, value: string) => {
    onChange({ ...draft, [field]: value });
    fieldErrors.clear(field);
  };
  // What a text field takes from its name: id, value, change handler and the problem to show at it.
  const textField = (field: 'to' | 'cc' | 'bcc' | 'subject' | 'text') => ({
    id: fieldId(field),
    value: draft[field],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      set(field, event.target.value),
    error: errors[field],
  });

  const showErrors = (next: ComposeErrors) => {
    fieldErrors.show(next);
    if (needsCopies(next) && !draft.showCopies) onChange({ ...draft, showCopies: true });
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (inFlight.current) return;
    setProblem(null);
    const current = { ...draft, from };
    const checked = toSendEmailInput(current);
    if (!checked.ok) {
      showErrors(checked.errors);
      return;
    }
    fieldErrors.clearAll();
    inFlight.current = true;
    setSending(true);
    try {
      const result = await send({ input: checked.input });
      const outcome = result.data?.sendEmail;
      if (!outcome) {
        // A lost answer is the case the idempotency key is for: Send again cannot send it twice.
        setProblem(
          result.error?.networkError || !result.error
            ? {
                tone: 'danger',
                title: 'Inlet could not be reached',
                body: (
                  <p>
                    Check your connection and press Send again. Inlet sends this email only once,
                    even if the first try got through.
                  </p>
                ),
              }
            : {
                tone: 'danger',
                title: 'The email was not sent',
                body: <p>{describeError(result.error)}</p>,
              },
        );
        return;
      }
      switch (outcome.__typename) {
        case 'OutboxEmail':
          onQueued({
            id: outcome.id,
            subject: outcome.subject,
            recipients: recipientAddresses(checked.input),
            status: outcome.status,
            draft: current,
          });
          return;
        case 'ValidationFailed': {
          const failed = validationFailure(outcome);
          const placed = placeFieldErrors(failed.fields);
          showErrors(placed.errors);
          setProblem(unplacedProblem(failed.message, placed.unplaced));
          return;
        }
        case 'SendingLimitReached':
          setProblem({
            tone: 'warning',
            title: 'Sending limit reached',
            body: (
              <p>
                {limitSentence(outcome.message)} You can send again at{' '}
                <time dateTime={outcome.retryAfter}>{formatRetryTime(outcome.retryAfter)}</time>.
                Your email is kept here until then.
              </p>
            ),
          });
          return;
        case 'NotFound':
          onConnectionGone();
          setProblem({
            tone: 'danger',
            title: 'This inbox is no longer connected',
            body: (
              <p>
                It may have been disconnected meanwhile. Choose another address to send from, or
                connect the inbox again.
              </p>
            ),
            action: <MyEmailLink size="sm" />,
          });
          return;
        case 'ConnectRefused':
          setProblem({ tone: 'danger', title: outcome.message, body: <p>{outcome.hint}</p> });
          return;
      }
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };

  const fromHint: ReactNode = noConnection ? (
    <>
      No inbox connected yet: Inlet sends through your own inbox.{' '}
      <Link to={paths.connectEmail}>Connect personal email</Link>
    </>
  ) : selected && unhealthy.includes(selected.connection.status) ? (
    <>
      {selected.connection.email} {unhealthyNotes[selected.connection.status]}: sending may fail
      until it works again. Check it under <Link to={paths.myEmail}>My email</Link>.
    </>
  ) : undefined;

  const summary = draft.showCopies ? '' : copiesSummary(draft);
  const reply = draft.replyTo;

  return (
    <form
      className="settings-form compose-form"
      aria-label={reply ? 'Reply' : 'New email'}
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      {reply && (
        <Alert tone="info" role="none" title={`Replying to “${reply.subject ?? '(no subject)'}”`}>
          <p>
            {activityTypeLabels[reply.type].happened} on{' '}
            <time dateTime={reply.occurredAt}>{formatDateTime(reply.occurredAt)}</time>. Your reply
            joins the same conversation in the recipient's inbox.
          </p>
        </Alert>
      )}

      <Select
        id={fieldId('from')}
        label="From"
        options={
          noConnection
            ? [{ value: '', label: 'No inbox connected' }]
            : options.map(({ value, label }) => ({ value, label }))
        }
        value={from}
        onChange={(value) => set('from', value)}
        disabled={noConnection}
        hint={fromHint}
        error={errors.from}
      />

      <div className="compose-form__recipients">
        <TextField
          label="To"
          hint="Separate several addresses with commas."
          {...textField('to')}
          {...exactInput}
        />
        <div className="compose-form__copies-toggle">
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={draft.showCopies}
            aria-controls={copiesId}
            aria-describedby={summary ? copiesSummaryId : undefined}
            onClick={() => onChange({ ...draft, showCopies: !draft.showCopies })}
          >
            Cc/Bcc
          </Button>
          {summary && (
            <span id={copiesSummaryId} className="muted compose-form__copies-summary">
              {summary}
            </span>
          )}
        </div>
        <div id={copiesId} className="compose-form__copies" hidden={!draft.showCopies}>
          <TextField label="Cc" {...textField('cc')} {...exactInput} />
          <TextField
            label="Bcc"
            hint="Bcc recipients are hidden from the others; the copy in your Sent folder keeps them."
            {...textField('bcc')}
            {...exactInput}
          />
        </div>
      </div>

      <TextField label="Subject" {...textField('subject')} maxLength={998} />

      <TextArea label="Message" hint="Plain text." rows={12} {...textField('text')} />

      <div ref={problemRef} className="compose-form__problem">
        <ProblemAlert problem={problem} />
      </div>

      <div className="form-actions">
        <Button
          type="submit"
          variant="primary"
          busy={sending}
          disabled={noConnection}
          aria-describedby={noConnection ? fromHintId : undefined}
        >
          Send
        </Button>
        <Button variant="ghost" onClick={onDiscard}>
          Discard<VisuallyHidden> this email</VisuallyHidden>
        </Button>
        <span role="status" className="muted">
          {sending ? 'Sending…' : ''}
        </span>
      </div>
    </form>
  );
}

const retryTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** When sending is possible again, to the second (a per-minute limit ends within the minute). */
function formatRetryTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : retryTime.format(date);
}

import {
  Alert,
  Badge,
  Button,
  CheckboxGroup,
  CopyButton,
  EmptyState,
  PageHeader,
  Select,
  TextField,
} from '@inlet/ui';
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { LoadErrorAlert } from '@/components/load-error-alert';
import { RelativeTime } from '@/components/relative-time';
import { graphql } from '@/gql';
import type {
  WebhookDeliveryStatus,
  WebhookEventType,
  WebhooksPage_QueryQuery,
} from '@/gql/graphql';
import { describeError } from '@/lib/urql';
import { FormSubmit } from '@/components/form-submit';
import { TableHead } from '@/components/table-head';
import { validationFailure } from '@/lib/validation-failed';
import { CardForm } from '@/components/card-form';

const WebhooksPage_Query = graphql(`
  query WebhooksPage_Query {
    webhookEndpoints {
      id
      url
      description
      eventTypes
      connectionId
      userId
      previousSecretExpiresAt
      createdAt
      deliveries(first: 20) {
        id
        eventId
        eventType
        status
        attempts
        responseStatus
        lastError
        nextAttemptAt
        createdAt
      }
    }
    users {
      id
      name
      email
    }
    connectedEmails(first: 200) {
      edges {
        node {
          id
          email
        }
      }
    }
  }
`);

const WebhooksPage_CreateMutation = graphql(`
  mutation WebhooksPage_CreateMutation($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpointCreated {
        secret
        endpoint {
          id
        }
      }
      ...ValidationFailed_FieldsFragment
    }
  }
`);

const WebhooksPage_TestMutation = graphql(`
  mutation WebhooksPage_TestMutation($id: ID!) {
    sendTestWebhook(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

const WebhooksPage_RedeliverMutation = graphql(`
  mutation WebhooksPage_RedeliverMutation($id: ID!) {
    redeliverWebhook(deliveryId: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

const WebhooksPage_RotateMutation = graphql(`
  mutation WebhooksPage_RotateMutation($id: ID!) {
    rotateWebhookSecret(id: $id, overlapHours: 24) {
      __typename
      ... on WebhookSecretRotated {
        secret
      }
      ... on Error {
        message
      }
    }
  }
`);

const WebhooksPage_DeleteMutation = graphql(`
  mutation WebhooksPage_DeleteMutation($id: ID!) {
    deleteWebhookEndpoint(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

type Endpoint = WebhooksPage_QueryQuery['webhookEndpoints'][number];

/** Who and which connection an endpoint's events may be limited to, by id, for the form and the cards. */
interface FilterChoices {
  users: ReadonlyMap<string, string>;
  connections: ReadonlyMap<string, string>;
}

/** Choices by label, alphabetically (a Map keeps that order for the selects). */
function byLabel(entries: [string, string][]): ReadonlyMap<string, string> {
  return new Map(entries.sort(([, a], [, b]) => a.localeCompare(b)));
}

function filterChoicesOf(data: WebhooksPage_QueryQuery | undefined): FilterChoices {
  return {
    users: byLabel(data?.users.map((u) => [u.id, `${u.name} (${u.email})`]) ?? []),
    connections: byLabel(
      data?.connectedEmails.edges.map(({ node }) => [node.id, node.email]) ?? [],
    ),
  };
}

/** "Only …" for an endpoint with a filter, or null. */
function filterSentence(endpoint: Endpoint, choices: FilterChoices): string | null {
  const parts = [
    endpoint.userId && `user ${choices.users.get(endpoint.userId) ?? endpoint.userId}`,
    endpoint.connectionId &&
      `connection ${choices.connections.get(endpoint.connectionId) ?? endpoint.connectionId}`,
  ].filter(Boolean);
  return parts.length > 0 ? `Only events of ${parts.join(' and ')}.` : null;
}

const eventLabels: Record<Exclude<WebhookEventType, 'TEST'>, string> = {
  CONNECTION_STATUS_CHANGED: 'Connection status changed',
  SYNC_FINISHED: 'Folder sync finished',
  MESSAGE_SYNCED: 'Message synced',
  ACTIVITY_LOGGED: 'Activity logged',
  EMAIL_SENT: 'Email sent',
  EMAIL_FAILED: 'Email failed',
};
const eventOptions = Object.entries(eventLabels).map(([value, label]) => ({
  value: value as WebhookEventType,
  label,
}));

const statusTones: Record<WebhookDeliveryStatus, 'success' | 'warning' | 'danger' | 'neutral'> = {
  DELIVERED: 'success',
  PENDING: 'warning',
  SENDING: 'neutral',
  PARKED: 'danger',
};

/** SUPER_ADMIN and ADMIN: endpoints Inlet POSTs signed events to, and what happened to each delivery. */
export function WebhooksPage() {
  const [{ data, error }, reexecute] = useQuery({
    query: WebhooksPage_Query,
    requestPolicy: 'cache-and-network',
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const choices = useMemo(() => filterChoicesOf(data), [data]);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Inlet POSTs events to these URLs, signed with the endpoint's secret (see docs/api.md for the verification recipe). Failed deliveries are retried with backoff for about 17 hours, then parked."
      />
      {secret && (
        <Alert tone="success" title={secret.label}>
          <p>
            Copy it now: it is not shown again. <code>{secret.value}</code>{' '}
            <CopyButton text={secret.value} aria-label="Copy the signing secret" />
          </p>
        </Alert>
      )}
      <AddEndpointForm
        choices={choices}
        onCreated={(value) => {
          setSecret({ label: 'Endpoint added. Its signing secret:', value });
          refresh();
        }}
      />
      {error && !data && (
        <LoadErrorAlert
          title="The webhooks could not be loaded"
          error={error}
          reexecute={reexecute}
        />
      )}
      {data && data.webhookEndpoints.length === 0 && (
        <EmptyState title="No webhook endpoints yet">Add one above.</EmptyState>
      )}
      {data?.webhookEndpoints.map((endpoint) => (
        <EndpointCard
          key={endpoint.id}
          endpoint={endpoint}
          filter={filterSentence(endpoint, choices)}
          onChanged={refresh}
          onSecret={(value) => setSecret({ label: 'New signing secret:', value })}
        />
      ))}
    </>
  );
}

function AddEndpointForm({
  choices,
  onCreated,
}: {
  choices: FilterChoices;
  onCreated: (secret: string) => void;
}) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [userId, setUserId] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [eventTypes, setEventTypes] = useState<WebhookEventType[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(WebhooksPage_CreateMutation);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (fetching) return;
    setProblem(null);
    const result = await create({
      input: {
        url: url.trim(),
        eventTypes,
        description: description.trim() || null,
        userId: userId || null,
        connectionId: connectionId || null,
      },
    });
    const outcome = result.data?.createWebhookEndpoint;
    if (outcome?.__typename === 'WebhookEndpointCreated') {
      setErrors({});
      setUrl('');
      setDescription('');
      setEventTypes([]);
      setUserId('');
      setConnectionId('');
      onCreated(outcome.secret);
      return;
    }
    if (outcome?.__typename === 'ValidationFailed') {
      const { fields } = validationFailure(outcome);
      setErrors(Object.fromEntries(fields.map((f) => [f.field, f.message])));
      return;
    }
    setProblem(result.error ? describeError(result.error) : 'Try again.');
  };

  return (
    <CardForm label="Add a webhook endpoint" title="Add an endpoint" onSubmit={onSubmit}>
      <TextField
        label="URL"
        value={url}
        placeholder="https://example.com/hooks/inlet"
        spellCheck={false}
        error={errors.url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <CheckboxGroup
        legend="Events"
        options={eventOptions}
        value={eventTypes}
        onChange={setEventTypes}
        hint={errors.eventTypes}
      />
      <Select
        label="Only events of this user (optional)"
        hint="Events of this user's connections, and what they send."
        options={[
          { value: '', label: 'Any user' },
          ...[...choices.users].map(([value, label]) => ({ value, label })),
        ]}
        value={userId}
        error={errors.userId}
        onChange={setUserId}
      />
      <Select
        label="Only events of this connection (optional)"
        options={[
          { value: '', label: 'Any connection' },
          ...[...choices.connections].map(([value, label]) => ({ value, label })),
        ]}
        value={connectionId}
        error={errors.connectionId}
        onChange={setConnectionId}
      />
      <TextField
        label="Description (optional)"
        value={description}
        error={errors.description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <FormSubmit
        label="Add endpoint"
        busy={fetching}
        problem={problem}
        problemTitle="The endpoint was not added"
      />
    </CardForm>
  );
}

function EndpointCard({
  endpoint,
  filter,
  onChanged,
  onSecret,
}: {
  endpoint: Endpoint;
  filter: string | null;
  onChanged: () => void;
  onSecret: (secret: string) => void;
}) {
  const [status, setStatus] = useState('');
  const [, sendTest] = useMutation(WebhooksPage_TestMutation);
  const [, redeliver] = useMutation(WebhooksPage_RedeliverMutation);
  const [, rotate] = useMutation(WebhooksPage_RotateMutation);
  const [, remove] = useMutation(WebhooksPage_DeleteMutation);

  const act = async (
    run: () => Promise<{ data?: unknown; error?: Parameters<typeof describeError>[0] }>,
    done: string,
  ) => {
    const result = await run();
    setStatus(result.error ? describeError(result.error) : done);
    onChanged();
  };

  return (
    <section className="card" aria-label={`Webhook endpoint ${endpoint.url}`}>
      <h2 className="section-title">
        <code>{endpoint.url}</code>
      </h2>
      {endpoint.description && <p>{endpoint.description}</p>}
      {filter && <p>{filter}</p>}
      <p className="muted">
        {endpoint.eventTypes.map((t) => (t === 'TEST' ? 'Test' : eventLabels[t])).join(' · ')}
        {endpoint.previousSecretExpiresAt && (
          <>
            {' '}
            · previous secret valid until{' '}
            <RelativeTime dateTime={endpoint.previousSecretExpiresAt} />
          </>
        )}
      </p>
      <div className="connect-form__actions">
        <Button onClick={() => void act(() => sendTest({ id: endpoint.id }), 'Test event queued.')}>
          Send test event
        </Button>
        <Button
          onClick={() =>
            void (async () => {
              const result = await rotate({ id: endpoint.id });
              const outcome = result.data?.rotateWebhookSecret;
              if (outcome?.__typename === 'WebhookSecretRotated') onSecret(outcome.secret);
              else setStatus(result.error ? describeError(result.error) : 'Not rotated.');
              onChanged();
            })()
          }
        >
          Rotate secret
        </Button>
        <Button
          variant="danger"
          onClick={() => void act(() => remove({ id: endpoint.id }), 'Endpoint removed.')}
        >
          Remove
        </Button>
        <p role="status" className="status-message">
          {status}
        </p>
      </div>
      {endpoint.deliveries.length === 0 ? (
        <p className="muted">No deliveries yet.</p>
      ) : (
        <table className="data-table">
          <caption className="muted">Recent deliveries</caption>
          <TableHead
            columns={['When', 'Event', 'Status', 'Attempts', 'Response']}
            hiddenLast="Actions"
          />
          <tbody>
            {endpoint.deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  <RelativeTime dateTime={d.createdAt} />
                </td>
                <td>
                  {d.eventType} <code className="muted">{d.eventId.slice(0, 8)}</code>
                </td>
                <td>
                  <Badge tone={statusTones[d.status]}>{d.status}</Badge>
                </td>
                <td>{d.attempts}</td>
                <td>{d.responseStatus ?? d.lastError ?? '—'}</td>
                <td>
                  <Button
                    variant="ghost"
                    disabled={d.status === 'SENDING'}
                    onClick={() =>
                      void act(() => redeliver({ id: d.id }), 'Delivery queued again.')
                    }
                  >
                    Redeliver
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

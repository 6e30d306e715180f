import {
  Alert,
  Badge,
  Button,
  Checkbox,
  EmptyState,
  PageHeader,
  Select,
  TextArea,
  TextField,
} from '@inlet/ui';
import { useState } from 'react';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { LoadErrorAlert } from '@/components/load-error-alert';
import { getFragmentData, graphql } from '@/gql';
import type { SequenceDelayUnit } from '@/gql/graphql';
import { describeError } from '@/lib/urql';
import { EnrollmentActions } from './enrollment-actions';
import {
  draftOf,
  newSequenceDraft,
  newStep,
  parseAddresses,
  percent,
  sequenceInput,
  type SequenceDraft,
} from './sequence-form-model';
import { EnrollOutcomeView, useEnrollContacts } from './use-enroll-contacts';
import { TableHead } from '@/components/table-head';

const SequencesPage_Query = graphql(`
  query SequencesPage_Query {
    sequences {
      id
      name
      shared
      owner {
        email
      }
      steps {
        position
      }
      figures {
        enrolled
        active
        replied
        replyRate
        bounced
      }
    }
    myConnections {
      id
      email
    }
    contacts(first: 200) {
      edges {
        node {
          id
          email
        }
      }
    }
  }
`);

const SequencesPage_Saved = graphql(`
  fragment SequencesPage_Saved on SequenceResult {
    __typename
    ... on Sequence {
      id
    }
    ... on Error {
      message
    }
    ... on ValidationFailed {
      fields {
        field
        message
      }
    }
  }
`);

const SequencesPage_Create = graphql(`
  mutation SequencesPage_Create($input: SequenceInput!) {
    createSequence(input: $input) {
      ...SequencesPage_Saved
    }
  }
`);

const SequencesPage_Update = graphql(`
  mutation SequencesPage_Update($id: ID!, $input: SequenceInput!) {
    updateSequence(id: $id, input: $input) {
      ...SequencesPage_Saved
    }
  }
`);

const SequencesPage_Sequence = graphql(`
  query SequencesPage_Sequence($id: ID!) {
    sequence(id: $id) {
      id
      name
      shared
      settings {
        connectionId
        timeZone
        windowStartMinute
        windowEndMinute
        businessDaysOnly
        stopOnAutoReply
      }
      steps {
        subject
        body
        delayAmount
        delayUnit
        replyInThread
      }
    }
  }
`);

const SequencesPage_Preview = graphql(`
  query SequencesPage_Preview($subject: String!, $body: String!, $contactId: ID!) {
    previewSequenceStep(subject: $subject, body: $body, contactId: $contactId) {
      subject
      body
      missingPlaceholders
      unknownPlaceholders
    }
  }
`);

const SequencesPage_Enrollments = graphql(`
  query SequencesPage_Enrollments($id: ID!) {
    sequence(id: $id) {
      id
      name
      enrollments(first: 50) {
        id
        status
        pauseDetail
        nextRunAt
        nextStep {
          position
        }
        contact {
          id
          email
        }
      }
    }
  }
`);

const SequencesPage_Changed = graphql(`
  subscription SequencesPage_Changed {
    enrollmentChanged {
      id
      status
    }
  }
`);

const delayUnits = [
  { value: 'HOURS', label: 'hours' },
  { value: 'BUSINESS_DAYS', label: 'business days' },
] as const satisfies readonly { value: SequenceDelayUnit; label: string }[];

/** Sequences with their figures, a new-sequence editor with live preview, and enrollment. */
export function SequencesPage() {
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: SequencesPage_Query,
    requestPolicy: 'cache-and-network',
  });
  const client = useClient();
  // The sequence being edited (id null: a new one).
  const [editing, setEditing] = useState<{ id: string | null; draft: SequenceDraft } | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const edit = async (id: string) => {
    setLoadFailure(null);
    const result = await client
      .query(SequencesPage_Sequence, { id }, { requestPolicy: 'network-only' })
      .toPromise();
    const sequence = result.data?.sequence;
    if (sequence) setEditing({ id, draft: draftOf(sequence) });
    else
      setLoadFailure(
        result.error ? describeError(result.error) : 'This sequence no longer exists.',
      );
  };
  // Figures change with every enrollment event: refetch on each.
  useSubscription({ query: SequencesPage_Changed }, (_prev, event) => {
    reexecute({ requestPolicy: 'network-only' });
    return event;
  });
  const connections = data?.myConnections ?? [];

  return (
    <>
      <PageHeader
        title="Sequences"
        description="Timed series of one-to-one emails sent from your own inbox. A contact leaves the sequence as soon as they reply."
        actions={
          <Button
            variant="primary"
            disabled={connections.length === 0}
            onClick={() =>
              setEditing({ id: null, draft: newSequenceDraft(connections[0]?.id ?? '') })
            }
          >
            New sequence
          </Button>
        }
      />
      {error && (
        <LoadErrorAlert title="Sequences could not be loaded" error={error} reexecute={reexecute} />
      )}
      {!data && fetching && (
        <p role="status" className="muted">
          Loading sequences…
        </p>
      )}
      {loadFailure && (
        <Alert tone="danger" title="The sequence could not be opened">
          {loadFailure}
        </Alert>
      )}
      {editing && data && (
        <SequenceEditor
          sequenceId={editing.id}
          draft={editing.draft}
          onChange={(draft) => setEditing({ ...editing, draft })}
          connections={connections}
          contacts={data.contacts.edges.map((e) => e.node)}
          onDone={(id) => {
            setEditing(null);
            setSelected(id);
            reexecute({ requestPolicy: 'network-only' });
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {data && data.sequences.length === 0 && !editing && (
        <EmptyState title="No sequences yet">
          <p>
            {connections.length === 0
              ? 'Connect your inbox first: sequences send from it.'
              : 'Create one to send a series of emails that stops when the contact replies.'}
          </p>
        </EmptyState>
      )}
      {data && data.sequences.length > 0 && (
        <div className="card">
          <table className="data-table">
            <caption className="ui-visually-hidden">Sequences and their figures</caption>
            <TableHead
              columns={[
                'Sequence',
                'Steps',
                'Enrolled',
                'Active',
                'Replied',
                'Reply rate',
                'Bounced',
              ]}
              hiddenLast="Actions"
            />
            <tbody>
              {data.sequences.map((s) => (
                <tr key={s.id} className="data-table__row">
                  <th scope="row">
                    <Button size="sm" variant="ghost" onClick={() => setSelected(s.id)}>
                      {s.name}
                    </Button>{' '}
                    {s.shared && <Badge>Shared</Badge>}
                  </th>
                  <td>{s.steps.length}</td>
                  <td>{s.figures.enrolled}</td>
                  <td>{s.figures.active}</td>
                  <td>{s.figures.replied}</td>
                  <td>{percent(s.figures.replyRate)}</td>
                  <td>{s.figures.bounced}</td>
                  <td>
                    <Button size="sm" aria-label={`Edit ${s.name}`} onClick={() => void edit(s.id)}>
                      Edit
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && <SequenceEnrollments key={selected} id={selected} />}
    </>
  );
}

function SequenceEditor({
  sequenceId,
  draft,
  onChange,
  connections,
  contacts,
  onDone,
  onCancel,
}: {
  /** Null: a new sequence. */
  sequenceId: string | null;
  draft: SequenceDraft;
  onChange: (draft: SequenceDraft) => void;
  connections: readonly { id: string; email: string }[];
  contacts: readonly { id: string; email: string }[];
  onDone: (id: string) => void;
  onCancel: () => void;
}) {
  const [{ fetching: creating }, create] = useMutation(SequencesPage_Create);
  const [{ fetching: updating }, update] = useMutation(SequencesPage_Update);
  const title = sequenceId ? `Edit ${draft.name || 'sequence'}` : 'New sequence';
  const [problems, setProblems] = useState<{ field: string; message: string }[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [previewStep, setPreviewStep] = useState(0);
  const [previewContact, setPreviewContact] = useState(contacts[0]?.id ?? '');
  const step = draft.steps[previewStep] ?? draft.steps[0]!;
  const [{ data: preview }] = useQuery({
    query: SequencesPage_Preview,
    variables: { subject: step.subject, body: step.body, contactId: previewContact },
    pause: !previewContact,
  });
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const setStep = (i: number, patch: Partial<SequenceDraft['steps'][number]>) =>
    onChange({
      ...draft,
      steps: draft.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)),
    });

  const save = async () => {
    setFailure(null);
    const input = sequenceInput(draft);
    const result = sequenceId ? await update({ id: sequenceId, input }) : await create({ input });
    const outcome = getFragmentData(
      SequencesPage_Saved,
      result.data && 'updateSequence' in result.data
        ? result.data.updateSequence
        : result.data?.createSequence,
    );
    if (outcome?.__typename === 'Sequence') return onDone(outcome.id);
    if (outcome?.__typename === 'ValidationFailed') setProblems([...outcome.fields]);
    setFailure(
      outcome && 'message' in outcome
        ? outcome.message
        : result.error
          ? describeError(result.error)
          : 'No answer from Inlet.',
    );
  };

  return (
    <section className="card" aria-label={sequenceId ? 'Edit sequence' : 'New sequence'}>
      <h2>{title}</h2>
      {failure && (
        <Alert tone="danger" title="The sequence was not saved">
          {failure}
        </Alert>
      )}
      <TextField
        label="Name"
        value={draft.name}
        error={problemOf('name')}
        onChange={(e) => onChange({ ...draft, name: e.target.value })}
      />
      <Select
        label="Send from"
        value={draft.connectionId}
        options={connections.map((c) => ({ value: c.id, label: c.email }))}
        onChange={(connectionId) => onChange({ ...draft, connectionId })}
        error={problemOf('connectionId')}
      />
      <TextField
        label="Time zone"
        value={draft.timeZone}
        error={problemOf('timeZone')}
        onChange={(e) => onChange({ ...draft, timeZone: e.target.value })}
      />
      <TextField
        label="Send from (local time)"
        type="time"
        value={draft.windowStart}
        error={problemOf('windowStartMinute')}
        onChange={(e) => onChange({ ...draft, windowStart: e.target.value })}
      />
      <TextField
        label="Send until (local time)"
        type="time"
        value={draft.windowEnd}
        error={problemOf('windowEndMinute')}
        onChange={(e) => onChange({ ...draft, windowEnd: e.target.value })}
      />
      <Checkbox
        label="Business days only"
        checked={draft.businessDaysOnly}
        onChange={(e) => onChange({ ...draft, businessDaysOnly: e.target.checked })}
      />
      <Checkbox
        label="Stop on an out-of-office auto-reply"
        checked={draft.stopOnAutoReply}
        onChange={(e) => onChange({ ...draft, stopOnAutoReply: e.target.checked })}
      />
      <Checkbox
        label="Share with the workspace"
        checked={draft.shared}
        onChange={(e) => onChange({ ...draft, shared: e.target.checked })}
      />
      {draft.steps.map((s, i) => (
        <fieldset key={i} className="card">
          <legend>Step {i + 1}</legend>
          {i > 0 && (
            <Checkbox
              label="Reply in the same thread"
              checked={s.replyInThread}
              onChange={(e) => setStep(i, { replyInThread: e.target.checked })}
            />
          )}
          {!(i > 0 && s.replyInThread) && (
            <TextField
              label={`Step ${i + 1} subject`}
              value={s.subject}
              error={problemOf(`steps.${i}.subject`)}
              onChange={(e) => setStep(i, { subject: e.target.value })}
              onFocus={() => setPreviewStep(i)}
            />
          )}
          <TextArea
            label={`Step ${i + 1} body`}
            value={s.body}
            rows={6}
            error={problemOf(`steps.${i}.body`)}
            onChange={(e) => setStep(i, { body: e.target.value })}
            onFocus={() => setPreviewStep(i)}
          />
          <TextField
            label={i === 0 ? 'Wait before sending' : 'Wait after the previous step'}
            type="number"
            min={0}
            max={365}
            value={s.delayAmount}
            error={problemOf(`steps.${i}.delayAmount`)}
            onChange={(e) => setStep(i, { delayAmount: e.target.value })}
          />
          <Select
            label="Unit"
            value={s.delayUnit}
            options={delayUnits}
            onChange={(delayUnit) => setStep(i, { delayUnit })}
          />
          {draft.steps.length > 1 && (
            <Button
              size="sm"
              onClick={() => onChange({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}
            >
              Remove step {i + 1}
            </Button>
          )}
        </fieldset>
      ))}
      <Button
        size="sm"
        onClick={() => onChange({ ...draft, steps: [...draft.steps, newStep(false)] })}
      >
        Add a step
      </Button>

      <section aria-label="Preview" className="card">
        <h3>Preview of step {previewStep + 1}</h3>
        {contacts.length === 0 ? (
          <p className="muted">A preview needs a contact; none yet.</p>
        ) : (
          <Select
            label="For contact"
            value={previewContact}
            options={contacts.map((c) => ({ value: c.id, label: c.email }))}
            onChange={setPreviewContact}
          />
        )}
        {preview?.previewSequenceStep && (
          <div data-testid="step-preview">
            {preview.previewSequenceStep.unknownPlaceholders.length > 0 && (
              <Alert tone="danger" title="Unknown placeholders">
                {preview.previewSequenceStep.unknownPlaceholders.map((t) => `{{${t}}}`).join(', ')}
              </Alert>
            )}
            {preview.previewSequenceStep.missingPlaceholders.length > 0 && (
              <Alert tone="warning" title="No value for this contact">
                {preview.previewSequenceStep.missingPlaceholders.map((t) => `{{${t}}}`).join(', ')}{' '}
                — the enrollment would pause at this step.
              </Alert>
            )}
            {preview.previewSequenceStep.subject !== null && (
              <p>
                <strong>{preview.previewSequenceStep.subject}</strong>
              </p>
            )}
            {preview.previewSequenceStep.body !== null && (
              <pre className="preview-body">{preview.previewSequenceStep.body}</pre>
            )}
          </div>
        )}
      </section>
      <div className="form-actions">
        <Button variant="primary" busy={creating || updating} onClick={() => void save()}>
          Save sequence
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </section>
  );
}

function SequenceEnrollments({ id }: { id: string }) {
  const [{ data, error }, reexecute] = useQuery({
    query: SequencesPage_Enrollments,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  useSubscription({ query: SequencesPage_Changed }, (_prev, event) => {
    reexecute({ requestPolicy: 'network-only' });
    return event;
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [addresses, setAddresses] = useState('');
  const enrolling = useEnrollContacts(refresh);

  const submit = async () => {
    const enrolled = await enrolling.enroll({ sequenceId: id, emails: parseAddresses(addresses) });
    if (enrolled > 0) setAddresses('');
  };

  if (error)
    return (
      <LoadErrorAlert title="Enrollments could not be loaded" error={error} reexecute={reexecute} />
    );
  const sequence = data?.sequence;
  if (!sequence) return null;
  return (
    <section className="card" aria-label={`Enrollments of ${sequence.name}`}>
      <h2>{sequence.name}: enrollments</h2>
      <TextArea
        label="Enroll contacts (email addresses, one per line)"
        value={addresses}
        rows={3}
        onChange={(e) => setAddresses(e.target.value)}
      />
      <Button busy={enrolling.fetching} onClick={() => void submit()}>
        Enroll
      </Button>
      <EnrollOutcomeView enrolling={enrolling} />
      <table className="data-table">
        <caption className="ui-visually-hidden">Enrollments</caption>
        <TableHead columns={['Contact', 'Status', 'Next step']} hiddenLast="Actions" />
        <tbody>
          {sequence.enrollments.map((e) => (
            <tr key={e.id} className="data-table__row">
              <th scope="row">{e.contact.email}</th>
              <td>
                <Badge>{e.status.toLowerCase()}</Badge>{' '}
                {e.pauseDetail && <span className="muted">{e.pauseDetail}</span>}
              </td>
              <td>
                {e.nextStep
                  ? `Step ${e.nextStep.position + 1}${
                      e.nextRunAt ? `, due ${new Date(e.nextRunAt).toLocaleString()}` : ', sending'
                    }`
                  : '—'}
              </td>
              <td>
                <EnrollmentActions
                  id={e.id}
                  status={e.status}
                  who={e.contact.email}
                  onChanged={refresh}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

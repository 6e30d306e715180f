import { Badge, Button, Select } from '@inlet/ui';
import { useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '@/gql';
import { describeError } from '@/lib/urql';

const ContactEnrollments_Query = graphql(`
  query ContactEnrollments_Query($id: ID!) {
    contact(id: $id) {
      id
      enrollments {
        id
        status
        pauseDetail
        nextRunAt
        nextStep {
          position
          subject
        }
        sequence {
          id
          name
        }
      }
    }
    sequences {
      id
      name
    }
  }
`);

const ContactEnrollments_Enroll = graphql(`
  mutation ContactEnrollments_Enroll($input: EnrollContactsInput!) {
    enrollContacts(input: $input) {
      __typename
      ... on EnrollmentBatch {
        enrolled {
          id
        }
        refused {
          code
          message
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const ContactEnrollments_Changed = graphql(`
  subscription ContactEnrollments_Changed {
    enrollmentChanged {
      id
      status
    }
  }
`);

/** A contact's sequences: each enrollment with its next step (live), and "Enroll" in another. */
export function ContactEnrollments({ contactId }: { contactId: string }) {
  const [{ data }, reexecute] = useQuery({
    query: ContactEnrollments_Query,
    variables: { id: contactId },
    requestPolicy: 'cache-and-network',
  });
  useSubscription({ query: ContactEnrollments_Changed }, (_prev, event) => {
    reexecute({ requestPolicy: 'network-only' });
    return event;
  });
  const [sequenceId, setSequenceId] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [{ fetching }, enroll] = useMutation(ContactEnrollments_Enroll);
  const sequences = data?.sequences ?? [];
  const chosen = sequenceId || sequences[0]?.id || '';

  const submit = async () => {
    const result = await enroll({
      input: { sequenceId: chosen, contactIds: [contactId], confirmRecentReplies: confirm },
    });
    const batch = result.data?.enrollContacts;
    if (batch?.__typename === 'EnrollmentBatch') {
      const refusal = batch.refused[0];
      setConfirm(refusal?.code === 'RECENTLY_REPLIED');
      setMessage(
        refusal
          ? refusal.code === 'RECENTLY_REPLIED'
            ? `${refusal.message} Select Enroll again to confirm.`
            : refusal.message
          : 'Enrolled.',
      );
      reexecute({ requestPolicy: 'network-only' });
    } else {
      setMessage(
        batch && 'message' in batch
          ? batch.message
          : result.error
            ? describeError(result.error)
            : 'No answer from Inlet.',
      );
    }
  };

  return (
    <section className="timeline-section" aria-label="Sequences">
      <h2 className="section-title">Sequences</h2>
      {data?.contact?.enrollments.length === 0 && (
        <p className="muted">Not in any sequence you can see.</p>
      )}
      <ul>
        {data?.contact?.enrollments.map((e) => (
          <li key={e.id}>
            {e.sequence.name} <Badge>{e.status.toLowerCase()}</Badge>{' '}
            {e.nextStep && (
              <span className="muted">
                Next: step {e.nextStep.position + 1}
                {e.nextRunAt ? `, due ${new Date(e.nextRunAt).toLocaleString()}` : ', sending'}
              </span>
            )}
            {e.pauseDetail && <span className="muted"> {e.pauseDetail}</span>}
          </li>
        ))}
      </ul>
      {sequences.length > 0 && (
        <div className="toolbar">
          <Select
            label="Sequence"
            value={chosen}
            options={sequences.map((s) => ({ value: s.id, label: s.name }))}
            onChange={setSequenceId}
          />
          <Button busy={fetching} onClick={() => void submit()}>
            Enroll
          </Button>
        </div>
      )}
      {message && (
        <p role="status" className="muted">
          {message}
        </p>
      )}
    </section>
  );
}

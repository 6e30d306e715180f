import { Badge, Button, Select } from '@inlet/ui';
import { useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '@/gql';
import { EnrollmentActions } from './enrollment-actions';
import { EnrollOutcomeView, useEnrollContacts } from './use-enroll-contacts';

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
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const enrolling = useEnrollContacts(refresh);
  const sequences = data?.sequences ?? [];
  const chosen = sequenceId || sequences[0]?.id || '';

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
            {e.pauseDetail && <span className="muted"> {e.pauseDetail}</span>}{' '}
            <EnrollmentActions
              id={e.id}
              status={e.status}
              who={e.sequence.name}
              onChanged={refresh}
            />
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
          <Button
            busy={enrolling.fetching}
            onClick={() => void enrolling.enroll({ sequenceId: chosen, contactIds: [contactId] })}
          >
            Enroll
          </Button>
        </div>
      )}
      <EnrollOutcomeView enrolling={enrolling} />
    </section>
  );
}

import { Button, Select } from '@inlet/ui';
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '@/gql';
import { EnrollOutcomeView, useEnrollContacts } from './use-enroll-contacts';

const EnrollSelectedContacts_Sequences = graphql(`
  query EnrollSelectedContacts_Sequences {
    sequences {
      id
      name
    }
  }
`);

/** "Enroll in sequence" for the contacts ticked in a list (up to 500 at a time, the gateway's limit). */
export function EnrollSelectedContacts({
  contactIds,
  onEnrolled,
}: {
  contactIds: readonly string[];
  onEnrolled: () => void;
}) {
  const [{ data }] = useQuery({ query: EnrollSelectedContacts_Sequences });
  const [sequenceId, setSequenceId] = useState('');
  const enrolling = useEnrollContacts(onEnrolled);
  const sequences = data?.sequences ?? [];
  const chosen = sequenceId || sequences[0]?.id || '';
  if (contactIds.length === 0 && !enrolling.outcome) return null;
  return (
    <section className="card" aria-label="Enroll selected contacts">
      {contactIds.length > 0 &&
        (sequences.length === 0 ? (
          <p className="muted">
            {contactIds.length} selected. Create a sequence first to enroll them.
          </p>
        ) : (
          <div className="toolbar">
            <Select
              label={`Sequence for the ${contactIds.length} selected`}
              value={chosen}
              options={sequences.map((s) => ({ value: s.id, label: s.name }))}
              onChange={setSequenceId}
            />
            <Button
              variant="primary"
              busy={enrolling.fetching}
              onClick={() =>
                void enrolling.enroll({ sequenceId: chosen, contactIds: [...contactIds] })
              }
            >
              Enroll in sequence
            </Button>
          </div>
        ))}
      <EnrollOutcomeView enrolling={enrolling} />
    </section>
  );
}

import { Alert, Button } from '@inlet/ui';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '@/gql';
import { describeError } from '@/lib/urql';
import { enrollOutcome, type EnrollOutcome } from './enroll-outcome';

const EnrollContacts_Mutation = graphql(`
  mutation EnrollContacts_Mutation($input: EnrollContactsInput!) {
    enrollContacts(input: $input) {
      __typename
      ... on EnrollmentBatch {
        enrolled {
          id
        }
        refused {
          contactId
          email
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

export interface EnrollRequest {
  sequenceId: string;
  contactIds?: string[];
  emails?: string[];
}

/**
 * Enrolls contacts in a sequence. Those who replied recently are refused by the gateway until the user
 * confirms: `confirm()` enrolls exactly them with the confirmation.
 */
export function useEnrollContacts(onEnrolled: () => void) {
  const [{ fetching }, mutate] = useMutation(EnrollContacts_Mutation);
  const [outcome, setOutcome] = useState<(EnrollOutcome & { sequenceId: string }) | null>(null);

  const run = async (request: EnrollRequest, confirmRecentReplies: boolean) => {
    const result = await mutate({ input: { ...request, confirmRecentReplies } });
    const batch = result.data?.enrollContacts;
    if (batch?.__typename === 'EnrollmentBatch') {
      setOutcome({ ...enrollOutcome(batch), sequenceId: request.sequenceId });
      if (batch.enrolled.length > 0) onEnrolled();
      return batch.enrolled.length;
    }
    setOutcome({
      sequenceId: request.sequenceId,
      recentlyReplied: [],
      message:
        batch && 'message' in batch
          ? batch.message
          : result.error
            ? describeError(result.error)
            : 'No answer from Inlet.',
    });
    return 0;
  };

  return {
    fetching,
    outcome,
    enroll: (request: EnrollRequest) => run(request, false),
    confirm: () =>
      outcome &&
      run(
        {
          sequenceId: outcome.sequenceId,
          contactIds: outcome.recentlyReplied.map((c) => c.contactId),
        },
        true,
      ),
    dismiss: () => setOutcome(null),
  };
}

/** The outcome of enrolling, with "Enroll anyway" for contacts who replied recently. */
export function EnrollOutcomeView({
  enrolling,
}: {
  enrolling: ReturnType<typeof useEnrollContacts>;
}) {
  const { outcome } = enrolling;
  if (!outcome) return null;
  const recent = outcome.recentlyReplied;
  return (
    <>
      <p role="status" className="muted">
        {outcome.message}
      </p>
      {recent.length > 0 && (
        <Alert tone="warning" title="Replied recently: enroll anyway?">
          <p>
            {recent.map((c) => c.email).join(', ')} {recent.length === 1 ? 'has' : 'have'} replied
            to you in the last days. Enrolling sends them the sequence all the same.
          </p>
          <div className="form-actions">
            <Button busy={enrolling.fetching} onClick={() => void enrolling.confirm()}>
              Enroll anyway
            </Button>
            <Button onClick={enrolling.dismiss}>Don’t enroll</Button>
          </div>
        </Alert>
      )}
    </>
  );
}

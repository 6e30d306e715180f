import { Button } from '@inlet/ui';
import { useState } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '@/gql';
import type { EnrollmentStatus } from '@/gql/graphql';
import { describeError } from '@/lib/urql';

const EnrollmentActions_Pause = graphql(`
  mutation EnrollmentActions_Pause($id: ID!) {
    pauseEnrollment(id: $id) {
      __typename
      ... on Enrollment {
        id
        status
      }
      ... on Error {
        message
      }
    }
  }
`);

const EnrollmentActions_Resume = graphql(`
  mutation EnrollmentActions_Resume($id: ID!) {
    resumeEnrollment(id: $id) {
      __typename
      ... on Enrollment {
        id
        status
      }
      ... on Error {
        message
      }
    }
  }
`);

const EnrollmentActions_Unenroll = graphql(`
  mutation EnrollmentActions_Unenroll($id: ID!) {
    unenroll(id: $id) {
      __typename
      ... on Enrollment {
        id
        status
      }
      ... on Error {
        message
      }
    }
  }
`);

type Outcome =
  | { __typename: 'Enrollment' }
  | { __typename: 'NotFound' | 'ValidationFailed'; message: string }
  | undefined;

/** Pause / Resume and Unenroll (asked twice: nothing more is ever sent) for a live enrollment. */
export function EnrollmentActions({
  id,
  status,
  who,
  onChanged,
}: {
  id: string;
  status: EnrollmentStatus;
  /** The contact, for the buttons' accessible names. */
  who: string;
  onChanged: () => void;
}) {
  const [pause, doPause] = useMutation(EnrollmentActions_Pause);
  const [resume, doResume] = useMutation(EnrollmentActions_Resume);
  const [unenroll, doUnenroll] = useMutation(EnrollmentActions_Unenroll);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (status !== 'ACTIVE' && status !== 'PAUSED') return null;

  const settle = (outcome: Outcome, error: CombinedError | undefined) => {
    if (outcome?.__typename === 'Enrollment') return onChanged();
    setFailure(
      outcome && 'message' in outcome
        ? outcome.message
        : error
          ? describeError(error)
          : 'No answer from Inlet.',
    );
  };
  const act = async (run: () => Promise<[Outcome, CombinedError | undefined]>) => {
    setFailure(null);
    settle(...(await run()));
  };

  return (
    <span className="toolbar">
      {status === 'ACTIVE' ? (
        <Button
          size="sm"
          busy={pause.fetching}
          aria-label={`Pause ${who}`}
          onClick={() =>
            void act(async () => {
              const r = await doPause({ id });
              return [r.data?.pauseEnrollment, r.error];
            })
          }
        >
          Pause
        </Button>
      ) : (
        <Button
          size="sm"
          busy={resume.fetching}
          aria-label={`Resume ${who}`}
          onClick={() =>
            void act(async () => {
              const r = await doResume({ id });
              return [r.data?.resumeEnrollment, r.error];
            })
          }
        >
          Resume
        </Button>
      )}
      {confirming ? (
        <>
          <Button
            size="sm"
            variant="danger"
            busy={unenroll.fetching}
            aria-label={`Confirm: unenroll ${who}`}
            onClick={() =>
              void act(async () => {
                const r = await doUnenroll({ id });
                return [r.data?.unenroll, r.error];
              })
            }
          >
            Unenroll: nothing more is sent
          </Button>
          <Button size="sm" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </>
      ) : (
        <Button size="sm" aria-label={`Unenroll ${who}`} onClick={() => setConfirming(true)}>
          Unenroll
        </Button>
      )}
      {failure && (
        <span role="alert" className="ui-field__error">
          {failure}
        </span>
      )}
    </span>
  );
}

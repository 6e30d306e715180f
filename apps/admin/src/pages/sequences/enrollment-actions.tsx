import { Button } from '@inlet/ui';
import { useState, type ReactNode } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import type { EnrollmentStatus } from '@/gql/graphql';
import { describeError } from '@/lib/urql';

const EnrollmentActions_Outcome = graphql(`
  fragment EnrollmentActions_Outcome on EnrollmentResult {
    __typename
    ... on Enrollment {
      id
      status
    }
    ... on Error {
      message
    }
  }
`);

const EnrollmentActions_Pause = graphql(`
  mutation EnrollmentActions_Pause($id: ID!) {
    pauseEnrollment(id: $id) {
      ...EnrollmentActions_Outcome
    }
  }
`);

const EnrollmentActions_Resume = graphql(`
  mutation EnrollmentActions_Resume($id: ID!) {
    resumeEnrollment(id: $id) {
      ...EnrollmentActions_Outcome
    }
  }
`);

const EnrollmentActions_Unenroll = graphql(`
  mutation EnrollmentActions_Unenroll($id: ID!) {
    unenroll(id: $id) {
      ...EnrollmentActions_Outcome
    }
  }
`);

type Outcome = FragmentType<typeof EnrollmentActions_Outcome> | undefined;

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

  /** One button that runs one of the three mutations and reports its outcome. */
  const action = (
    label: string,
    children: ReactNode,
    busy: boolean,
    run: () => Promise<[Outcome, CombinedError | undefined]>,
    variant?: 'danger',
  ) => (
    <Button
      size="sm"
      variant={variant}
      busy={busy}
      aria-label={label}
      onClick={() =>
        void (async () => {
          setFailure(null);
          const [masked, error] = await run();
          const outcome = getFragmentData(EnrollmentActions_Outcome, masked);
          if (outcome?.__typename === 'Enrollment') return onChanged();
          setFailure(
            outcome && 'message' in outcome
              ? outcome.message
              : error
                ? describeError(error)
                : 'No answer from Inlet.',
          );
        })()
      }
    >
      {children}
    </Button>
  );

  return (
    <span className="toolbar">
      {status === 'ACTIVE'
        ? action(`Pause ${who}`, 'Pause', pause.fetching, async () => {
            const r = await doPause({ id });
            return [r.data?.pauseEnrollment, r.error];
          })
        : action(`Resume ${who}`, 'Resume', resume.fetching, async () => {
            const r = await doResume({ id });
            return [r.data?.resumeEnrollment, r.error];
          })}
      {confirming ? (
        <>
          {action(
            `Confirm: unenroll ${who}`,
            'Unenroll: nothing more is sent',
            unenroll.fetching,
            async () => {
              const r = await doUnenroll({ id });
              return [r.data?.unenroll, r.error];
            },
            'danger',
          )}
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

import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { checkNote } from '@/lib/check-note';

export const CheckNowResult_CheckFragment = graphql(`
  fragment CheckNowResult_CheckFragment on ConnectionCheck {
    state
    requestedAt
    finishedAt
    newMessages
    error {
      message
      hint
    }
  }
`);

export interface CheckNowResultProps {
  check: FragmentType<typeof CheckNowResult_CheckFragment> | null | undefined;
  /** The request itself failed (not found, offline): said instead of the stored check. */
  problem?: string | null;
  className?: string;
}

/**
 * What the last "Check now" did, in a polite live region: running, then its result, which stays (it
 * is the connection's, so every console watching it shows the same, and a reload keeps it).
 */
export function CheckNowResult({ check: checkRef, problem, className }: CheckNowResultProps) {
  const note = checkNote(getFragmentData(CheckNowResult_CheckFragment, checkRef));
  const tone = problem ? 'problem' : note?.tone;
  return (
    <div
      role="status"
      className={['check-now-result', tone && `check-now-result--${tone}`, className]
        .filter(Boolean)
        .join(' ')}
    >
      {problem ? (
        <p className="check-now-result__text">{problem}</p>
      ) : (
        note && (
          <>
            <p className="check-now-result__text">{note.text}</p>
            {note.hint && <p className="check-now-result__hint">{note.hint}</p>}
          </>
        )
      )}
    </div>
  );
}
